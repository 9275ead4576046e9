package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Error is a failed API call: the HTTP status, the API's own words and
// whatever the body or headers said about validation and rate limits.
type Error struct {
	Op         string // what was attempted, e.g. "list sessions"
	Method     string
	Path       string
	Status     int
	Message    string              // the API's words: message, else error, else the status text
	Fields     map[string][]string // 422 validation errors by field
	RetryAfter time.Duration       // from retry_after or Retry-After
	RateLimit  RateLimit
	Credential Credential // the credential that was sent
	Snippet    string     // first bytes of a body that was not the expected JSON
	Hint       string     // what to do about it, when the client knows

	cause error // the network or context error behind it, for errors.Is
}

// Unwrap returns the network or context error behind e, if any, so that
// errors.Is(err, context.Canceled) works on a cancelled call.
func (e *Error) Unwrap() error { return e.cause }

func (e *Error) Error() string {
	var b strings.Builder
	if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(": ")
	}
	b.WriteString(e.Message)
	if len(e.Fields) > 0 {
		b.WriteString(" (")
		b.WriteString(e.fieldSummary())
		b.WriteString(")")
	}
	var detail []string
	if e.Status != 0 {
		detail = append(detail, fmt.Sprintf("HTTP %d", e.Status))
	}
	if e.Status == http.StatusUnauthorized && e.Credential != CredNone {
		detail = append(detail, "the "+e.Credential.String()+" was rejected")
	}
	if e.RetryAfter > 0 {
		detail = append(detail, "retry in "+e.RetryAfter.Round(time.Second).String())
	}
	if e.Snippet != "" {
		detail = append(detail, fmt.Sprintf("body starts %q", e.Snippet))
	}
	if e.Hint != "" {
		detail = append(detail, e.Hint)
	}
	if len(detail) > 0 {
		b.WriteString(" [")
		b.WriteString(strings.Join(detail, "; "))
		b.WriteString("]")
	}
	return Clean(b.String()) // whatever was put in e, its text is clean
}

// fieldSummary lists field errors as "field: message" in field order.
func (e *Error) fieldSummary() string {
	names := make([]string, 0, len(e.Fields))
	for f := range e.Fields {
		names = append(names, f)
	}
	sort.Strings(names)
	parts := make([]string, 0, len(names))
	for _, f := range names {
		parts = append(parts, f+": "+strings.Join(e.Fields[f], " "))
	}
	return strings.Join(parts, "; ")
}

// IsStatus reports whether err is an API error with the given HTTP status.
func IsStatus(err error, status int) bool {
	var e *Error
	return errors.As(err, &e) && e.Status == status
}

// AsError returns the *Error inside err, if any.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Words returns the API's own message for err, or err's text.
func Words(err error) string {
	if e, ok := AsError(err); ok {
		return Clean(e.Message)
	}
	if err == nil {
		return ""
	}
	return err.Error()
}

// errorBody is the union of the error envelopes the API uses (§3.1):
// {"success":false,"message":…,"errors":{…}}, {"success":false,"error":…},
// and the 429 body {"message":…,"retry_after":N}.
// Every field is kept raw so that one odd value (a retry_after of "soon")
// does not lose the message next to it.
type errorBody struct {
	Message    json.RawMessage `json:"message"`
	Error      json.RawMessage `json:"error"`
	Errors     json.RawMessage `json:"errors"`
	RetryAfter json.RawMessage `json:"retry_after"`
	RetryAlt   json.RawMessage `json:"retryAfter"`
}

// maxRetryAfter bounds what a server may ask for, so absurd values cannot
// overflow a time.Duration; anything this long is reported, never slept.
const maxRetryAfter = 366 * 24 * time.Hour

// retrySeconds reads a retry_after value (seconds, number or string).
func retrySeconds(raw json.RawMessage) time.Duration {
	var n Int
	if len(raw) == 0 || n.UnmarshalJSON(raw) != nil || n <= 0 {
		return 0
	}
	if time.Duration(n) > maxRetryAfter/time.Second {
		return maxRetryAfter
	}
	return time.Duration(n) * time.Second
}

// newHTTPError builds the error for a non-2xx response (or a 2xx that said
// success:false).
func newHTTPError(op, method, path string, resp *http.Response, body []byte, cred Credential, now time.Time) *Error {
	e := &Error{
		Op: op, Method: method, Path: path, Status: resp.StatusCode,
		Credential: cred,
		RateLimit:  parseRateLimit(resp.Header, now),
	}
	fallback := statusText(resp.StatusCode)
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		fallback = "the API reported a failure without saying why"
	}
	var eb errorBody
	switch {
	case len(bytes.TrimSpace(body)) == 0:
		e.Message = fallback
	case json.Unmarshal(body, &eb) != nil:
		e.Message = fallback
		e.Snippet = snippet(body)
	default:
		e.Message = Clean(firstNonEmpty(rawText(eb.Message), rawText(eb.Error), fallback))
		e.Fields = parseFieldErrors(eb.Errors)
		cleanAll(e.Fields)
		e.RetryAfter = max(retrySeconds(eb.RetryAfter), retrySeconds(eb.RetryAlt))
	}
	if e.RetryAfter == 0 {
		e.RetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), now)
	}
	return e
}

// rawText renders a message that is normally a string but might be an
// object or array in a misbehaving response.
func rawText(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return strings.TrimSpace(s)
	}
	return string(raw)
}

// parseFieldErrors accepts {"field":["msg",…]} and {"field":"msg"}, each
// field in either form, so one odd field does not lose the others; a
// message of another type is kept as its JSON text.
func parseFieldErrors(raw json.RawMessage) map[string][]string {
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) != nil || len(fields) == 0 {
		return nil
	}
	out := make(map[string][]string, len(fields))
	for name, v := range fields {
		var many []json.RawMessage
		if json.Unmarshal(v, &many) != nil {
			many = []json.RawMessage{v}
		}
		for _, m := range many {
			if text := rawText(m); text != "" {
				out[name] = append(out[name], text)
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func statusText(code int) string {
	if t := http.StatusText(code); t != "" {
		return t
	}
	return fmt.Sprintf("HTTP status %d", code)
}

// snippet returns the first bytes of body as valid UTF-8 for error messages.
func snippet(body []byte) string {
	const n = 80
	if len(body) > 4*n {
		body = body[:4*n]
	}
	s := strings.Join(strings.Fields(strings.ToValidUTF8(string(body), "\uFFFD")), " ")
	if len(s) > n {
		s = s[:n]
		for !utf8.ValidString(s) && len(s) > 0 {
			s = s[:len(s)-1]
		}
		s += "…"
	}
	return s
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// decodeError explains a response body that could not be decoded, naming
// where in the body decoding stopped.
func decodeError(op, method, path string, status int, body []byte, err error) *Error {
	msg := "unexpected response: " + err.Error()
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn) && (syn.Error() == "unexpected end of JSON input" || syn.Offset >= int64(len(body))):
		// encoding/json reports a cut-off body as a syntax error at its end
		// ("unexpected end", or a bad character in a cut literal like `tr`).
		msg = fmt.Sprintf("truncated JSON: the body ends after %d bytes", len(body))
	case errors.As(err, &syn):
		msg = fmt.Sprintf("malformed JSON at byte %d: %s", syn.Offset, syn.Error())
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "the response"
		}
		// No byte offset: for fields decoded by our own types it is relative
		// to the field, not to the body, and would mislead.
		msg = fmt.Sprintf("unexpected JSON: %s is %s, expected %s", field, typ.Value, typeName(typ.Type))
	}
	return &Error{Op: op, Method: method, Path: path, Status: status, Message: Clean(msg), Snippet: snippet(body)}
}

// typeName says what a Go type holds in JSON terms, for decode errors.
func typeName(t reflect.Type) string {
	if t == nil {
		return "another type"
	}
	switch t {
	case reflect.TypeFor[ID]():
		return "an id (number or string)"
	case reflect.TypeFor[Int]():
		return "an integer"
	case reflect.TypeFor[Bool]():
		return "a boolean"
	case reflect.TypeFor[Time]():
		return "a timestamp"
	case reflect.TypeFor[Text](), reflect.TypeFor[Status]():
		return "a string"
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return "a number"
	}
	return t.String()
}
