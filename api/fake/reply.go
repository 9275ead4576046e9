package fake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
)

// reply is a response built while the world is locked and written after it
// is released, so a slow client never holds up the simulation.
type reply struct {
	status      int
	header      http.Header
	contentType string
	body        []byte
}

func (r *reply) setHeader(k, v string) {
	if r.header == nil {
		r.header = http.Header{}
	}
	r.header.Set(k, v)
}

func (r reply) write(w http.ResponseWriter) {
	h := w.Header()
	for k, vs := range r.header {
		h[k] = vs
	}
	if r.contentType != "" {
		h.Set("Content-Type", r.contentType)
	}
	if r.status != http.StatusNoContent {
		h.Set("Content-Length", fmt.Sprint(len(r.body)))
	}
	w.WriteHeader(r.status)
	if len(r.body) > 0 {
		_, _ = w.Write(r.body)
	}
}

// encodeJSON is json.Marshal without HTML escaping (PHP's json_encode does not
// turn < > & into \u escapes either).
func encodeJSON(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err) // our own types only; recovered as a 500
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func jsonReply(status int, v any) reply {
	return reply{status: status, contentType: "application/json", body: encodeJSON(v)}
}

type dataEnvelope struct {
	Success bool `json:"success"`
	Data    any  `json:"data"`
}

type messageEnvelope struct {
	Success bool   `json:"success"`
	Message string `json:"message"`
}

type errorEnvelope struct {
	Success bool   `json:"success"`
	Error   string `json:"error"`
}

type validationEnvelope struct {
	Success bool        `json:"success"`
	Message string      `json:"message"`
	Errors  fieldErrors `json:"errors"`
}

type rateLimitBody struct {
	Message    string `json:"message"`
	RetryAfter int    `json:"retry_after"`
}

func ok(data any) reply { return jsonReply(http.StatusOK, dataEnvelope{true, data}) }

// okTop answers {"success":true, key: value}: the few endpoints that put their
// result next to success instead of inside data (regenerate-key, invite-link, restart).
func okTop(key string, value any) reply {
	body := append([]byte(`{"success":true,`), encodeJSON(key)...)
	body = append(body, ':')
	body = append(body, encodeJSON(value)...)
	body = append(body, '}')
	return reply{status: http.StatusOK, contentType: "application/json", body: body}
}

// failMessage is the "message" envelope used by middleware-style errors.
func failMessage(status int, msg string) reply {
	return jsonReply(status, messageEnvelope{false, msg})
}

// failError is the "error" envelope used by the session controllers.
func failError(status int, msg string) reply {
	return jsonReply(status, errorEnvelope{false, msg})
}

func failValidation(errs fieldErrors) reply {
	return jsonReply(http.StatusUnprocessableEntity, validationEnvelope{false, "Validation failed", errs})
}

func noContent() reply { return reply{status: http.StatusNoContent} }

const (
	msgUnauthenticated  = "Unnotarized" // sic, as documented
	msgKeyRequired      = "API key is required"
	msgKeyInvalid       = "Invalid API key"
	msgNotConnected     = "Your Whatsapp Session is not connected please connect your session first."
	msgSessionNotFound  = "The specified session was not found."
	msgNoSubscription   = "You need to have an active subscription to connect a WhatsApp session."
	msgSessionLimit     = "You have reached your WhatsApp session limit. Please upgrade your plan to add more sessions."
	msgRestartNotActive = "WhatsApp session is not connected. Cannot restart."
	msgNotInitialized   = "WhatsApp session is not initialized. Please connect first."
	msgAlreadyConnected = "Session already initialized or connecting. No QR code needed."
	msgNotFound         = "Not Found."
	msgServerError      = "Server Error"
)

// htmlErrorPage is what a proxy in front of the API answers: not JSON.
func htmlErrorPage(status int) reply {
	text := fmt.Sprintf("%d %s", status, http.StatusText(status))
	body := "<html>\r\n<head><title>" + text + "</title></head>\r\n<body>\r\n<center><h1>" + text +
		"</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n"
	return reply{status: status, contentType: "text/html", body: []byte(body)}
}
