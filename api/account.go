package api

import (
	"context"
	"net/http"
	"strings"
)

// User is the WhatsApp account behind a session.
type User struct {
	ID   Text `json:"id"` // "1234567890:42@s.whatsapp.net"
	Name Text `json:"name"`
	LID  Text `json:"lid"`
}

// Phone is the account's number in E.164 form, read from its JID.
func (u User) Phone() string {
	return JIDPhone(string(u.ID))
}

// JIDPhone returns "+digits" for a phone JID ("1234:42@s.whatsapp.net",
// "1234@s.whatsapp.net" or bare digits), or "" when it holds no number.
func JIDPhone(jid string) string {
	user, _, _ := strings.Cut(jid, "@")
	user, _, _ = strings.Cut(user, ":")
	user = strings.TrimPrefix(user, "+")
	if user == "" || strings.Trim(user, "0123456789") != "" || strings.Contains(jid, "@g.us") || strings.Contains(jid, "@lid") {
		return ""
	}
	return "+" + user
}

// Session returns the calls scoped to one session, authorised with its api
// key (learned through the personal token when not configured). An empty id
// means the single configured session key.
func (c *Client) Session(id ID) *SessionClient {
	return &SessionClient{c: c, id: id}
}

// SessionClient calls the endpoints that act as one session.
type SessionClient struct {
	c  *Client
	id ID
}

// ID is the session this client acts for.
func (s *SessionClient) ID() ID { return s.id }

func (s *SessionClient) do(ctx context.Context, k call, out any) error {
	k.auth = authKey
	k.session = s.id
	return s.c.do(ctx, k, out)
}

// Status returns the session's connection state from GET /status.
func (s *SessionClient) Status(ctx context.Context) (Status, error) {
	var r struct {
		Status Status `json:"status"`
		Data   *struct {
			Status Status `json:"status"`
		} `json:"data"`
	}
	err := s.do(ctx, call{op: "session status", method: http.MethodGet, path: "/status", bare: true}, &r)
	if err == nil && r.Status == "" && r.Data != nil {
		r.Status = r.Data.Status
	}
	return r.Status, err
}

// User returns the WhatsApp account the session is paired with.
func (s *SessionClient) User(ctx context.Context) (User, error) {
	var u User
	err := s.do(ctx, call{op: "session user", method: http.MethodGet, path: "/user"}, &u)
	return u, err
}
