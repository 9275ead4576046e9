package fake

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// Throw malformed and random requests at every route: nothing may answer
// 500 (the recovered-panic answer) and everything must be JSON.
func TestNoInputPanics(t *testing.T) {
	h := newHarness(t, Options{Contacts: 40, Groups: 5})
	r := rand.New(rand.NewPCG(1, 2))
	tokens := []string{"", h.pat(), h.key(supportDesk), h.key(fieldTeam), "Bearer", "x"}
	params := []string{"11", "0", "-1", "999999999999999999999", "%40", "%2F", "@g.us", "1203630@g.us", "+", "%zz",
		"..", "abc", strings.Repeat("9", 300), "120363000000000000%40g.us", contactOf(h, supportDesk, 0), firstGroup(h, supportDesk)}
	bodies := []string{"", "{}", "null", "[]", `{"to":123,"text":5}`, `{"to":"+4915112345678","poll":{"options":"x"}}`,
		`{"location":{"latitude":"n"},"to":"1"}`, `{"contact":[],"to":"x@g.us"}`, `{"name":[],"phone_number":{},"webhook_events":[1,{}]}`,
		`{"linkMethod":7}`, "\x00\xff", `{"replyTo":"1e999","to":"4915112345678","text":"x"}`, `{"replyTo":1e999}`}
	queries := []string{"", "?page=-5", "?per_page=1e9", "?paginated=true&limit=-1&page=9999999", "?status=%zz", "?paginated=maybe"}
	methods := []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}
	for i := 0; i < 3000; i++ {
		rt := routes[r.IntN(len(routes))]
		segs := make([]string, len(rt.pattern))
		for k, p := range rt.pattern {
			segs[k] = p
			if p == "{}" {
				segs[k] = params[r.IntN(len(params))]
			}
		}
		target := "/api/" + strings.Join(segs, "/") + queries[r.IntN(len(queries))]
		req, err := http.NewRequest(methods[r.IntN(len(methods))], "http://fake"+target, bytes.NewBufferString(bodies[r.IntN(len(bodies))]))
		if err != nil {
			continue // not a URL a client could send
		}
		if tok := tokens[r.IntN(len(tokens))]; tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		rec := serve(h.srv, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s: %d %s", req.Method, target, rec.Code, rec.Body)
		}
		if ct := rec.Header().Get("Content-Type"); rec.Code != 204 && !strings.HasPrefix(ct, "application/json") {
			t.Fatalf("%s %s: Content-Type %q", req.Method, target, ct)
		}
		if i%50 == 0 {
			h.clock.Advance(time.Minute)
		}
	}
}

func TestPanicsBecomeJSON500(t *testing.T) {
	h := newHarness(t, Options{})
	h.srv.mu.Lock()
	h.srv.sessions[supportDesk].contacts = nil // a broken world
	h.srv.mu.Unlock()
	r := h.do("GET", "/api/contacts", h.key(supportDesk), nil)
	if r.status != 500 || string(r.body) != `{"success":false,"message":"Server Error"}` {
		t.Fatalf("%d %s", r.status, r.body)
	}
	if r := h.do("GET", "/api/status", h.key(supportDesk), nil); r.status != 200 {
		t.Errorf("the lock was not released after the panic: %d", r.status)
	}
}

// Requests and control calls from many goroutines; run with -race.
func TestConcurrentUse(t *testing.T) {
	h := newHarness(t, Options{LogActivity: true, AutoPair: time.Second})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 40 {
				switch (g + i) % 6 {
				case 0:
					h.srv.AddMessageLogs(salesEU, 2)
				case 1:
					h.srv.AddSessionLogs(supportDesk, 1)
				case 2:
					_ = h.srv.SetStatus(marketingBot, "need_scan")
				case 3:
					h.clock.Advance(700 * time.Millisecond)
				}
				req := newRequest("GET", fmt.Sprintf("/api/whatsapp-sessions/%d/message-logs?page=%d", 11+i%3, 1+i%4), nil)
				req.Header.Set("Authorization", "Bearer "+h.srv.PersonalToken())
				if rec := serve(h.srv, req); rec.Code != 200 {
					t.Errorf("%d", rec.Code)
				}
				_ = h.srv.SessionKeys()
				_ = h.srv.Requests("/api/")
			}
		}()
	}
	wg.Wait()
}
