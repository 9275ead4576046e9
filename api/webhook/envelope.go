package webhook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
)

// Envelope is one delivery as the API sends it: {event, timestamp?,
// sessionId?, data}.
type Envelope struct {
	Event     string          // the name as sent
	Kind      string          // Canonical(Event)
	Timestamp time.Time       // zero when absent or unreadable
	SessionID string          // sessionId as sent; the docs put the session's API key here
	Data      json.RawMessage // nil when absent

	messages      []Message
	dataSessionID string // data.session_id
}

// maxEventName bounds what a sender can make us print as an event name.
const maxEventName = 200

// ErrNoEvent is the error for a JSON object without an event name.
var ErrNoEvent = errors.New(`the body has no "event" name`)

// Decode reads an envelope. The body must be a JSON object with a non-empty
// string "event"; everything else is optional and read tolerantly.
func Decode(body []byte) (*Envelope, error) {
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) == 0 {
		return nil, errors.New("the body is empty")
	}
	if trimmed[0] != '{' {
		return nil, fmt.Errorf("the body is not a JSON object (it starts with %s)", jsonKind(trimmed))
	}
	var raw struct {
		Event     json.RawMessage `json:"event"`
		Timestamp json.RawMessage `json:"timestamp"`
		SessionID json.RawMessage `json:"sessionId"`
		Data      json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("the body is not valid JSON: %v (at byte %d)", se, se.Offset)
		}
		return nil, fmt.Errorf("the body is not valid JSON: %v", err)
	}
	name, ok := jsonString(raw.Event)
	name = strings.TrimSpace(name)
	switch {
	case len(raw.Event) > 0 && !ok && !bytes.Equal(raw.Event, []byte("null")):
		return nil, fmt.Errorf(`"event" must be a string, not %s`, jsonKind(raw.Event))
	case name == "":
		return nil, ErrNoEvent
	case len(name) > maxEventName:
		return nil, fmt.Errorf(`"event" is %d bytes long; an event name has at most %d`, len(name), maxEventName)
	}
	e := &Envelope{Event: name, Kind: Canonical(name), Timestamp: decodeTime(raw.Timestamp), SessionID: scalar(raw.SessionID)}
	if len(raw.Data) > 0 && !bytes.Equal(raw.Data, []byte("null")) {
		// Point into the body rather than keep a copy: the same bytes are
		// the same value, wherever they are found.
		e.Data = raw.Data
		if i := bytes.Index(body, raw.Data); i >= 0 {
			e.Data = body[i : i+len(raw.Data) : i+len(raw.Data)]
		}
		e.messages = readMessages(e)
	}
	return e, nil
}

// decodeTime reads unix seconds, milliseconds (the docs use both), micro-
// or nanoseconds, as a number or a numeric string, or an RFC 3339 string.
func decodeTime(raw json.RawMessage) time.Time {
	s := strings.TrimSpace(string(raw))
	if len(s) > 0 && s[0] == '"' {
		unq, ok := jsonString(raw)
		if !ok {
			return time.Time{}
		}
		if t, err := time.Parse(time.RFC3339Nano, unq); err == nil {
			return t
		}
		s = strings.TrimSpace(unq)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v <= 0 || math.IsInf(v, 0) || math.IsNaN(v) || v > 9e18 {
		return time.Time{}
	}
	switch {
	case v >= 1e17:
		return time.Unix(0, int64(v))
	case v >= 1e14:
		return time.UnixMicro(int64(v))
	case v >= 1e11:
		return time.UnixMilli(int64(v))
	}
	sec, frac := math.Modf(v)
	return time.Unix(int64(sec), int64(frac*1e9))
}

// object is a decoded JSON object whose values are decoded on demand.
type object map[string]json.RawMessage

func asObject(raw json.RawMessage) (object, bool) {
	raw = bytes.TrimLeft(raw, " \t\r\n")
	if len(raw) == 0 || raw[0] != '{' {
		return nil, false
	}
	var o object
	if json.Unmarshal(raw, &o) != nil {
		return nil, false
	}
	return o, true
}

func asArray(raw json.RawMessage) ([]json.RawMessage, bool) {
	raw = bytes.TrimLeft(raw, " \t\r\n")
	if len(raw) == 0 || raw[0] != '[' {
		return nil, false
	}
	var a []json.RawMessage
	if json.Unmarshal(raw, &a) != nil {
		return nil, false
	}
	return a, true
}

// str reads a string or a number as text; anything else is "".
func (o object) str(k string) string { return scalar(o[k]) }

func (o object) obj(k string) (object, bool) { return asObject(o[k]) }

func (o object) has(k string) bool { _, ok := o[k]; return ok }

func (o object) flag(k string) bool {
	switch strings.TrimSpace(string(o[k])) {
	case "true", "1", `"true"`:
		return true
	}
	return false
}

func scalar(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return ""
	}
	if raw[0] == '"' {
		s, _ := jsonString(raw)
		return s
	}
	if raw[0] == '-' || (raw[0] >= '0' && raw[0] <= '9') {
		return string(raw)
	}
	return ""
}

// jsonString unquotes a JSON string; most have no escapes and are sliced.
// Every string read from a delivery comes through here, and comes out
// clean (api.Clean), as everything the api package decodes.
func jsonString(raw json.RawMessage) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return "", false
	}
	inner := raw[1 : len(raw)-1]
	plain := true
	for _, c := range inner {
		if c < 0x20 || c == '"' || c == '\\' || c >= 0x7f {
			plain = false
			break
		}
	}
	if plain {
		return string(inner), true
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return api.Clean(s), true
}

func jsonKind(b []byte) string {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return "nothing"
	}
	switch b[0] {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	if b[0] == '-' || (b[0] >= '0' && b[0] <= '9') {
		return "a number"
	}
	return fmt.Sprintf("%q", string(b[:min(len(b), 8)]))
}
