package api

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// detailsWithKey answers GET /whatsapp-sessions/{id} with the docs' details
// body and the given api_key.
func detailsWithKey(t *testing.T, key string) []byte {
	return []byte(strings.Replace(string(fixture(t, "session_details.json")), key1, key, 1))
}

func TestManagementCallsUseThePAT(t *testing.T) {
	s := newAPIServer(t)
	c := s.client(t, newFakeClock().opts(Options{Token: testPAT, APIKey: "fallback-key", SessionKeys: map[string]string{"1": "sess-key-1"}}))
	s.file("GET /api/whatsapp-sessions", "sessions_list.json")
	s.file("GET /api/whatsapp-sessions/1", "session_details.json")
	s.file("POST /api/whatsapp-sessions/1/restart", "restart.json")
	s.file("GET /api/whatsapp-sessions/1/message-logs", "message_logs.json")
	ctx := context.Background()
	if _, err := c.ListSessions(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetSession(ctx, "1"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.RestartSession(ctx, "1"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.MessageLogs(ctx, "1", LogQuery{}); err != nil {
		t.Fatal(err)
	}
	for _, r := range s.requests() {
		if r.Auth != "Bearer "+testPAT {
			t.Errorf("%s %s sent %q, want the personal access token", r.Method, r.Path, r.Auth)
		}
	}
}

func TestSessionKeyLearnedOnceAndCached(t *testing.T) {
	s := newAPIServer(t)
	c := s.client(t, newFakeClock().opts(Options{Token: testPAT}))
	s.file("GET /api/whatsapp-sessions/1", "session_details.json")
	s.file("GET /api/groups", "groups.json")
	s.file("GET /api/status", "status_connected.json")
	ctx := context.Background()
	sc := c.Session("1")
	for range 5 {
		if _, err := sc.Groups(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := sc.Status(ctx); err != nil {
		t.Fatal(err)
	}
	if n := s.count("GET /api/whatsapp-sessions/1"); n != 1 {
		t.Errorf("%d details calls, want 1", n)
	}
	reqs := s.requests()
	if len(reqs) != 7 {
		t.Fatalf("%d requests, want 7", len(reqs))
	}
	if reqs[0].Path != "/api/whatsapp-sessions/1" || reqs[0].Auth != "Bearer "+testPAT {
		t.Errorf("first request = %s with %q, want the details lookup with the PAT", reqs[0].Path, reqs[0].Auth)
	}
	for _, r := range reqs[1:] {
		if r.Auth != "Bearer "+key1 {
			t.Errorf("%s sent %q, want the learned session key", r.Path, r.Auth)
		}
	}
}

func TestConcurrentFirstCallsShareOneLookup(t *testing.T) {
	s := newAPIServer(t)
	c := s.client(t, newFakeClock().opts(Options{Token: testPAT}))
	details := fixture(t, "session_details.json")
	s.handle("GET /api/whatsapp-sessions/1", func(*http.Request, int) reply {
		time.Sleep(30 * time.Millisecond) // keep the lookup in flight while the others arrive
		return ok(details)
	})
	s.file("GET /api/groups", "groups.json")
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for range 20 {
		wg.Go(func() {
			_, err := c.Session("1").Groups(context.Background())
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := s.count("GET /api/whatsapp-sessions/1"); n != 1 {
		t.Errorf("%d details calls for 20 concurrent first calls, want 1", n)
	}
	if n := s.count("GET /api/groups"); n != 20 {
		t.Errorf("%d group calls, want 20", n)
	}
}

func TestConcurrentWaitersShareAFailedLookup(t *testing.T) {
	s := newAPIServer(t)
	c := s.client(t, newFakeClock().opts(Options{Token: testPAT}))
	unauth := fixture(t, "error_unnotarized.json")
	s.handle("GET /api/whatsapp-sessions/1", func(*http.Request, int) reply {
		time.Sleep(30 * time.Millisecond)
		return reply{status: http.StatusUnauthorized, body: unauth}
	})
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			_, err := c.Session("1").Groups(context.Background())
			if err == nil || !strings.Contains(err.Error(), "Unnotarized") {
				t.Errorf("err = %v, want the lookup's 401", err)
			}
		})
	}
	wg.Wait()
	if n := s.count("GET /api/whatsapp-sessions/1"); n != 1 {
		t.Errorf("%d details calls, want 1 shared by all waiters", n)
	}
}

func TestConfiguredSessionKeyNeedsNoLookup(t *testing.T) {
	s := newAPIServer(t)
	c := s.client(t, newFakeClock().opts(Options{Token: testPAT, SessionKeys: map[string]string{"1": "configured-key"}}))
	s.file("GET /api/groups", "groups.json")
	if _, err := c.Session("1").Groups(context.Background()); err != nil {
		t.Fatal(err)
	}
	r := s.only(t)
	if r.Path != "/api/groups" || r.Auth != "Bearer configured-key" {
		t.Errorf("request %s with %q", r.Path, r.Auth)
	}
}

func TestFallbackKeyAlone(t *testing.T) {
	s := newAPIServer(t)
	c := s.client(t, newFakeClock().opts(Options{APIKey: "fallback-key"}))
	s.file("GET /api/status", "status_connected.json")
	s.file("GET /api/groups", "groups.json")
	s.file("GET /api/whatsapp-sessions/9/session-logs", "session_logs.json")
	s.file("GET /api/whatsapp-sessions/9/message-logs", "message_logs.json")
	ctx := context.Background()
	if c.HasToken() || !c.HasFallbackKey() {
		t.Errorf("HasToken %v HasFallbackKey %v", c.HasToken(), c.HasFallbackKey())
	}
	if st, err := c.Session("").Status(ctx); err != nil || st != StatusConnected {
		t.Fatalf("status %q %v", st, err)
	}
	if _, err := c.Session("9").Groups(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SessionLogs(ctx, "9", LogQuery{}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.MessageLogs(ctx, "9", LogQuery{}); err != nil {
		t.Fatal(err)
	}
	for _, r := range s.requests() {
		if r.Auth != "Bearer fallback-key" {
			t.Errorf("%s sent %q", r.Path, r.Auth)
		}
	}
	if n := len(s.requests()); n != 4 {
		t.Errorf("%d requests, want 4 (no lookups without a token)", n)
	}
}

func TestNoTokenManagementCalls(t *testing.T) {
	s := newAPIServer(t)
	c := s.client(t, newFakeClock().opts(Options{APIKey: "fallback-key"}))
	ctx := context.Background()
	_, err := c.ListSessions(ctx)
	if !errors.Is(err, ErrNoToken) {
		t.Errorf("ListSessions: %v, want ErrNoToken", err)
	}
	if _, err := c.GetSession(ctx, "1"); !errors.Is(err, ErrNoToken) {
		t.Errorf("GetSession: %v", err)
	}
	if _, err := c.ConnectSession(ctx, "1", ""); !errors.Is(err, ErrNoToken) {
		t.Errorf("ConnectSession: %v", err)
	}
	if err := c.DeleteSession(ctx, "1"); !errors.Is(err, ErrNoToken) {
		t.Errorf("DeleteSession: %v", err)
	}
	if !strings.HasPrefix(err.Error(), "list sessions: ") {
		t.Errorf("error does not name the operation: %q", err)
	}
	if n := len(s.requests()); n != 0 {
		t.Errorf("%d requests sent without a token", n)
	}
	// Nothing configured at all: session calls explain what to set.
	bare := s.client(t, Options{})
	if _, err := bare.Session("3").Groups(ctx); err == nil || !strings.Contains(err.Error(), "WASENDER_TOKEN") {
		t.Errorf("no credentials: %v", err)
	}
}

func TestLearnedKeyRejectedIsRelearnedOnce(t *testing.T) {
	s := newAPIServer(t)
	c := s.client(t, newFakeClock().opts(Options{Token: testPAT}))
	old, fresh := detailsWithKey(t, "old-key"), detailsWithKey(t, "fresh-key")
	s.handle("GET /api/whatsapp-sessions/1", func(_ *http.Request, n int) reply {
		if n == 0 {
			return ok(old)
		}
		return ok(fresh) // regenerated elsewhere in the meantime
	})
	invalid := fixture(t, "error_invalid_api_key.json")
	groups := fixture(t, "groups.json")
	s.handle("GET /api/groups", func(r *http.Request, _ int) reply {
		if r.Header.Get("Authorization") != "Bearer fresh-key" {
			return reply{status: http.StatusUnauthorized, body: invalid}
		}
		return ok(groups)
	})
	ctx := context.Background()
	list, err := c.Session("1").Groups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 {
		t.Errorf("groups = %+v", list)
	}
	if d, g := s.count("GET /api/whatsapp-sessions/1"), s.count("GET /api/groups"); d != 2 || g != 2 {
		t.Errorf("%d lookups and %d group calls, want 2 and 2", d, g)
	}
	// The fresh key is cached.
	if _, err := c.Session("1").Groups(ctx); err != nil {
		t.Fatal(err)
	}
	if d := s.count("GET /api/whatsapp-sessions/1"); d != 2 {
		t.Errorf("%d lookups after the relearn, want still 2", d)
	}
}

func TestLearnedKeyRejectedTwiceGivesUp(t *testing.T) {
	s := newAPIServer(t)
	c := s.client(t, newFakeClock().opts(Options{Token: testPAT}))
	s.file("GET /api/whatsapp-sessions/1", "session_details.json")
	invalid := fixture(t, "error_invalid_api_key.json")
	s.handle("POST /api/send-message", func(*http.Request, int) reply {
		return reply{status: http.StatusUnauthorized, body: invalid}
	})
	_, err := c.Session("1").SendText(context.Background(), "+1234567890", "hi")
	e := mustErr(t, err)
	if e.Status != 401 || e.Message != "Invalid API key" || e.Credential != CredSessionKey {
		t.Errorf("error = %+v", e)
	}
	if !strings.Contains(err.Error(), "the session API key was rejected") {
		t.Errorf("error text %q does not name the rejected credential", err)
	}
	if d, p := s.count("GET /api/whatsapp-sessions/1"), s.count("POST /api/send-message"); d != 2 || p != 2 {
		t.Errorf("%d lookups and %d sends, want 2 and 2 (relearned exactly once)", d, p)
	}
}

func TestConfiguredKeyRejectedIsNotRelearned(t *testing.T) {
	s := newAPIServer(t)
	c := s.client(t, newFakeClock().opts(Options{Token: testPAT, SessionKeys: map[string]string{"1": "stale"}}))
	invalid := fixture(t, "error_invalid_api_key.json")
	s.handle("GET /api/user", func(*http.Request, int) reply { return reply{status: http.StatusUnauthorized, body: invalid} })
	_, err := c.Session("1").User(context.Background())
	if e := mustErr(t, err); e.Status != 401 {
		t.Errorf("error = %+v", e)
	}
	if n := len(s.requests()); n != 1 {
		t.Errorf("%d requests, want 1: a configured key is the operator's, not re-learned", n)
	}
}

func TestUnauthorizedNamesTheCredential(t *testing.T) {
	s := newAPIServer(t)
	c := s.client(t, newFakeClock().opts(Options{Token: testPAT}))
	unauth := fixture(t, "error_unnotarized.json")
	s.handle("GET /api/whatsapp-sessions", func(*http.Request, int) reply { return reply{status: http.StatusUnauthorized, body: unauth} })
	_, err := c.ListSessions(context.Background())
	e := mustErr(t, err)
	if e.Credential != CredToken || e.Message != "Unnotarized" {
		t.Errorf("error = %+v", e)
	}
	if got := err.Error(); !strings.Contains(got, "personal access token was rejected") || !strings.Contains(got, "HTTP 401") {
		t.Errorf("error text = %q", got)
	}
	// And a key lookup failing on the PAT says so through the session call.
	s.handle("GET /api/whatsapp-sessions/5", func(*http.Request, int) reply { return reply{status: http.StatusUnauthorized, body: unauth} })
	_, err = c.Session("5").Contacts(context.Background())
	if err == nil || !strings.Contains(err.Error(), "list contacts: ") || !strings.Contains(err.Error(), "personal access token was rejected") {
		t.Errorf("lookup failure = %v", err)
	}
}

func TestDeleteForgetsLearnedKey(t *testing.T) {
	s := newAPIServer(t)
	c := s.client(t, newFakeClock().opts(Options{Token: testPAT}))
	s.file("GET /api/whatsapp-sessions/1", "session_details.json")
	s.file("GET /api/status", "status_connected.json")
	s.handle("DELETE /api/whatsapp-sessions/1", func(*http.Request, int) reply { return reply{status: http.StatusNoContent} })
	ctx := context.Background()
	if _, err := c.Session("1").Status(ctx); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteSession(ctx, "1"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Session("1").Status(ctx); err != nil {
		t.Fatal(err)
	}
	if n := s.count("GET /api/whatsapp-sessions/1"); n != 2 {
		t.Errorf("%d lookups, want 2: a deleted session's key is forgotten", n)
	}
}
