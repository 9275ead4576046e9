package fake

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"
)

// testEpoch is the fake clock's start: the docs' session-log example day.
var testEpoch = time.Date(2025, 9, 23, 12, 0, 0, 0, time.UTC)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Seeded sessions, by id.
const (
	supportDesk  = 11 // connected, account_protection, log_messages
	salesEU      = 12 // connected
	orderUpdates = 13 // connected, log_messages false
	marketingBot = 14 // need_scan
	fieldTeam    = 15 // disconnected
	legacyLine   = 16 // logged_out
)

type harness struct {
	t     testing.TB
	srv   *Server
	clock *fakeClock
}

func newHarness(t testing.TB, opts Options) *harness {
	t.Helper()
	clock := &fakeClock{t: testEpoch}
	opts.Now = clock.Now
	return &harness{t: t, srv: New(opts), clock: clock}
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v\n%s", err, r.body)
	}
	return m
}

// do sends a request straight into the handler; token "" sends no
// Authorization header.
func (h *harness) do(method, target, token string, body any) response {
	h.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = bytes.NewBufferString(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			h.t.Fatal(err)
		}
		rd = bytes.NewReader(data)
	}
	req := httptest.NewRequest(method, target, rd)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	rec := httptest.NewRecorder()
	h.srv.ServeHTTP(rec, req)
	return response{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
}

func (h *harness) pat() string { return h.srv.PersonalToken() }

func (h *harness) key(id int) string {
	h.t.Helper()
	k, found := h.srv.SessionKeys()[id]
	if !found {
		h.t.Fatalf("no session %d", id)
	}
	return k
}

// get issues a GET and insists on the status.
func (h *harness) get(target, token string, want int) map[string]any {
	h.t.Helper()
	r := h.do("GET", target, token, nil)
	if r.status != want {
		h.t.Fatalf("GET %s: status %d, want %d\n%s", target, r.status, want, r.body)
	}
	return r.json(h.t)
}

// dig walks a decoded JSON value along keys and array indexes.
func dig(t testing.TB, v any, path ...any) any {
	t.Helper()
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, isMap := v.(map[string]any)
			if !isMap {
				t.Fatalf("dig %v: %T is not an object", path, v)
			}
			v = m[k]
		case int:
			a, isArr := v.([]any)
			if !isArr || k >= len(a) {
				t.Fatalf("dig %v: no index %d in %T", path, k, v)
			}
			v = a[k]
		}
	}
	return v
}

func newRequest(method, target string, body io.Reader) *http.Request {
	return httptest.NewRequest(method, target, body)
}

func serve(h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func itoa(n int) string { return strconv.Itoa(n) }

// contactOf returns the digits of contact i of a session, through the API.
func contactOf(h *harness, id, i int) string {
	h.t.Helper()
	body := h.get("/api/contacts?paginated=true&limit=1&page="+itoa(i+1), h.key(id), 200)
	return dig(h.t, body, "data", "items", 0, "jid").(string)
}
