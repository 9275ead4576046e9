package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The API is inconsistent about JSON types (api-behaviour.md §8): ids arrive
// as numbers or strings, timestamps in four shapes, booleans occasionally as
// 0/1. These types accept every shape seen so one odd field never fails a
// whole response.

var jsonNull = []byte("null")

// typeError reports a JSON value of the wrong kind as a
// *json.UnmarshalTypeError, so encoding/json adds the field path
// ("data.items.creation") and decode errors can say which field was wrong.
func typeError(b []byte, target any) error {
	return &json.UnmarshalTypeError{Value: jsonKind(b), Type: reflect.TypeOf(target).Elem()}
}

// jsonKind describes a raw JSON value briefly: `string "abc"`, `object`.
func jsonKind(b []byte) string {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return "nothing"
	}
	short := func(b []byte) string {
		if len(b) > 24 {
			return string(b[:24]) + "…"
		}
		return string(b)
	}
	switch b[0] {
	case '"':
		return "string " + short(b)
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	}
	return "number " + short(b)
}

// jsonString unquotes a JSON string literal (escapes included). Most
// strings have no escapes and are sliced out directly; the rest go through
// encoding/json, which also replaces invalid UTF-8 as it always does.
func jsonString(b []byte) (string, bool) {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return "", false
	}
	inner := b[1 : len(b)-1]
	plain := true
	for _, c := range inner {
		if c < 0x20 || c == '"' || c == '\\' || c >= utf8.RuneSelf {
			plain = false
			break
		}
	}
	if plain {
		return string(inner), true
	}
	var s string
	if json.Unmarshal(b, &s) != nil {
		return "", false
	}
	return s, true
}

// ID is an identifier the API sends either as a number or as a string;
// decoded, it is clean (Clean), as Text and Status are.
type ID string

func (id *ID) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, jsonNull):
		*id = ""
	case len(b) > 0 && b[0] == '"':
		s, ok := jsonString(b)
		if !ok {
			return typeError(b, id)
		}
		*id = ID(strings.TrimSpace(Clean(s)))
	case isDigits(b):
		*id = ID(b)
	default:
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return typeError(b, id)
		}
		*id = ID(n.String())
	}
	return nil
}

func isDigits(b []byte) bool {
	if len(b) == 0 || len(b) > 1 && b[0] == '0' { // JSON has no leading zeros
		return false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func (id ID) String() string { return string(id) }

// Int returns the id as an integer when it is one.
func (id ID) Int() (int64, bool) {
	n, err := strconv.ParseInt(string(id), 10, 64)
	return n, err == nil
}

// Less orders ids numerically when both are numbers, else as strings.
func (id ID) Less(o ID) bool {
	a, okA := id.Int()
	b, okB := o.Int()
	if okA && okB {
		return a < b
	}
	return id < o
}

// Compare is Less as slices.SortFunc wants it: -1, 0 or 1.
func (id ID) Compare(o ID) int {
	switch {
	case id.Less(o):
		return -1
	case o.Less(id):
		return 1
	}
	return 0
}

// Int is an integer that may arrive as a JSON number, a numeric string or null.
type Int int64

func (n *Int) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, jsonNull) || bytes.Equal(b, []byte(`""`)) {
		*n = 0
		return nil
	}
	raw := b
	if s, ok := jsonString(b); ok {
		raw = []byte(strings.TrimSpace(s))
	}
	v, ok := parseInt(string(raw))
	if !ok {
		return typeError(b, n)
	}
	*n = Int(v)
	return nil
}

// parseInt reads an integer written as digits or as a float with an integral
// part in range ("42", "42.0", "1e3"); NaN, infinities and out-of-range values
// are refused rather than converted to garbage.
func parseInt(s string) (int64, bool) {
	if v, err := strconv.ParseInt(s, 10, 64); err == nil {
		return v, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f >= 1<<63 || f < -(1<<63) {
		return 0, false
	}
	// Only decimal notation: ParseFloat also takes "0x1p3", "Inf" and "1_0".
	for _, r := range s {
		if !strings.ContainsRune("0123456789+-.eE", r) {
			return 0, false
		}
	}
	return int64(f), true
}

// Bool is a boolean that may arrive as true/false, 0/1, "true"/"1" or null.
type Bool bool

func (v *Bool) UnmarshalJSON(b []byte) error {
	switch string(b) { // the common literals, without allocating
	case "true":
		*v = true
		return nil
	case "false", "null":
		*v = false
		return nil
	}
	switch strings.ToLower(strings.Trim(string(bytes.TrimSpace(b)), `"`)) {
	case "true", "1", "yes", "on":
		*v = true
	case "false", "0", "no", "off", "null", "":
		*v = false
	default:
		return typeError(b, v)
	}
	return nil
}

// Text is a string that may be null, or (tolerating sloppy servers) a
// number. Decoded, it is clean (Clean): control and format characters
// cannot reach whoever draws, copies or writes it.
type Text string

func (t *Text) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, jsonNull):
		*t = ""
	case len(b) > 0 && b[0] == '"':
		s, ok := jsonString(b)
		if !ok {
			return typeError(b, t)
		}
		*t = Text(Clean(s))
	default: // a number, or an object or array kept as its JSON text
		*t = Text(Clean(string(b)))
	}
	return nil
}

func (t Text) String() string { return string(t) }

// Time accepts RFC 3339 (with or without fractional seconds), the Laravel
// "2006-01-02 15:04:05" form (read as UTC), and unix seconds or milliseconds
// as a number or a string.
type Time struct{ time.Time }

var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02",
}

// spaceLayouts are the Laravel forms, told apart by the space at index 10.
var spaceLayouts = []string{
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
}

func (t *Time) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, jsonNull) {
		t.Time = time.Time{}
		return nil
	}
	s := string(b)
	if len(b) > 0 && b[0] == '"' {
		var ok bool
		if s, ok = jsonString(b); !ok {
			return typeError(b, t)
		}
	} else if len(b) == 0 || !(b[0] == '-' || b[0] >= '0' && b[0] <= '9') {
		return typeError(b, t) // objects, arrays, booleans
	}
	parsed, err := parseTime(strings.TrimSpace(s))
	if err != nil {
		return typeError(b, t)
	}
	t.Time = parsed
	return nil
}

func (t Time) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return jsonNull, nil
	}
	return json.Marshal(t.UTC().Format(time.RFC3339Nano))
}

// parseTime reads any timestamp shape the API uses; "" is the zero time.
func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if n, ok := numeric(s); ok {
		switch {
		case n == 0: // "creation": 0 means unknown, not 1970
			return time.Time{}, nil
		case n > 1e12 || n < -1e12: // milliseconds (webhook payloads use them)
			return time.UnixMilli(n).UTC(), nil
		}
		return time.Unix(n, 0).UTC(), nil
	}
	layouts := timeLayouts
	if len(s) > 10 && s[10] == ' ' {
		layouts = spaceLayouts
	}
	for _, layout := range layouts {
		if tm, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return tm, nil
		}
	}
	return time.Time{}, fmt.Errorf("unrecognised timestamp %q", s)
}

// numeric is parseInt for strings made only of number characters, so that
// dates do not pay for two failed number parses.
func numeric(s string) (int64, bool) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && c != '-' && c != '+' && c != '.' && c != 'e' && c != 'E' {
			return 0, false
		}
	}
	return parseInt(s)
}

// Status is a session or message status. The API spells the same state in
// upper and lower case depending on the endpoint, so compare with Is.
type Status string

// Session states seen across the docs and SDKs.
const (
	StatusConnected    = "connected"
	StatusConnecting   = "connecting"
	StatusDisconnected = "disconnected"
	StatusNeedScan     = "need_scan"
	StatusNeedPasskey  = "need_passkey"
	StatusLoggedOut    = "logged_out"
	StatusExpired      = "expired"
	StatusInitialized  = "initialized"
)

// Message log states.
const (
	StatusSent       = "sent"
	StatusInProgress = "in_progress"
	StatusFailed     = "failed"
)

func (s *Status) UnmarshalJSON(b []byte) error {
	var t Text
	if err := t.UnmarshalJSON(b); err != nil {
		return err
	}
	*s = Status(strings.TrimSpace(string(t))) // clean already, as every Text
	return nil
}

// Norm is the lower-case form used for comparisons and display.
func (s Status) Norm() string { return strings.ToLower(string(s)) }

// Is reports whether s is the given state, ignoring case.
func (s Status) Is(state string) bool { return strings.EqualFold(string(s), state) }

func (s Status) String() string { return string(s) }
