package api

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Session is a WhatsApp session of the account.
type Session struct {
	ID                   ID       `json:"id"`
	Name                 Text     `json:"name"`
	PhoneNumber          Text     `json:"phone_number"`
	Status               Status   `json:"status"`
	AccountProtection    Bool     `json:"account_protection"`
	LogMessages          Bool     `json:"log_messages"`
	ReadIncomingMessages Bool     `json:"read_incoming_messages"`
	WebhookURL           Text     `json:"webhook_url"`
	WebhookEnabled       Bool     `json:"webhook_enabled"`
	WebhookEvents        []string `json:"webhook_events"`
	APIKey               Text     `json:"api_key"`
	WebhookSecret        Text     `json:"webhook_secret"`
	AutoRejectCalls      Bool     `json:"auto_reject_calls"`
	IgnoreGroups         Bool     `json:"ignore_groups"`
	IgnoreChannels       Bool     `json:"ignore_channels"`
	IgnoreBroadcasts     Bool     `json:"ignore_broadcasts"`
	AlwaysOnline         Bool     `json:"always_online"`
	ProxyURL             Text     `json:"proxy_url"`
	UserID               ID       `json:"user_id"`
	LastActiveAt         Time     `json:"last_active_at"`
	CreatedAt            Time     `json:"created_at"`
	UpdatedAt            Time     `json:"updated_at"`
}

// SessionInput is the body of create and update. Nil fields are not sent,
// so an update changes only what was set.
type SessionInput struct {
	Name                 *string   `json:"name,omitempty"`
	PhoneNumber          *string   `json:"phone_number,omitempty"`
	AccountProtection    *bool     `json:"account_protection,omitempty"`
	LogMessages          *bool     `json:"log_messages,omitempty"`
	ReadIncomingMessages *bool     `json:"read_incoming_messages,omitempty"`
	WebhookURL           *string   `json:"webhook_url,omitempty"`
	WebhookEnabled       *bool     `json:"webhook_enabled,omitempty"`
	WebhookEvents        *[]string `json:"webhook_events,omitempty"`
	AutoRejectCalls      *bool     `json:"auto_reject_calls,omitempty"`
	IgnoreGroups         *bool     `json:"ignore_groups,omitempty"`
	IgnoreChannels       *bool     `json:"ignore_channels,omitempty"`
	IgnoreBroadcasts     *bool     `json:"ignore_broadcasts,omitempty"`
	ProxyURL             *string   `json:"proxy_url,omitempty"`
	AlwaysOnline         *bool     `json:"always_online,omitempty"`
}

// ConnectResult is the answer to connect: a QR pairing string to scan, a
// passkey challenge, or word that the session is already up.
type ConnectResult struct {
	Status  Status   `json:"status"`
	QRCode  Text     `json:"qrCode"`
	Message Text     `json:"message"`
	Passkey *Passkey `json:"passkey"`
}

// Passkey is the challenge of passkey linking.
type Passkey struct {
	Token     Text `json:"token"`
	ExpiresAt Time `json:"expires_at"`
}

// StatusMessage is the answer of disconnect and similar calls.
type StatusMessage struct {
	Status  Status `json:"status"`
	Message Text   `json:"message"`
}

func sessionPath(id ID, rest ...string) string {
	p := "/whatsapp-sessions/" + seg(string(id))
	for _, r := range rest {
		p += "/" + r
	}
	return p
}

// ListSessions returns every session of the account. The docs show a bare
// array; a paginated shape ({data:[…]} or {items:[…]}) is accepted too.
func (c *Client) ListSessions(ctx context.Context) ([]Session, error) {
	var l list[Session]
	if err := c.do(ctx, call{op: "list sessions", method: http.MethodGet, path: "/whatsapp-sessions", auth: authToken}, &l); err != nil {
		return nil, err
	}
	return l, nil
}

// GetSession returns one session with its api_key and webhook_secret, and
// remembers the key for session-scoped calls.
func (c *Client) GetSession(ctx context.Context, id ID) (Session, error) {
	var s Session
	err := c.do(ctx, call{op: "get session " + string(id), method: http.MethodGet, path: sessionPath(id), auth: authToken}, &s)
	if err == nil {
		c.keys.learn(id, string(s.APIKey))
	}
	return s, err
}

// CreateSession creates a session. A 422 carries the field errors.
func (c *Client) CreateSession(ctx context.Context, in SessionInput) (Session, error) {
	var s Session
	target := "new session"
	if in.Name != nil {
		target = "new session " + strconv.Quote(*in.Name)
	}
	err := c.do(ctx, call{op: "create session", target: target, method: http.MethodPost, path: "/whatsapp-sessions", body: in, auth: authToken}, &s)
	if err == nil {
		c.keys.learn(s.ID, string(s.APIKey))
	}
	return s, err
}

// UpdateSession changes the fields set in in.
func (c *Client) UpdateSession(ctx context.Context, id ID, in SessionInput) (Session, error) {
	var s Session
	err := c.do(ctx, call{op: "update session", target: string(id), method: http.MethodPut, path: sessionPath(id), body: in, auth: authToken}, &s)
	if err == nil {
		c.keys.learn(id, string(s.APIKey))
	}
	return s, err
}

// Webhook is where a session's webhooks go and which events: what
// SetWebhook sends.
type Webhook struct {
	URL    string
	Events []string // an empty list sends every event
	// Was is the URL it replaces: the audit trail names both hosts
	// (never their paths, which often hold a token).
	Was string
}

// SetWebhook points a session's webhook at w.URL, enabled, for w.Events
// (PUT /whatsapp-sessions/{id}). A session has one webhook URL: whatever
// received the one before gets nothing from now on.
func (c *Client) SetWebhook(ctx context.Context, id ID, w Webhook) (Session, error) {
	enabled, events := true, w.Events
	if events == nil {
		events = []string{}
	}
	in := SessionInput{WebhookURL: &w.URL, WebhookEnabled: &enabled, WebhookEvents: &events}
	target := string(id) + ": webhook to " + hostOf(w.URL) + " (was " + hostOf(w.Was) + ")"
	var s Session
	err := c.do(ctx, call{op: "set webhook", target: target, method: http.MethodPut, path: sessionPath(id), body: in, auth: authToken}, &s)
	if err == nil {
		c.keys.learn(id, string(s.APIKey))
	}
	return s, err
}

// hostOf is a URL's host, "none" for no URL, "?" for one that is not a URL.
func hostOf(raw string) string {
	if strings.TrimSpace(raw) == "" {
		return "none"
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return "?"
	}
	return u.Host
}

// DeleteSession deletes a session (204 No Content).
func (c *Client) DeleteSession(ctx context.Context, id ID) error {
	err := c.do(ctx, call{op: "delete session", target: string(id), method: http.MethodDelete, path: sessionPath(id), auth: authToken}, nil)
	if err == nil {
		c.keys.forget(id)
	}
	return err
}

// ConnectSession starts pairing. linkMethod is "" (QR, the default) or "passkey".
func (c *Client) ConnectSession(ctx context.Context, id ID, linkMethod string) (ConnectResult, error) {
	body := map[string]string{}
	if linkMethod != "" {
		body["linkMethod"] = linkMethod
	}
	var r ConnectResult
	err := c.do(ctx, call{op: "connect session", target: string(id), method: http.MethodPost, path: sessionPath(id, "connect"), body: body, auth: authToken}, &r)
	return r, err
}

// QRCode returns a fresh pairing string; connect must have been called.
func (c *Client) QRCode(ctx context.Context, id ID) (string, error) {
	var r struct {
		QRCode Text `json:"qrCode"`
	}
	err := c.do(ctx, call{op: "get QR code", method: http.MethodGet, path: sessionPath(id, "qrcode"), auth: authToken}, &r)
	return string(r.QRCode), err
}

// DisconnectSession logs the session out of WhatsApp.
func (c *Client) DisconnectSession(ctx context.Context, id ID) (StatusMessage, error) {
	var r StatusMessage
	err := c.do(ctx, call{op: "disconnect session", target: string(id), method: http.MethodPost, path: sessionPath(id, "disconnect"), body: struct{}{}, auth: authTokenOrKey, session: id}, &r)
	return r, err
}

// RestartSession soft-restarts a connected session and returns the API's message.
func (c *Client) RestartSession(ctx context.Context, id ID) (string, error) {
	var r struct {
		Message Text `json:"message"`
	}
	err := c.do(ctx, call{op: "restart session", target: string(id), method: http.MethodPost, path: sessionPath(id, "restart"), body: struct{}{}, auth: authTokenOrKey, session: id, topLevel: true}, &r)
	return string(r.Message), err
}

// RegenerateKey issues a new api_key for the session; the old one stops working.
func (c *Client) RegenerateKey(ctx context.Context, id ID) (string, error) {
	var r struct {
		APIKey Text `json:"api_key"`
		Data   *struct {
			APIKey Text `json:"api_key"`
		} `json:"data"`
	}
	err := c.do(ctx, call{op: "regenerate session key", target: string(id), method: http.MethodPost, path: sessionPath(id, "regenerate-key"), body: struct{}{}, auth: authTokenOrKey, session: id, topLevel: true}, &r)
	if err != nil {
		return "", err
	}
	key := string(r.APIKey)
	if key == "" && r.Data != nil {
		key = string(r.Data.APIKey)
	}
	c.keys.learn(id, key)
	return key, nil
}
