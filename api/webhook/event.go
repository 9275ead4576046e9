package webhook

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
)

// Event is a verified delivery.
type Event struct {
	*Envelope
	Session    Session   // the session whose secret signed it
	ReceivedAt time.Time // when the receiver accepted it
	Seq        uint64    // 1, 2, 3… in the order the receiver accepted events
	Repeat     bool      // the same event was delivered before
	Forwarded  bool      // relayed by another wasender-tui (ForwardedHeader)
	Body       []byte    // the body byte for byte

	signature string // the header as received: the session's secret
	apiKey    string // the session's API key when known, to mask it
}

// size is what holding the event costs, roughly.
func (e *Event) size() int { return len(e.Body) + 512 }

// Field is a field JSON adds to the envelope.
type Field struct {
	Name  string
	Value any
}

// JSON is the envelope as received on one line, with the given fields set
// at the end (replacing fields of the same name). The session's API key is
// a secret: sessionId, and any string equal to the key, are passed through
// mask. Control, bidi and format characters are written as \u escapes
// (api.SafeJSON): the values are the same, the bytes safe to print.
func (e *Event) JSON(mask func(secret string) string, add ...Field) []byte {
	body := e.Body
	if e.apiKey != "" {
		body = bytes.ReplaceAll(body, []byte(`"`+e.apiKey+`"`), quote(mask(e.apiKey)))
	}
	replaced := map[string]bool{}
	for _, f := range add {
		replaced[f.Name] = true
	}
	var out bytes.Buffer
	out.WriteByte('{')
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	n := 0
	write := func(name string, value []byte) {
		if n > 0 {
			out.WriteByte(',')
		}
		out.Write(quote(name))
		out.WriteByte(':')
		_ = json.Compact(&out, value)
		n++
	}
	if tok, err := dec.Token(); err == nil && tok == json.Delim('{') {
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				break
			}
			name, _ := tok.(string)
			var value json.RawMessage
			if dec.Decode(&value) != nil {
				break
			}
			if replaced[name] {
				continue
			}
			if name == "sessionId" {
				if s, ok := jsonString(value); ok && s != "" {
					value = quote(mask(s))
				}
			}
			write(name, value)
		}
	}
	for _, f := range add {
		v, err := json.Marshal(f.Value)
		if err == nil {
			write(f.Name, v)
		}
	}
	out.WriteByte('}')
	return api.SafeJSON(out.Bytes()) // as received, but what a terminal would act on written as \u escapes
}

// Annotated is the event as `events --json` prints it: JSON (mask hides
// the API key) with "session" (the id), "received_at" and, for a
// redelivery, "repeat": true.
func (e *Event) Annotated(mask func(secret string) string) []byte {
	fields := []Field{{Name: "session", Value: e.Session.ID}, {Name: "received_at", Value: e.ReceivedAt.UTC().Format(time.RFC3339Nano)}}
	if e.Repeat {
		fields = append(fields, Field{Name: "repeat", Value: true})
	}
	return e.JSON(mask, fields...)
}

func quote(s string) []byte {
	b, _ := json.Marshal(s)
	return b
}
