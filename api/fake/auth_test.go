package fake

import (
	"net/http"
	"testing"
)

func TestCredentialRules(t *testing.T) {
	h := newHarness(t, Options{})
	pat, own, other := h.pat(), h.key(supportDesk), h.key(salesEU)
	const (
		unnotarized = `{"success":false,"message":"Unnotarized"}`
		keyRequired = `{"success":false,"message":"API key is required"}`
		keyInvalid  = `{"success":false,"message":"Invalid API key"}`
	)
	for _, tc := range []struct {
		name, method, path, token string
		status                    int
		body                      string // exact body when set
	}{
		{"PAT lists sessions", "GET", "/api/whatsapp-sessions", pat, 200, ""},
		{"no token on a PAT route", "GET", "/api/whatsapp-sessions", "", 401, unnotarized},
		{"session key on a PAT route", "GET", "/api/whatsapp-sessions", own, 401, unnotarized},
		{"garbage on a PAT route", "GET", "/api/whatsapp-sessions", "1|nope", 401, unnotarized},
		{"own key cannot read details", "GET", "/api/whatsapp-sessions/11", own, 401, unnotarized},
		{"own key cannot connect", "POST", "/api/whatsapp-sessions/11/connect", own, 401, unnotarized},
		{"own key cannot read the QR", "GET", "/api/whatsapp-sessions/14/qrcode", h.key(marketingBot), 401, unnotarized},
		{"own key cannot delete", "DELETE", "/api/whatsapp-sessions/11", own, 401, unnotarized},
		{"own key reads session logs", "GET", "/api/whatsapp-sessions/11/session-logs", own, 200, ""},
		{"own key reads message logs", "GET", "/api/whatsapp-sessions/11/message-logs", own, 200, ""},
		{"own key restarts", "POST", "/api/whatsapp-sessions/12/restart", other, 200, ""},
		{"another session's key on logs", "GET", "/api/whatsapp-sessions/11/session-logs", other, 401, unnotarized},
		{"PAT on an unknown session", "GET", "/api/whatsapp-sessions/404", pat, 404, `{"success":false,"error":"The specified session was not found."}`},
		{"PAT on a non-numeric session", "GET", "/api/whatsapp-sessions/my-session-123/session-logs", pat, 404, `{"success":false,"error":"The specified session was not found."}`},
		{"key on a key route", "GET", "/api/status", own, 200, `{"status":"connected"}`},
		{"no token on a key route", "GET", "/api/contacts", "", 401, keyRequired},
		{"PAT on a key route", "GET", "/api/contacts", pat, 401, keyInvalid},
		{"garbage on a key route", "GET", "/api/status", "deadbeef", 401, keyInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := h.do(tc.method, tc.path, tc.token, nil)
			if r.status != tc.status {
				t.Fatalf("status %d, want %d: %s", r.status, tc.status, r.body)
			}
			if tc.body != "" && string(r.body) != tc.body {
				t.Errorf("body %s, want %s", r.body, tc.body)
			}
			for _, hdr := range []string{"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"} {
				if r.header.Get(hdr) == "" {
					t.Errorf("missing %s", hdr)
				}
			}
		})
	}
}

func TestBearerSchemeIsCaseInsensitiveAndRequired(t *testing.T) {
	h := newHarness(t, Options{})
	for auth, want := range map[string]int{
		"bearer " + h.key(supportDesk):  200,
		"BEARER  " + h.key(supportDesk): 200,
		"Basic " + h.key(supportDesk):   401,
		h.key(supportDesk):              401,
		"Bearer ":                       401,
	} {
		req := newRequest("GET", "/api/status", nil)
		req.Header.Set("Authorization", auth)
		rec := serve(h.srv, req)
		if rec.Code != want {
			t.Errorf("Authorization %q: %d, want %d", auth, rec.Code, want)
		}
	}
}

func TestUnknownRouteAndWrongMethod(t *testing.T) {
	h := newHarness(t, Options{})
	for _, p := range []string{"/api/nope", "/api/", "/api", "/", "/api/whatsapp-sessions/11/logs", "/api/qr-code"} {
		r := h.do("GET", p, h.pat(), nil)
		if r.status != 404 || string(r.body) != `{"success":false,"message":"Not Found."}` {
			t.Errorf("GET %s: %d %s", p, r.status, r.body)
		}
	}
	r := h.do("GET", "/api/send-message", h.key(salesEU), nil)
	if r.status != http.StatusMethodNotAllowed || r.header.Get("Allow") != "POST" {
		t.Fatalf("GET send-message: %d Allow=%q %s", r.status, r.header.Get("Allow"), r.body)
	}
	if m := r.json(t); m["success"] != false || m["message"] == "" {
		t.Errorf("405 body %s", r.body)
	}
	if r := h.do("POST", "/api/whatsapp-sessions/11", h.pat(), nil); r.status != 405 || r.header.Get("Allow") != "GET, PUT, PATCH, DELETE" {
		t.Errorf("POST details: %d Allow=%q", r.status, r.header.Get("Allow"))
	}
}
