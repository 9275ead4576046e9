package api

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

// A 429 holds its whole credential: other endpoints called with the same
// session key are not sent until the wait has passed, while other sessions'
// keys and the personal token go on. A call whose timeout ends before the
// hold fails at once, saying how long is left.
func TestA429HoldsTheWholeSessionKey(t *testing.T) {
	s := newAPIServer(t)
	clk := newFakeClock()
	c := s.client(t, clk.opts(Options{Token: testPAT, Timeout: 5 * time.Second,
		SessionKeys: map[string]string{"1": "k1", "2": "k2"}, Retry: RetryPolicy{MaxAttempts: 1}}))
	limited := fixture(t, "rate_limit_trial.json") // retry_after 60
	s.handle("POST /api/send-message", func(*http.Request, int) reply { return reply{status: 429, body: limited} })
	s.file("GET /api/contacts", "contacts.json")
	s.file("GET /api/groups", "groups.json")
	s.file("GET /api/whatsapp-sessions", "sessions_list.json")
	ctx := context.Background()
	if _, err := c.Session("1").SendText(ctx, "+1", "a"); !IsStatus(err, 429) {
		t.Fatalf("err = %v", err)
	}
	t0 := clk.Now()
	if got := c.HeldUntil("1"); !got.Equal(t0.Add(time.Minute)) {
		t.Errorf("HeldUntil(1) = %v, want %v", got, t0.Add(time.Minute))
	}
	if got := c.HeldUntil("2"); !got.IsZero() {
		t.Errorf("HeldUntil(2) = %v", got)
	}
	if got := c.HeldUntil(""); !got.IsZero() {
		t.Errorf("the personal token is held: %v", got)
	}

	clk.Advance(20 * time.Second)
	for _, call := range []func() error{
		func() error { _, err := c.Session("1").Contacts(ctx); return err },
		func() error { _, err := c.Session("1").Groups(ctx); return err },
		func() error { _, err := c.Session("1").SendText(ctx, "+1", "b"); return err },
	} {
		err := call()
		e, _ := AsError(err)
		if !errors.Is(err, ErrHeld) || e == nil || e.RetryAfter != 40*time.Second || e.Credential != CredSessionKey {
			t.Errorf("held call: %v", err)
		}
	}
	if n := s.count("GET /api/contacts") + s.count("GET /api/groups"); n != 0 {
		t.Errorf("%d requests sent while the key was held", n)
	}
	if d := c.PaceDelay("1", EndpointContactPicture); d != 40*time.Second {
		t.Errorf("PaceDelay under the hold = %v, want 40s", d)
	}
	// Other credentials are not held.
	if _, err := c.Session("2").Contacts(ctx); err != nil {
		t.Errorf("session 2: %v", err)
	}
	if _, err := c.ListSessions(ctx); err != nil {
		t.Errorf("personal token: %v", err)
	}
	if w := clk.Waits(); len(w) != 0 {
		t.Errorf("held calls waited %v; they fail fast", w)
	}

	clk.Advance(40 * time.Second)
	if !c.HeldUntil("1").IsZero() {
		t.Error("still held after retry_after")
	}
	if _, err := c.Session("1").Contacts(ctx); err != nil {
		t.Errorf("after the hold: %v", err)
	}
}

// The personal token's hold covers every call made with it, session logs
// of any session included; HeldUntil("") reports it.
func TestA429HoldsThePersonalToken(t *testing.T) {
	s := newAPIServer(t)
	clk := newFakeClock()
	c := s.client(t, clk.opts(Options{Token: testPAT, Timeout: 5 * time.Second, Retry: RetryPolicy{MaxAttempts: 1}, SessionKeys: map[string]string{"1": "k1"}}))
	s.handle("GET /api/whatsapp-sessions", func(*http.Request, int) reply {
		return reply{status: 429, body: []byte(`{"message":"Too Many Attempts."}`), header: http.Header{"Retry-After": {"12"}}}
	})
	s.file("GET /api/whatsapp-sessions/1/message-logs", "message_logs.json")
	s.file("GET /api/groups", "groups.json")
	ctx := context.Background()
	if _, err := c.ListSessions(ctx); !IsStatus(err, 429) {
		t.Fatalf("err = %v", err)
	}
	if got := c.HeldUntil(""); !got.Equal(clk.Now().Add(12 * time.Second)) {
		t.Errorf("HeldUntil(\"\") = %v", got)
	}
	if _, err := c.MessageLogs(ctx, "1", LogQuery{}); !errors.Is(err, ErrHeld) {
		t.Errorf("message logs with the held token: %v", err)
	}
	if _, err := c.RestartSession(ctx, "1"); !errors.Is(err, ErrHeld) {
		t.Errorf("a restart with the held token: %v", err)
	}
	if n := s.count("GET /api/whatsapp-sessions/1/message-logs"); n != 0 {
		t.Errorf("%d log requests sent under the hold", n)
	}
	if _, err := c.Session("1").Groups(ctx); err != nil {
		t.Errorf("the session key is not held: %v", err)
	}
}

// A call whose timeout outlasts the hold waits for it, sends nothing in
// the meantime, and then goes out.
func TestHeldCallWaitsWhenTheHoldEndsInTime(t *testing.T) {
	s := newAPIServer(t)
	clk := newFakeClock()
	c := s.client(t, clk.opts(Options{Token: testPAT, Timeout: 10 * time.Minute,
		SessionKeys: map[string]string{"1": "k1"}, Retry: RetryPolicy{MaxAttempts: 1}}))
	limited := fixture(t, "rate_limit_trial.json") // retry_after 60
	s.handle("POST /api/send-message", func(*http.Request, int) reply { return reply{status: 429, body: limited} })
	contacts := fixture(t, "contacts.json")
	var sentAt time.Time
	s.handle("GET /api/contacts", func(*http.Request, int) reply { sentAt = clk.Now(); return ok(contacts) })
	ctx := context.Background()
	t0 := clk.Now()
	if _, err := c.Session("1").SendText(ctx, "+1", "a"); !IsStatus(err, 429) {
		t.Fatalf("err = %v", err)
	}
	clk.Advance(15 * time.Second)
	if _, err := c.Session("1").Contacts(ctx); err != nil {
		t.Fatal(err)
	}
	if w := clk.Waits(); len(w) != 1 || w[0] != 45*time.Second {
		t.Errorf("waits = %v, want the rest of the hold, 45s", w)
	}
	if !sentAt.Equal(t0.Add(time.Minute)) {
		t.Errorf("sent at %v, want when the hold ended, %v", sentAt, t0.Add(time.Minute))
	}
}

// A 429 that names no wait holds for defaultHold, and the GET that got it
// retries after that wait, not after its shorter backoff.
func TestA429WithoutAWaitHoldsDefaultHold(t *testing.T) {
	s := newAPIServer(t)
	clk := newFakeClock()
	c := s.client(t, clk.opts(Options{Token: testPAT, Timeout: time.Minute}))
	list := fixture(t, "sessions_list.json")
	s.handle("GET /api/whatsapp-sessions", func(_ *http.Request, n int) reply {
		if n == 0 {
			return reply{status: 429, body: []byte(`{"message":"slow down"}`)}
		}
		return ok(list)
	})
	if _, err := c.ListSessions(context.Background()); err != nil {
		t.Fatalf("the retry after the hold failed: %v", err)
	}
	if w := clk.Waits(); len(w) != 1 || w[0] != defaultHold {
		t.Errorf("waits = %v, want one of %v", w, defaultHold)
	}
}

func TestHeldUntilWithOnlyTheFallbackKey(t *testing.T) {
	s := newAPIServer(t)
	clk := newFakeClock()
	c := s.client(t, clk.opts(Options{APIKey: "only-key", Retry: RetryPolicy{MaxAttempts: 1}}))
	s.handle("GET /api/status", func(*http.Request, int) reply {
		return reply{status: 429, body: []byte(`{"message":"slow","retry_after":7}`)}
	})
	if _, err := c.Session("").Status(context.Background()); !IsStatus(err, 429) {
		t.Fatalf("err = %v", err)
	}
	want := clk.Now().Add(7 * time.Second)
	if got := c.HeldUntil(""); !got.Equal(want) {
		t.Errorf("HeldUntil(\"\") = %v, want %v", got, want)
	}
	if got := c.HeldUntil("9"); !got.Equal(want) {
		t.Errorf("a session without its own key uses the same key: %v", got)
	}
}

func TestHoldsUnit(t *testing.T) {
	h := newHolds()
	now := time.Unix(1000, 0)
	h.hold("s", now, time.Minute)
	h.hold("s", now, time.Second) // never shortens
	if got := h.get("s", now); !got.Equal(now.Add(time.Minute)) {
		t.Errorf("hold = %v", got)
	}
	h.hold("t", now, 1000*time.Hour)
	if got := h.get("t", now); !got.Equal(now.Add(maxHold)) {
		t.Errorf("long hold = %v, want capped at %v", got, maxHold)
	}
	if !h.get("s", now.Add(time.Minute)).IsZero() || !h.get("", now).IsZero() {
		t.Error("an ended hold or no secret is not held")
	}
	if len(h.until) != 1 {
		t.Errorf("ended holds are dropped: %v", h.until)
	}
}

func TestNoWaitFailsAtOnceSayingHowLong(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	slept := time.Duration(0)
	c, err := New(Options{BaseURL: "http://127.0.0.1:1/api", APIKey: "k",
		Now: func() time.Time { return now }, Sleep: func(_ context.Context, d time.Duration) error { slept += d; return nil }})
	if err != nil {
		t.Fatal(err)
	}
	c.holds.hold("k", now, 5*time.Second) // short enough to be slept through without NoWait
	_, err = c.Session("").GroupMetadata(NoWait(context.Background()), "1@g.us")
	e, ok := AsError(err)
	if !ok || !errors.Is(err, ErrHeld) || e.RetryAfter != 5*time.Second || slept != 0 {
		t.Fatalf("err %v, slept %v", err, slept)
	}
}
