package api

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

// hangUp drops the connection without an answer: a network error.
func hangUp(t *testing.T, w http.ResponseWriter) reply {
	hj, okh := w.(http.Hijacker)
	if !okh {
		t.Fatal("cannot hijack")
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		t.Fatal(err)
	}
	conn.Close()
	return reply{} // status 0: already handled
}

// rawHandle is handle with access to the ResponseWriter.
func (s *apiServer) rawHandle(route string, h func(w http.ResponseWriter, r *http.Request, n int) reply) {
	s.handle(route, func(r *http.Request, n int) reply {
		return h(s.writerFor(r), r, n)
	})
}

func TestGetRetriedOnNetworkError(t *testing.T) {
	s := newAPIServer(t)
	clk := newFakeClock()
	c := s.client(t, clk.opts(Options{Token: testPAT}))
	list := fixture(t, "sessions_list.json")
	s.rawHandle("GET /api/whatsapp-sessions", func(w http.ResponseWriter, _ *http.Request, n int) reply {
		if n < 2 {
			return hangUp(t, w)
		}
		return ok(list)
	})
	got, err := c.ListSessions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || s.count("GET /api/whatsapp-sessions") != 3 {
		t.Errorf("%d sessions after %d requests", len(got), s.count("GET /api/whatsapp-sessions"))
	}
	waits := clk.Waits()
	if len(waits) != 2 {
		t.Fatalf("waits = %v, want two backoffs", waits)
	}
	// Equal jitter: attempt n waits between half and all of base*2^(n-1).
	checkBackoff(t, waits[0], 300*time.Millisecond)
	checkBackoff(t, waits[1], 600*time.Millisecond)
}

func checkBackoff(t *testing.T, got, full time.Duration) {
	t.Helper()
	if got < full/2 || got > full {
		t.Errorf("backoff %v outside [%v, %v]", got, full/2, full)
	}
}

func TestNetworkErrorAfterAllAttempts(t *testing.T) {
	s := newAPIServer(t)
	c := s.client(t, newFakeClock().opts(Options{Token: testPAT}))
	s.rawHandle("GET /api/whatsapp-sessions", func(w http.ResponseWriter, _ *http.Request, _ int) reply { return hangUp(t, w) })
	_, err := c.ListSessions(context.Background())
	e := mustErr(t, err)
	if e.Status != 0 || e.Op != "list sessions" || e.Unwrap() == nil {
		t.Errorf("error = %+v", e)
	}
	if n := s.count("GET /api/whatsapp-sessions"); n != DefaultRetry.MaxAttempts {
		t.Errorf("%d attempts, want %d", n, DefaultRetry.MaxAttempts)
	}
}

func TestGetRetriedOn5xxAnd429(t *testing.T) {
	s := newAPIServer(t)
	clk := newFakeClock()
	c := s.client(t, clk.opts(Options{Token: testPAT}))
	list := fixture(t, "sessions_list.json")
	trial := fixture(t, "rate_limit_protection.json") // retry_after 5
	s.handle("GET /api/whatsapp-sessions", func(_ *http.Request, n int) reply {
		switch n {
		case 0:
			return reply{status: 503, body: []byte(`{"message":"Service Unavailable"}`)}
		case 1:
			return reply{status: 429, body: trial}
		case 2:
			return reply{status: 500, body: []byte("oops"), header: http.Header{"Retry-After": {"2"}}}
		}
		return ok(list)
	})
	if _, err := c.ListSessions(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := s.count("GET /api/whatsapp-sessions"); n != 4 {
		t.Errorf("%d requests, want 4", n)
	}
	waits := clk.Waits()
	if len(waits) != 3 {
		t.Fatalf("waits = %v", waits)
	}
	checkBackoff(t, waits[0], 300*time.Millisecond)
	if waits[1] != 5*time.Second { // retry_after beats the 600 ms backoff
		t.Errorf("wait after 429 = %v, want the body's 5s", waits[1])
	}
	if waits[2] != 2*time.Second { // the header's 2 s beats the 1.2 s backoff
		t.Errorf("wait after 500 = %v, want Retry-After 2s", waits[2])
	}
}

func TestRetryAfterBeyondCapReturnsAtOnce(t *testing.T) {
	s := newAPIServer(t)
	clk := newFakeClock()
	c := s.client(t, clk.opts(Options{Token: testPAT}))
	s.handle("GET /api/whatsapp-sessions", func(*http.Request, int) reply {
		return reply{status: 429, body: []byte(`{"message":"Too many"}`), header: http.Header{"Retry-After": {"3600"}}}
	})
	start := time.Now()
	_, err := c.ListSessions(context.Background())
	e := mustErr(t, err)
	if e.Status != 429 || e.RetryAfter != time.Hour {
		t.Errorf("error = %+v", e)
	}
	if n := s.count("GET /api/whatsapp-sessions"); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
	if w := clk.Waits(); len(w) != 0 {
		t.Errorf("waited %v", w)
	}
	// The token is now held (for at most maxHold): the next call says so at
	// once instead of sleeping into its timeout or asking the server again.
	_, err = c.ListSessions(context.Background())
	e = mustErr(t, err)
	if e.RetryAfter != maxHold || e.Status != 0 || !strings.Contains(e.Message, "rate limit") || !errors.Is(err, ErrHeld) {
		t.Errorf("held call: %+v", e)
	}
	if n := s.count("GET /api/whatsapp-sessions"); n != 1 {
		t.Errorf("%d requests, want still 1", n)
	}
	if el := time.Since(start); el > time.Second {
		t.Errorf("took %v", el)
	}
}

func TestMutatingCallsNeverRetried(t *testing.T) {
	s := newAPIServer(t)
	clk := newFakeClock()
	c := s.client(t, clk.opts(Options{Token: testPAT, SessionKeys: map[string]string{"1": "k"}}))
	unavailable := reply{status: 503, body: []byte(`{"message":"Service Unavailable"}`)}
	limited := reply{status: 429, body: fixture(t, "rate_limit_trial.json")}
	s.handle("POST /api/whatsapp-sessions", func(*http.Request, int) reply { return unavailable })
	s.handle("PUT /api/whatsapp-sessions/1", func(*http.Request, int) reply { return unavailable })
	s.handle("DELETE /api/whatsapp-sessions/1", func(*http.Request, int) reply { return unavailable })
	s.handle("POST /api/whatsapp-sessions/1/connect", func(*http.Request, int) reply { return unavailable })
	s.handle("POST /api/send-message", func(*http.Request, int) reply { return limited })
	s.rawHandle("POST /api/whatsapp-sessions/1/restart", func(w http.ResponseWriter, _ *http.Request, _ int) reply { return hangUp(t, w) })
	ctx := context.Background()
	calls := map[string]func() error{
		"POST /api/whatsapp-sessions": func() error {
			_, err := c.CreateSession(ctx, SessionInput{Name: ptr("x")})
			return err
		},
		"PUT /api/whatsapp-sessions/1": func() error {
			_, err := c.UpdateSession(ctx, "1", SessionInput{Name: ptr("x")})
			return err
		},
		"DELETE /api/whatsapp-sessions/1":       func() error { return c.DeleteSession(ctx, "1") },
		"POST /api/whatsapp-sessions/1/connect": func() error { _, err := c.ConnectSession(ctx, "1", ""); return err },
		"POST /api/send-message": func() error {
			_, err := c.Session("1").SendText(ctx, "+1", "once")
			return err
		},
		"POST /api/whatsapp-sessions/1/restart": func() error { _, err := c.RestartSession(ctx, "1"); return err },
	}
	for route, call := range calls {
		if err := call(); err == nil {
			t.Errorf("%s: want an error", route)
		}
		if n := s.count(route); n != 1 {
			t.Errorf("%s sent %d times, want 1", route, n)
		}
	}
	if w := clk.Waits(); len(w) != 0 {
		t.Errorf("mutating calls waited %v", w)
	}
}

func TestCancelStopsACallInFlight(t *testing.T) {
	s := newAPIServer(t)
	c := s.client(t, newFakeClock().opts(Options{Token: testPAT}))
	s.handle("GET /api/whatsapp-sessions", func(r *http.Request, _ int) reply {
		<-r.Context().Done() // never answers
		return reply{}
	})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.ListSessions(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want one that unwraps to context.Canceled", err)
	}
	if e := mustErr(t, err); e.Message != "cancelled" {
		t.Errorf("message = %q", e.Message)
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Errorf("took %v", el)
	}
	if n := s.count("GET /api/whatsapp-sessions"); n != 1 {
		t.Errorf("%d requests: a cancelled call must not be retried", n)
	}
}

func TestTimeoutStopsEverything(t *testing.T) {
	s := newAPIServer(t)
	c := s.client(t, Options{Token: testPAT, Timeout: 50 * time.Millisecond}) // real sleeps
	s.handle("GET /api/whatsapp-sessions", func(r *http.Request, _ int) reply {
		<-r.Context().Done()
		return reply{}
	})
	start := time.Now()
	_, err := c.ListSessions(context.Background())
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want one that unwraps to DeadlineExceeded", err)
	}
	if e := mustErr(t, err); e.Message != "no answer within 50ms" {
		t.Errorf("message = %q", e.Message)
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Errorf("took %v", el)
	}
}

func TestCancelDuringBackoff(t *testing.T) {
	s := newAPIServer(t)
	// Real sleeps and a long backoff: only cancellation can end the wait.
	c := s.client(t, Options{Token: testPAT, Retry: RetryPolicy{MaxAttempts: 5, BaseDelay: 10 * time.Second, MaxDelay: 10 * time.Second}})
	s.handle("GET /api/whatsapp-sessions", func(*http.Request, int) reply {
		return reply{status: 503, body: []byte(`{"message":"down for maintenance"}`)}
	})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(30*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.ListSessions(ctx)
	if el := time.Since(start); el > 2*time.Second {
		t.Errorf("took %v", el)
	}
	// The last answer is worth more than "cancelled".
	if e := mustErr(t, err); e.Status != 503 || e.Message != "down for maintenance" {
		t.Errorf("error = %+v", e)
	}
	if n := s.count("GET /api/whatsapp-sessions"); n != 1 {
		t.Errorf("%d requests", n)
	}
}

func TestBackoffLongerThanDeadlineNotStarted(t *testing.T) {
	s := newAPIServer(t)
	clk := newFakeClock()
	c := s.client(t, clk.opts(Options{Token: testPAT, Timeout: time.Second,
		Retry: RetryPolicy{MaxAttempts: 3, BaseDelay: 10 * time.Second, MaxDelay: 10 * time.Second}}))
	s.handle("GET /api/whatsapp-sessions", func(*http.Request, int) reply { return reply{status: 502, body: []byte(`{}`)} })
	_, err := c.ListSessions(context.Background())
	if e := mustErr(t, err); e.Status != 502 {
		t.Errorf("error = %+v", e)
	}
	if w := clk.Waits(); len(w) != 0 {
		t.Errorf("waits = %v: a backoff past the deadline must not start", w)
	}
}

func TestBackoffGrowsAndIsCapped(t *testing.T) {
	p := RetryPolicy{BaseDelay: 100 * time.Millisecond, MaxDelay: 400 * time.Millisecond}
	for n, full := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 3: 400 * time.Millisecond, 10: 400 * time.Millisecond} {
		for range 50 {
			checkBackoff(t, p.backoff(n), full)
		}
	}
	if (RetryPolicy{}).backoff(1) != 0 {
		t.Error("zero policy backoff")
	}
}

func TestPartialRetryPolicyKeepsDefaults(t *testing.T) {
	c, err := New(Options{Retry: RetryPolicy{MaxAttempts: 2}})
	if err != nil {
		t.Fatal(err)
	}
	want := DefaultRetry
	want.MaxAttempts = 2
	if c.retry != want {
		t.Errorf("retry = %+v, want %+v", c.retry, want)
	}
}

func TestNewValidatesBaseURL(t *testing.T) {
	for _, bad := range []string{"ftp://x/api", "://", "http://", "not a url"} {
		if _, err := New(Options{BaseURL: bad}); err == nil {
			t.Errorf("New(%q) accepted", bad)
		}
	}
	c, err := New(Options{BaseURL: " https://www.wasenderapi.com/api/ "})
	if err != nil || c.BaseURL() != "https://www.wasenderapi.com/api" || c.Host() != "www.wasenderapi.com" {
		t.Errorf("%v %q %q", err, c.BaseURL(), c.Host())
	}
	if c, _ := New(Options{}); c.BaseURL() != DefaultBaseURL {
		t.Errorf("default base %q", c.BaseURL())
	}
}

func TestRetriesWhateverTheInjectedClockSays(t *testing.T) {
	// Deadlines are wall-clock; the injected clock (pacing, Retry-After
	// dates) may be anywhere. A clock far ahead must not make every backoff
	// look past the deadline.
	s := newAPIServer(t)
	clk := newFakeClock()
	clk.now = time.Date(2099, 1, 1, 0, 0, 0, 0, time.UTC)
	c := s.client(t, clk.opts(Options{Token: testPAT}))
	list := fixture(t, "sessions_list.json")
	s.handle("GET /api/whatsapp-sessions", func(_ *http.Request, n int) reply {
		if n == 0 {
			return reply{status: 503, body: []byte(`{}`)}
		}
		return ok(list)
	})
	if _, err := c.ListSessions(context.Background()); err != nil {
		t.Fatalf("err = %v", err)
	}
	if n := s.count("GET /api/whatsapp-sessions"); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

func TestRetryAfterAboveMaxRetryAfterNotWaited(t *testing.T) {
	// Even when the call's timeout would allow it, a server asking for more
	// than MaxRetryAfter (30 s) gets its error reported, not slept through.
	s := newAPIServer(t)
	clk := newFakeClock()
	c := s.client(t, clk.opts(Options{Token: testPAT, Timeout: 10 * time.Minute}))
	s.handle("GET /api/whatsapp-sessions", func(*http.Request, int) reply {
		return reply{status: 503, body: []byte(`{"message":"maintenance"}`), header: http.Header{"Retry-After": {"60"}}}
	})
	_, err := c.ListSessions(context.Background())
	if e := mustErr(t, err); e.Status != 503 || e.RetryAfter != time.Minute {
		t.Errorf("error = %+v", e)
	}
	if w := clk.Waits(); len(w) != 0 {
		t.Errorf("waited %v", w)
	}
	if n := s.count("GET /api/whatsapp-sessions"); n != 1 {
		t.Errorf("%d requests", n)
	}
}
