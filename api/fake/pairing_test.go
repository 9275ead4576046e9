package fake

import (
	"strings"
	"testing"
	"time"
)

func statusOf(h *harness, id int) string {
	h.t.Helper()
	return h.get("/api/status", h.key(id), 200)["status"].(string)
}

func qrOf(h *harness, id int) string {
	h.t.Helper()
	return dig(h.t, h.get("/api/whatsapp-sessions/"+itoa(id)+"/qrcode", h.pat(), 200), "data", "qrCode").(string)
}

func newestSessionLog(h *harness, id int) map[string]any {
	h.t.Helper()
	body := h.get("/api/whatsapp-sessions/"+itoa(id)+"/session-logs?per_page=1", h.pat(), 200)
	return dig(h.t, body, "data", "data", 0).(map[string]any)
}

func TestPairingFlowWithFakeClock(t *testing.T) {
	h := newHarness(t, Options{AutoPair: 100 * time.Second})
	if got := statusOf(h, fieldTeam); got != "disconnected" {
		t.Fatalf("status before connect: %s", got)
	}
	if r := h.do("GET", "/api/user", h.key(fieldTeam), nil); r.status != 400 {
		t.Fatalf("/user before pairing: %d %s", r.status, r.body)
	}

	connect := h.do("POST", "/api/whatsapp-sessions/15/connect", h.pat(), "{}")
	qr1 := dig(t, connect.json(t), "data", "qrCode").(string)
	if got := statusOf(h, fieldTeam); got != "need_scan" {
		t.Fatalf("status after connect: %s", got)
	}
	if log := newestSessionLog(h, fieldTeam); log["event_type"] != "status_change" || log["status"] != "need_scan" {
		t.Errorf("newest session log after connect: %v", log)
	}
	if qrOf(h, fieldTeam) != qr1 {
		t.Error("qrcode differs from the string connect returned")
	}
	h.clock.Advance(44 * time.Second)
	if qrOf(h, fieldTeam) != qr1 {
		t.Error("QR rotated before 45 s")
	}
	h.clock.Advance(2 * time.Second)
	qr2 := qrOf(h, fieldTeam)
	if qr2 == qr1 {
		t.Fatal("QR did not rotate after 45 s")
	}
	_, keys1, _ := strings.Cut(qr1, ",")
	_, keys2, _ := strings.Cut(qr2, ",")
	if keys1 != keys2 {
		t.Error("the keys part of the pairing string changed within one connect attempt")
	}
	if r := h.do("POST", "/api/whatsapp-sessions/15/connect", h.pat(), nil); dig(t, r.json(t), "data", "status") != "NEED_SCAN" {
		t.Errorf("connect while scanning: %s", r.body)
	}

	h.clock.Advance(53 * time.Second) // 99 s after connect
	if got := statusOf(h, fieldTeam); got != "need_scan" {
		t.Fatalf("paired early: %s", got)
	}
	h.clock.Advance(time.Second)
	if got := statusOf(h, fieldTeam); got != "connected" {
		t.Fatalf("status after AutoPair: %s", got)
	}
	user := h.get("/api/user", h.key(fieldTeam), 200)
	if id := dig(t, user, "data", "id").(string); !strings.HasPrefix(id, "31612873305:") || !strings.HasSuffix(id, "@s.whatsapp.net") {
		t.Errorf("user id %q", id)
	}
	log := newestSessionLog(h, fieldTeam)
	if log["event_type"] != "status_change" || log["status"] != "connected" || log["occurred_at"] != "2025-09-23T12:01:40.000000Z" {
		t.Errorf("newest session log after pairing: %v", log)
	}
	if r := h.do("POST", "/api/whatsapp-sessions/15/connect", h.pat(), nil); dig(t, r.json(t), "data", "status") != "CONNECTED" {
		t.Errorf("connect when connected: %s", r.body)
	}
	if r := h.do("GET", "/api/whatsapp-sessions/15/qrcode", h.pat(), nil); r.status != 400 {
		t.Errorf("qrcode when connected: %d %s", r.status, r.body)
	}
	details := h.get("/api/whatsapp-sessions/15", h.pat(), 200)
	if dig(t, details, "data", "status") != "connected" {
		t.Errorf("details status %v", dig(t, details, "data", "status"))
	}
	// a fresh attempt gets fresh keys
	h.do("POST", "/api/whatsapp-sessions/15/disconnect", h.pat(), nil)
	again := dig(t, h.do("POST", "/api/whatsapp-sessions/15/connect", h.pat(), nil).json(t), "data", "qrCode").(string)
	if _, keys3, _ := strings.Cut(again, ","); keys3 == keys1 {
		t.Error("a new connect attempt reused the previous keys")
	}
}

func TestQRCodeBeforeConnect(t *testing.T) {
	h := newHarness(t, Options{})
	r := h.do("GET", "/api/whatsapp-sessions/16/qrcode", h.pat(), nil)
	if r.status != 400 || string(r.body) != `{"success":false,"error":"WhatsApp session is not initialized. Please connect first."}` {
		t.Fatalf("%d %s", r.status, r.body)
	}
}

func TestPairByHand(t *testing.T) {
	h := newHarness(t, Options{}) // AutoPair 0: never by itself
	h.do("POST", "/api/whatsapp-sessions/15/connect", h.pat(), nil)
	h.clock.Advance(time.Hour)
	if got := statusOf(h, fieldTeam); got != "need_scan" {
		t.Fatalf("paired without being asked: %s", got)
	}
	if err := h.srv.Pair(fieldTeam); err != nil {
		t.Fatal(err)
	}
	if got := statusOf(h, fieldTeam); got != "connected" {
		t.Fatalf("after Pair: %s", got)
	}
	if err := h.srv.Pair(supportDesk); err == nil {
		t.Error("Pair on a connected session succeeded")
	}
	if err := h.srv.Pair(999); err == nil {
		t.Error("Pair on an unknown session succeeded")
	}
	// the seeded need_scan session has a QR waiting and pairs too
	qrOf(h, marketingBot)
	if err := h.srv.Pair(marketingBot); err != nil {
		t.Fatal(err)
	}
	h.get("/api/contacts?paginated=true", h.key(marketingBot), 200)
}

func TestPasskeyLinking(t *testing.T) {
	h := newHarness(t, Options{})
	r := h.do("POST", "/api/whatsapp-sessions/16/connect", h.pat(), map[string]any{"linkMethod": "passkey"})
	token := dig(t, r.json(t), "data", "passkey", "token").(string)
	if expires := dig(t, r.json(t), "data", "passkey", "expires_at"); expires != "2025-09-23T12:05:00Z" {
		t.Errorf("expires_at %v", expires)
	}
	if got := statusOf(h, legacyLine); got != "need_passkey" {
		t.Fatalf("status %s", got)
	}
	if got := dig(t, h.get("/api/whatsapp-sessions/16/passkey-token", h.pat(), 200), "data", "token"); got != token {
		t.Errorf("passkey-token %v, want %s", got, token)
	}
	if err := h.srv.Pair(legacyLine); err != nil {
		t.Fatal(err)
	}
	if got := statusOf(h, legacyLine); got != "connected" {
		t.Fatalf("status %s", got)
	}
}

func TestRestartGoesThroughConnecting(t *testing.T) {
	h := newHarness(t, Options{})
	h.get("/api/user", h.key(salesEU), 200)
	if r := h.do("POST", "/api/whatsapp-sessions/12/restart", h.pat(), nil); r.status != 200 {
		t.Fatalf("restart: %d %s", r.status, r.body)
	}
	if got := statusOf(h, salesEU); got != "connecting" {
		t.Fatalf("right after restart: %s", got)
	}
	if r := h.do("GET", "/api/groups", h.key(salesEU), nil); r.status != 400 {
		t.Errorf("groups while restarting: %d", r.status)
	}
	h.clock.Advance(3 * time.Second)
	if got := statusOf(h, salesEU); got != "connected" {
		t.Fatalf("3 s after restart: %s", got)
	}
	if log := newestSessionLog(h, salesEU); log["event_type"] != "session_restarted" || log["status"] != "connected" {
		t.Errorf("newest log %v, want session_restarted/connected as in the docs", log)
	}
}

func TestDisconnectFailsMessagesInFlight(t *testing.T) {
	h := newHarness(t, Options{})
	send := h.do("POST", "/api/send-message", h.key(salesEU), map[string]any{"to": "+" + contactOf(h, salesEU, 0), "text": "hi"})
	if send.status != 200 {
		t.Fatalf("send: %d %s", send.status, send.body)
	}
	h.do("POST", "/api/whatsapp-sessions/12/disconnect", h.pat(), nil)
	if got := statusOf(h, salesEU); got != "disconnected" {
		t.Fatalf("status %s", got)
	}
	h.clock.Advance(10 * time.Second)
	newest := dig(t, h.get("/api/whatsapp-sessions/12/message-logs?per_page=1", h.pat(), 200), "data", "data", 0)
	if dig(t, newest, "status") != "failed" || dig(t, newest, "failed_reason") != "session disconnected" {
		t.Errorf("message sent just before disconnect: %v", newest)
	}
	if r := h.do("GET", "/api/user", h.key(salesEU), nil); r.status != 400 {
		t.Errorf("/user after disconnect: %d", r.status)
	}
}

func TestSetStatus(t *testing.T) {
	h := newHarness(t, Options{})
	for _, st := range []string{"expired", "logged_out", "connecting", "connected", "disconnected"} {
		if err := h.srv.SetStatus(supportDesk, st); err != nil {
			t.Fatal(err)
		}
		if got := statusOf(h, supportDesk); got != st {
			t.Errorf("SetStatus %s: /status says %s", st, got)
		}
		if log := newestSessionLog(h, supportDesk); log["status"] != st {
			t.Errorf("SetStatus %s: newest log %v", st, log)
		}
	}
	if err := h.srv.SetStatus(supportDesk, "CONNECTED"); err == nil {
		t.Error("accepted an unknown status")
	}
	if err := h.srv.SetStatus(supportDesk, "need_scan"); err != nil {
		t.Fatal(err)
	}
	qrOf(h, supportDesk)
}

func TestNoSubscription(t *testing.T) {
	h := newHarness(t, Options{NoSubscription: true})
	for _, r := range []response{
		h.do("POST", "/api/whatsapp-sessions/15/connect", h.pat(), nil),
		h.do("GET", "/api/whatsapp-sessions/14/qrcode", h.pat(), nil),
	} {
		if r.status != 403 || !strings.Contains(string(r.body), "active subscription") {
			t.Errorf("%d %s", r.status, r.body)
		}
	}
}
