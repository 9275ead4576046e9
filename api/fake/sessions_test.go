package fake

import (
	"reflect"
	"regexp"
	"testing"
	"time"
)

var (
	hex64 = regexp.MustCompile(`^[0-9a-f]{64}$`)
	hex32 = regexp.MustCompile(`^[0-9a-f]{32}$`)
	isoZ  = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)
)

func errorsOf(t *testing.T, r response) map[string]any {
	t.Helper()
	if r.status != 422 {
		t.Fatalf("status %d, want 422: %s", r.status, r.body)
	}
	m := r.json(t)
	if m["success"] != false || m["message"] != "Validation failed" {
		t.Errorf("422 envelope %s", r.body)
	}
	return m["errors"].(map[string]any)
}

func TestSeededSessions(t *testing.T) {
	h := newHarness(t, Options{})
	list := h.get("/api/whatsapp-sessions", h.pat(), 200)["data"].([]any)
	want := map[string]string{"Support Desk": "connected", "Sales EU": "connected", "Order Updates": "connected",
		"Marketing Bot": "need_scan", "Field Team": "DISCONNECTED", "Legacy Line": "logged_out"}
	for _, s := range list {
		s := s.(map[string]any)
		if want[s["name"].(string)] != s["status"] {
			t.Errorf("%v: status %v", s["name"], s["status"])
		}
		if _, leaked := s["api_key"]; leaked {
			t.Errorf("list shows api_key for %v", s["name"])
		}
		id := int(s["id"].(float64))
		d := h.get("/api/whatsapp-sessions/"+itoa(id), h.pat(), 200)["data"].(map[string]any)
		if !hex64.MatchString(d["api_key"].(string)) || !hex32.MatchString(d["webhook_secret"].(string)) ||
			!isoZ.MatchString(d["created_at"].(string)) || !isoZ.MatchString(d["updated_at"].(string)) {
			t.Errorf("session %d details %v", id, d)
		}
		if d["api_key"] != h.key(id) {
			t.Errorf("session %d: details key differs from SessionKeys", id)
		}
	}
	if len(list) != len(want) {
		t.Errorf("%d sessions", len(list))
	}
}

func TestCreateValidation(t *testing.T) {
	h := newHarness(t, Options{})
	errs := errorsOf(t, h.do("POST", "/api/whatsapp-sessions", h.pat(), "{}"))
	wantMissing := map[string]any{
		"name":               []any{"The name field is required."},
		"phone_number":       []any{"The phone number field is required."},
		"account_protection": []any{"The account protection field is required."},
		"log_messages":       []any{"The log messages field is required."},
	}
	if !reflect.DeepEqual(errs, wantMissing) {
		t.Errorf("missing fields: %v", errs)
	}
	errs = errorsOf(t, h.do("POST", "/api/whatsapp-sessions", h.pat(), map[string]any{
		"name": "X", "phone_number": "0151 1234", "account_protection": "yes", "log_messages": 1,
		"webhook_url": "Sample Webhook_url", "webhook_events": "all", "proxy_url": "ftp://proxy",
	}))
	for field, msg := range map[string]string{
		"phone_number":       "The phone number field must be a valid international phone number.",
		"account_protection": "The account protection field must be true or false.",
		"webhook_url":        "The webhook url field must be a valid URL.",
		"webhook_events":     "The webhook events field must be an array.",
		"proxy_url":          "The proxy url field must be a valid URL.",
	} {
		if got, _ := errs[field].([]any); len(got) != 1 || got[0] != msg {
			t.Errorf("%s: %v, want %q", field, errs[field], msg)
		}
	}
	if _, has := errs["log_messages"]; has {
		t.Error("log_messages 1 is a valid Laravel boolean")
	}
	errs = errorsOf(t, h.do("POST", "/api/whatsapp-sessions", h.pat(), map[string]any{
		"name": "Dup", "phone_number": "+4915730984412", "account_protection": true, "log_messages": true,
	}))
	if got := errs["phone_number"].([]any)[0]; got != "The phone number has already been taken." {
		t.Errorf("duplicate phone: %v", got)
	}
	if r := h.do("POST", "/api/whatsapp-sessions", h.pat(), "not json"); r.status != 422 {
		t.Errorf("malformed JSON: %d", r.status)
	}
}

func TestCreateThenUseANewSession(t *testing.T) {
	h := newHarness(t, Options{AutoPair: 10 * time.Second})
	r := h.do("POST", "/api/whatsapp-sessions", h.pat(), validCreateBody)
	d := dig(t, r.json(t), "data").(map[string]any)
	if d["id"] != float64(17) || d["status"] != "disconnected" || d["created_at"] != "2025-09-23T12:00:00Z" ||
		d["read_incoming_messages"] != false || !hex64.MatchString(d["api_key"].(string)) {
		t.Fatalf("created %v", d)
	}
	key := d["api_key"].(string)
	if got := h.get("/api/status", key, 200)["status"]; got != "disconnected" {
		t.Errorf("status %v", got)
	}
	h.do("POST", "/api/whatsapp-sessions/17/connect", h.pat(), nil)
	h.clock.Advance(10 * time.Second)
	if got := h.get("/api/status", key, 200)["status"]; got != "connected" {
		t.Fatalf("status after AutoPair %v", got)
	}
	c := readItems(h, "/api/contacts?paginated=true", key)
	if c.total < 250 || len(c.items) != 20 {
		t.Errorf("new session has %d contacts, page of %d", c.total, len(c.items))
	}
}

func TestUpdateValidatesOnlyWhatIsPresent(t *testing.T) {
	h := newHarness(t, Options{})
	errs := errorsOf(t, h.do("PUT", "/api/whatsapp-sessions/12", h.pat(), map[string]any{"name": "", "webhook_url": "nope"}))
	if len(errs) != 2 || errs["name"] == nil || errs["webhook_url"] == nil {
		t.Errorf("errors %v", errs)
	}
	h.clock.Advance(90 * time.Second)
	r := h.do("PUT", "/api/whatsapp-sessions/12", h.pat(), map[string]any{"log_messages": false, "webhook_url": nil, "webhook_events": nil})
	d := dig(t, r.json(t), "data").(map[string]any)
	if d["log_messages"] != false || d["webhook_url"] != nil || d["webhook_events"] != nil || d["name"] != "Sales EU" || d["updated_at"] != "2025-09-23T12:01:30Z" {
		t.Errorf("updated %v", d)
	}
	for _, it := range readLogPage(h, "/api/whatsapp-sessions/12/message-logs").items {
		if it["to"] != nil || it["content"] != nil {
			t.Fatalf("log_messages off but logs still show content: %v", it)
		}
	}
}

func TestRegenerateKeyRetiresTheOldKey(t *testing.T) {
	h := newHarness(t, Options{})
	old := h.key(supportDesk)
	r := h.do("POST", "/api/whatsapp-sessions/11/regenerate-key", old, nil) // the session's own key is tolerated
	fresh := r.json(t)["api_key"].(string)
	if r.status != 200 || !hex64.MatchString(fresh) || fresh == old {
		t.Fatalf("regenerate: %d %s", r.status, r.body)
	}
	if r := h.do("GET", "/api/status", old, nil); r.status != 401 || string(r.body) != `{"success":false,"message":"Invalid API key"}` {
		t.Errorf("old key: %d %s", r.status, r.body)
	}
	if h.get("/api/status", fresh, 200)["status"] != "connected" {
		t.Error("new key does not work")
	}
	if h.key(supportDesk) != fresh || dig(t, h.get("/api/whatsapp-sessions/11", h.pat(), 200), "data", "api_key") != fresh {
		t.Error("SessionKeys or details still show the old key")
	}
}

func TestDeletedSessionIsGone(t *testing.T) {
	h := newHarness(t, Options{})
	key := h.key(orderUpdates)
	if r := h.do("DELETE", "/api/whatsapp-sessions/13", h.pat(), nil); r.status != 204 {
		t.Fatal(r.status)
	}
	if r := h.do("GET", "/api/status", key, nil); r.status != 401 {
		t.Errorf("deleted session's key: %d", r.status)
	}
	if _, found := h.srv.SessionKeys()[orderUpdates]; found {
		t.Error("SessionKeys still lists the deleted session")
	}
	if r := h.do("DELETE", "/api/whatsapp-sessions/13", h.pat(), nil); r.status != 404 {
		t.Errorf("second delete: %d", r.status)
	}
}
