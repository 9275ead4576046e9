package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// SessionLog is one entry of a session's activity log.
type SessionLog struct {
	ID         ID     `json:"id"`
	SessionID  ID     `json:"whatsapp_session_id"`
	EventType  Text   `json:"event_type"`
	Status     Status `json:"status"`
	OccurredAt Time   `json:"occurred_at"`
	// Raw is the entry exactly as the API sent it (not cleaned: write it
	// out through SafeJSON).
	Raw json.RawMessage `json:"-"`
}

func (l *SessionLog) UnmarshalJSON(b []byte) error {
	type plain SessionLog
	if err := json.Unmarshal(b, (*plain)(l)); err != nil {
		return err
	}
	l.Raw = append(json.RawMessage(nil), b...)
	return nil
}

// MessageLog is one message sent through the API, with its delivery state.
type MessageLog struct {
	ID           ID              `json:"id"`
	SessionID    ID              `json:"whatsapp_session_id"`
	To           Text            `json:"to"`
	Content      Content         `json:"content"`
	Status       Status          `json:"status"`
	FailedReason Text            `json:"failed_reason"`
	CreatedAt    Time            `json:"created_at"`
	UpdatedAt    Time            `json:"updated_at"`
	Raw          json.RawMessage `json:"-"`
}

func (l *MessageLog) UnmarshalJSON(b []byte) error {
	type plain MessageLog
	if err := json.Unmarshal(b, (*plain)(l)); err != nil {
		return err
	}
	l.Raw = append(json.RawMessage(nil), b...)
	return nil
}

// LogPage is one page of a Laravel length-aware paginator.
type LogPage[T any] struct {
	CurrentPage Int  `json:"current_page"`
	LastPage    Int  `json:"last_page"`
	PerPage     Int  `json:"per_page"`
	Total       Int  `json:"total"`
	From        Int  `json:"from"`
	To          Int  `json:"to"`
	NextPageURL Text `json:"next_page_url"`
	Data        []T  `json:"data"`
}

// LogQuery selects a page of a log. Status filters message logs (sent,
// failed, in_progress) where the API supports it.
type LogQuery struct {
	Page    int
	PerPage int
	Status  string
}

func (q LogQuery) values() url.Values {
	v := url.Values{}
	if q.Page > 0 {
		v.Set("page", strconv.Itoa(q.Page))
	}
	if q.PerPage > 0 {
		v.Set("per_page", strconv.Itoa(q.PerPage))
	}
	if q.Status != "" {
		v.Set("status", q.Status)
	}
	return v
}

// SessionLogs returns a page of the session's activity log, newest first.
func (c *Client) SessionLogs(ctx context.Context, id ID, q LogQuery) (LogPage[SessionLog], error) {
	q.Status = ""
	var p LogPage[SessionLog]
	err := c.do(ctx, call{op: "session logs", method: http.MethodGet, path: sessionPath(id, "session-logs"), query: q.values(), auth: authTokenOrKey, session: id}, &p)
	return p, err
}

// MessageLogs returns a page of the messages sent by the session, newest first.
func (c *Client) MessageLogs(ctx context.Context, id ID, q LogQuery) (LogPage[MessageLog], error) {
	var p LogPage[MessageLog]
	err := c.do(ctx, call{op: "message logs", method: http.MethodGet, path: sessionPath(id, "message-logs"), query: q.values(), auth: authTokenOrKey, session: id}, &p)
	return p, err
}

// Content is a message-log body. The API sends it as a JSON document encoded
// in a string ("{\"text\":\"hi\"}"); an object or plain text is accepted too.
// Raw is kept as sent: write it out through SafeJSON.
type Content struct {
	Raw json.RawMessage
}

func (c *Content) UnmarshalJSON(b []byte) error {
	c.Raw = append(json.RawMessage(nil), b...)
	return nil
}

func (c Content) MarshalJSON() ([]byte, error) {
	if len(c.Raw) == 0 {
		return jsonNull, nil
	}
	return c.Raw, nil
}

// Fields returns the content as an object, decoding a string-encoded one.
func (c Content) Fields() map[string]any {
	raw := []byte(c.Raw)
	var s string
	if json.Unmarshal(raw, &s) == nil {
		raw = []byte(s)
	}
	var m map[string]any
	if json.Unmarshal(raw, &m) != nil {
		return nil
	}
	cleanAll(m)
	return m
}

// contentFields are the parts of a send-message body the log shows.
type contentFields struct {
	Text        string         `json:"text"`
	ImageURL    string         `json:"imageUrl"`
	VideoURL    string         `json:"videoUrl"`
	AudioURL    string         `json:"audioUrl"`
	DocumentURL string         `json:"documentUrl"`
	StickerURL  string         `json:"stickerUrl"`
	FileName    string         `json:"fileName"`
	Location    map[string]any `json:"location"`
	Contact     map[string]any `json:"contact"`
	Poll        map[string]any `json:"poll"`
}

// Text renders the content for reading: the message text, or a short
// description of media, location, contact and poll messages; clean, as
// every string the package hands out.
func (c Content) Text() string { return Clean(c.text()) }

func (c Content) text() string {
	raw := bytes.TrimSpace(c.Raw)
	if len(raw) == 0 || bytes.Equal(raw, jsonNull) {
		return ""
	}
	inner := raw
	s, quoted := jsonString(raw)
	if quoted {
		inner = bytes.TrimSpace([]byte(s))
	}
	var f contentFields
	isObject := len(inner) > 0 && inner[0] == '{'
	if isObject {
		// A field of an unexpected type is skipped (and reported, ignored
		// here); only a syntax error means this is not an object after all.
		var syn *json.SyntaxError
		if err := json.Unmarshal(inner, &f); errors.As(err, &syn) {
			isObject = false
		}
	}
	if !isObject {
		if quoted {
			return s
		}
		return string(raw)
	}
	var parts []string
	for _, media := range []struct{ url, label string }{
		{f.ImageURL, "image"}, {f.VideoURL, "video"}, {f.AudioURL, "audio"},
		{f.DocumentURL, "document"}, {f.StickerURL, "sticker"},
	} {
		if media.url != "" {
			label := "[" + media.label
			if media.label == "document" && f.FileName != "" {
				label += " " + f.FileName
			}
			parts = append(parts, label+"] "+media.url)
		}
	}
	if f.Location != nil {
		parts = append(parts, "[location] "+describe(f.Location, "name", "address", "latitude", "longitude"))
	}
	if f.Contact != nil {
		parts = append(parts, "[contact] "+describe(f.Contact, "name", "phone"))
	}
	if f.Poll != nil {
		parts = append(parts, "[poll] "+describe(f.Poll, "question"))
	}
	if f.Text != "" {
		parts = append(parts, f.Text)
	}
	if len(parts) == 0 { // something else: show it compactly
		var m map[string]any
		json.Unmarshal(inner, &m)
		b, _ := json.Marshal(m)
		return string(b)
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts, " ")
}

func describe(m map[string]any, keys ...string) string {
	var out []string
	for _, k := range keys {
		switch v := m[k].(type) {
		case string:
			if v != "" {
				out = append(out, v)
			}
		case float64:
			out = append(out, strconv.FormatFloat(v, 'f', -1, 64))
		}
	}
	return strings.Join(out, ", ")
}
