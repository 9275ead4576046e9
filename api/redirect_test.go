package api

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// otherHost serves a session list and counts what it was asked.
func otherHost(t *testing.T) (*httptest.Server, *atomic.Int32) {
	var hits atomic.Int32
	list := fixture(t, "sessions_list.json")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write(list)
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func redirectTo(location string) func(*http.Request, int) reply {
	return func(*http.Request, int) reply {
		return reply{status: http.StatusMovedPermanently, header: http.Header{"Location": {location}}}
	}
}

func TestRedirectToAnotherHostIsNotFollowed(t *testing.T) {
	other, hits := otherHost(t)
	for _, tc := range []struct{ name, location, shown string }{
		{"another host", other.URL + "/api/whatsapp-sessions", other.URL + "/api/whatsapp-sessions"},
		{"a password in it", strings.Replace(other.URL, "http://", "http://user:secretpw@", 1) + "/x", "http://user:xxxxx@"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newAPIServer(t)
			c := s.client(t, newFakeClock().opts(Options{Token: testPAT}))
			s.handle("GET /api/whatsapp-sessions", redirectTo(tc.location))
			_, err := c.ListSessions(context.Background())
			e := mustErr(t, err)
			if e.Status != 301 || !strings.Contains(e.Message, "redirected to "+tc.shown) || !strings.Contains(e.Message, "not followed") {
				t.Errorf("error = %v", err)
			}
			if strings.Contains(err.Error(), "secretpw") {
				t.Errorf("the redirect's password is shown: %v", err)
			}
			if n := s.count("GET /api/whatsapp-sessions"); n != 1 {
				t.Errorf("%d requests: a redirect is not retried", n)
			}
		})
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the other host got %d requests", n)
	}
}

func TestRedirectToAnotherSchemeIsNotFollowed(t *testing.T) {
	s := newAPIServer(t)
	c := s.client(t, newFakeClock().opts(Options{Token: testPAT}))
	to := strings.Replace(s.srv.URL, "http://", "https://", 1) + "/api/v2/whatsapp-sessions"
	s.handle("GET /api/whatsapp-sessions", redirectTo(to))
	_, err := c.ListSessions(context.Background())
	if e := mustErr(t, err); !strings.Contains(e.Message, "redirected to "+to) {
		t.Errorf("error = %v", err)
	}
}

func TestRedirectOnTheSameHostIsFollowedForReads(t *testing.T) {
	s := newAPIServer(t)
	c := s.client(t, newFakeClock().opts(Options{Token: testPAT}))
	s.handle("GET /api/whatsapp-sessions", redirectTo("/api/v2/whatsapp-sessions"))
	s.file("GET /api/v2/whatsapp-sessions", "sessions_list.json")
	list, err := c.ListSessions(context.Background())
	if err != nil || len(list) == 0 {
		t.Fatalf("list = %v, %v", list, err)
	}
	// A POST is never redirected, even on the same host: a 301 would turn
	// it into a GET that does nothing.
	s.handle("POST /api/whatsapp-sessions/1/restart", redirectTo("/api/v2/whatsapp-sessions/1/restart"))
	_, err = c.RestartSession(context.Background(), "1")
	if e := mustErr(t, err); e.Status != 301 || !strings.Contains(e.Message, "not followed") {
		t.Errorf("error = %v", err)
	}
	if n := s.count("GET /api/v2/whatsapp-sessions/1/restart") + s.count("POST /api/v2/whatsapp-sessions/1/restart"); n != 0 {
		t.Errorf("the POST was followed (%d)", n)
	}
}
