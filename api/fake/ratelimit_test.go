package fake

import (
	"encoding/json"
	"strconv"
	"testing"
	"time"
)

func TestPublishedRateLimits(t *testing.T) {
	h := newHarness(t, Options{})
	key := h.key(supportDesk)
	jid := firstGroup(h, supportDesk)
	contact := contactOf(h, supportDesk, 0)
	for _, tc := range []struct {
		path  string
		limit int
	}{
		{"/api/groups/" + jid + "/metadata", 10},
		{"/api/groups/" + jid + "/participants", 10},
		{"/api/contacts/" + contact + "/picture", 60},
		{"/api/on-whatsapp/" + contact, 60},
	} {
		t.Run(tc.path, func(t *testing.T) {
			start := h.clock.Now()
			for i := range tc.limit {
				r := h.do("GET", tc.path, key, nil)
				if r.status != 200 {
					t.Fatalf("request %d: %d", i+1, r.status)
				}
				if r.header.Get("X-RateLimit-Limit") != strconv.Itoa(tc.limit) ||
					r.header.Get("X-RateLimit-Remaining") != strconv.Itoa(tc.limit-1-i) ||
					r.header.Get("X-RateLimit-Reset") != strconv.FormatInt(start.Add(time.Minute).Unix(), 10) {
					t.Fatalf("request %d headers %v", i+1, r.header)
				}
			}
			h.clock.Advance(20 * time.Second)
			over := h.do("GET", tc.path, key, nil)
			if over.status != 429 || over.header.Get("Retry-After") != "40" {
				t.Fatalf("over the limit: %d Retry-After=%q", over.status, over.header.Get("Retry-After"))
			}
			var body map[string]json.RawMessage
			if err := json.Unmarshal(over.body, &body); err != nil || len(body) != 2 || string(body["retry_after"]) != "40" || body["message"] == nil {
				t.Errorf("429 body %s: want only message and retry_after", over.body)
			}
			if r := h.do("GET", tc.path, h.key(salesEU), nil); r.status == 429 {
				t.Error("another session shares the limit")
			}
			h.clock.Advance(40 * time.Second)
			if r := h.do("GET", tc.path, key, nil); r.status != 200 {
				t.Errorf("after the window: %d", r.status)
			}
		})
	}
}

func TestDefaultLimitHeadersEverywhere(t *testing.T) {
	h := newHarness(t, Options{})
	for _, r := range []response{
		h.do("GET", "/api/whatsapp-sessions", h.pat(), nil),
		h.do("GET", "/api/status", h.key(salesEU), nil),
		h.do("GET", "/api/nope", "", nil),
		h.do("DELETE", "/api/whatsapp-sessions/16", h.pat(), nil),
	} {
		reset, err := strconv.ParseInt(r.header.Get("X-RateLimit-Reset"), 10, 64)
		if r.header.Get("X-RateLimit-Limit") != "1000" || r.header.Get("X-RateLimit-Remaining") == "" || err != nil || reset < testEpoch.Unix() {
			t.Errorf("%d: headers %v", r.status, r.header)
		}
	}
	h.do("GET", "/api/whatsapp-sessions", h.pat(), nil)
	if r := h.do("GET", "/api/whatsapp-sessions", h.pat(), nil); r.header.Get("X-RateLimit-Remaining") != "997" {
		t.Errorf("remaining %s after three list calls", r.header.Get("X-RateLimit-Remaining"))
	}
}

func TestSendMessageLimitWithoutProtection(t *testing.T) {
	h := newHarness(t, Options{})
	to := "+" + contactOf(h, salesEU, 0)
	for i := range 256 {
		if r := send(h, salesEU, map[string]any{"to": to, "text": "x"}); r.status != 200 {
			t.Fatalf("send %d: %d", i+1, r.status)
		}
	}
	if r := send(h, salesEU, map[string]any{"to": to, "text": "x"}); r.status != 429 {
		t.Errorf("send 257 within a minute: %d", r.status)
	}
}

func TestDefaultLimitIsASwitch(t *testing.T) {
	for _, tc := range []struct {
		limit, allowed int
	}{{3, 3}, {-1, 50}} {
		h := newHarness(t, Options{DefaultLimit: tc.limit})
		ok := 0
		for range 50 {
			if h.do("GET", "/api/status", h.key(salesEU), nil).status == 200 {
				ok++
			}
		}
		if ok != tc.allowed {
			t.Errorf("DefaultLimit %d: %d of 50 answered, want %d", tc.limit, ok, tc.allowed)
		}
	}
}
