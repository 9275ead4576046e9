package api

import (
	"context"
	"errors"
	"testing"
)

// A session without an id (the API sent "id": null) must not turn into
// POST /whatsapp-sessions//disconnect: every call with an empty or blank id
// in its path is refused before anything is sent, and is not audited as an
// action since none happened.
func TestCallsWithoutAnIDAreRefusedBeforeSending(t *testing.T) {
	s := newAPIServer(t) // any request fails the test: no routes
	var mutations int
	c := s.client(t, newFakeClock().opts(Options{Token: testPAT, SessionKeys: map[string]string{"": "k"},
		OnMutation: func(Mutation) { mutations++ }}))
	ctx := context.Background()
	for _, id := range []ID{"", " ", "\t"} {
		calls := map[string]func() error{
			"disconnect": func() error { _, err := c.DisconnectSession(ctx, id); return err },
			"restart":    func() error { _, err := c.RestartSession(ctx, id); return err },
			"regenerate": func() error { _, err := c.RegenerateKey(ctx, id); return err },
			"delete":     func() error { return c.DeleteSession(ctx, id) },
			"update":     func() error { _, err := c.UpdateSession(ctx, id, SessionInput{}); return err },
			"webhook":    func() error { _, err := c.SetWebhook(ctx, id, Webhook{URL: "https://x.example/"}); return err },
			"connect":    func() error { _, err := c.ConnectSession(ctx, id, ""); return err },
			"qr":         func() error { _, err := c.QRCode(ctx, id); return err },
			"get":        func() error { _, err := c.GetSession(ctx, id); return err },
			"logs":       func() error { _, err := c.SessionLogs(ctx, id, LogQuery{}); return err },
			"messages":   func() error { _, err := c.MessageLogs(ctx, id, LogQuery{}); return err },
			"metadata":   func() error { _, err := c.Session("1").GroupMetadata(ctx, string(id)); return err },
			"info":       func() error { _, err := c.Session("1").MessageInfo(ctx, id); return err },
		}
		for name, call := range calls {
			err := call()
			if !errors.Is(err, ErrMissingID) {
				t.Errorf("%s(%q): %v", name, id, err)
			}
		}
	}
	if n := len(s.requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
	if mutations != 0 {
		t.Errorf("%d refused calls audited as actions", mutations)
	}
	_, err := c.DisconnectSession(ctx, "")
	if want := "disconnect session: refused: the session has no id (the API sent none); nothing was sent"; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
}
