package fake

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestFailNext(t *testing.T) {
	h := newHarness(t, Options{})
	key := h.key(supportDesk)
	h.srv.FailNext("GET", "/api/contacts", 503, "", 2)
	h.srv.FailNext("", "/api/status", 500, `{"success":false,"message":"boom"}`, 1)
	for i := range 2 {
		r := h.do("GET", "/api/contacts?paginated=true", key, nil)
		if r.status != 503 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") || json.Valid(r.body) {
			t.Fatalf("injected failure %d: %d %q", i, r.status, r.body)
		}
	}
	if r := h.do("GET", "/api/contacts?paginated=true", key, nil); r.status != 200 {
		t.Errorf("third request: %d", r.status)
	}
	if r := h.do("POST", "/api/status", key, nil); r.status != 500 || string(r.body) != `{"success":false,"message":"boom"}` {
		t.Errorf("JSON failure on any method: %d %s", r.status, r.body)
	}
	if r := h.do("GET", "/api/status", key, nil); r.status != 200 {
		t.Errorf("after the injected one: %d", r.status)
	}
	h.srv.FailNext("POST", "/api/send-message", 502, "", 1)
	if r := h.do("GET", "/api/groups", key, nil); r.status != 200 {
		t.Errorf("a non-matching request was failed: %d", r.status)
	}
	if got := h.srv.Requests("/api/contacts"); got != 3 {
		t.Errorf("Requests(/api/contacts) = %d, want 3", got)
	}
	if got := h.srv.Requests("/api/"); got != 6 {
		t.Errorf("Requests(/api/) = %d, want 6", got)
	}
}

func TestLatency(t *testing.T) {
	h := newHarness(t, Options{Latency: 30 * time.Millisecond})
	start := time.Now()
	h.do("GET", "/api/status", h.key(supportDesk), nil)
	if took := time.Since(start); took < 30*time.Millisecond {
		t.Errorf("request took %v with 30ms latency", took)
	}
}
