package fake

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

type hookDelivery struct {
	signature string
	env       map[string]any
}

func (d hookDelivery) event() string { s, _ := d.env["event"].(string); return s }

// hookSink is a webhook receiver that records what arrives.
type hookSink struct {
	mu   sync.Mutex
	got  []hookDelivery
	hold chan struct{} // when set, answers wait for it
	url  string
}

func newHookSink(t *testing.T) *hookSink {
	k := &hookSink{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var env map[string]any
		if err := json.Unmarshal(body, &env); err != nil {
			t.Errorf("webhook body is not a JSON object: %s", body)
		}
		k.mu.Lock()
		k.got = append(k.got, hookDelivery{signature: r.Header.Get("X-Webhook-Signature"), env: env})
		hold := k.hold
		k.mu.Unlock()
		if hold != nil {
			<-hold
		}
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(srv.Close)
	k.url = srv.URL + "/hook"
	return k
}

// wait returns the deliveries once ok says they are complete.
func (k *hookSink) wait(t *testing.T, what string, ok func([]hookDelivery) bool) []hookDelivery {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		k.mu.Lock()
		got := append([]hookDelivery(nil), k.got...)
		k.mu.Unlock()
		if ok(got) {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s; got %d deliveries: %v", what, len(got), got)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func of(got []hookDelivery, session string, events ...string) []hookDelivery {
	var out []hookDelivery
	for _, d := range got {
		if sid, _ := d.env["sessionId"].(string); sid != session {
			continue
		}
		for _, e := range events {
			if d.event() == e {
				out = append(out, d)
			}
		}
	}
	return out
}

func (h *harness) secret(id int) string {
	return h.get("/api/whatsapp-sessions/"+itoa(id), h.pat(), 200)["data"].(map[string]any)["webhook_secret"].(string)
}

func TestWebhooksFollowAMessageFromSendToRead(t *testing.T) {
	sink := newHookSink(t)
	h := newHarness(t, Options{WebhookURL: sink.url, WebhookTick: 2 * time.Millisecond})
	t.Cleanup(h.srv.Close)
	key, secret := h.key(salesEU), h.secret(salesEU)
	to := "+" + contactOf(h, salesEU, 0)
	r := h.do("POST", "/api/send-message", key, map[string]any{"to": to, "text": "Your order shipped"})
	if r.status != 200 {
		t.Fatalf("send: %d %s", r.status, r.body)
	}
	msgID := int(dig(t, r.json(t), "data", "msgId").(float64))
	waID := waMessageID(h.srv.seed, msgID)

	got := sink.wait(t, "messages.upsert", func(g []hookDelivery) bool { return len(of(g, key, "messages.upsert")) == 1 })
	up := of(got, key, "messages.upsert")[0]
	msg := dig(t, up.env, "data", "messages", 0)
	if dig(t, msg, "key", "id") != waID || dig(t, msg, "key", "fromMe") != true || dig(t, msg, "messageBody") != "Your order shipped" ||
		dig(t, msg, "message", "extendedTextMessage", "text") != "Your order shipped" {
		t.Errorf("upsert %v", up.env)
	}
	if ts := up.env["timestamp"].(float64); ts != float64(testEpoch.Unix()) {
		t.Errorf("upsert timestamp %v, want seconds", ts)
	}

	for range 14 { // past settling (2–4 s) and delivery (8 s later)
		h.clock.Advance(time.Second)
		time.Sleep(3 * time.Millisecond)
	}
	mine := func(g []hookDelivery, event string) []hookDelivery {
		var out []hookDelivery
		for _, d := range of(g, key, event) {
			data, _ := d.env["data"].(map[string]any)
			if k, _ := data["key"].(map[string]any); k != nil && k["id"] == waID {
				out = append(out, d)
			}
		}
		return out
	}
	got = sink.wait(t, "sent and delivered", func(g []hookDelivery) bool {
		return len(mine(g, "message.sent")) == 1 && len(mine(g, "messages.update")) == 2
	})
	sent := mine(got, "message.sent")[0]
	if dig(t, sent.env, "data", "success") != true || dig(t, sent.env, "data", "key", "id") != waID {
		t.Errorf("message.sent %v", sent.env)
	}
	var statuses []float64
	for _, u := range mine(got, "messages.update") {
		statuses = append(statuses, dig(t, u.env, "data", "update", "status").(float64))
		if ts := u.env["timestamp"].(float64); ts < 1e12 {
			t.Errorf("messages.update timestamp %v, want milliseconds", ts)
		}
	}
	if len(statuses) != 2 || statuses[0] != 2 || statuses[1] != 3 {
		t.Errorf("statuses %v, want sent then delivered", statuses)
	}
	info := h.get("/api/messages/"+itoa(msgID)+"/info", key, 200)
	if dig(t, info, "data", "status") != 3.0 {
		t.Errorf("message info says %v while the webhook said delivered", dig(t, info, "data", "status"))
	}
	for _, d := range got {
		if d.env["sessionId"] == key && d.signature != secret {
			t.Fatalf("%s signed %q, not with the session's webhook_secret", d.event(), d.signature)
		}
	}
}

func TestWebhooksForStatusChangesAndQRCodes(t *testing.T) {
	sink := newHookSink(t)
	h := newHarness(t, Options{WebhookURL: sink.url, WebhookTick: 2 * time.Millisecond})
	t.Cleanup(h.srv.Close)
	key, pat := h.key(fieldTeam), h.pat()
	if r := h.do("POST", "/api/whatsapp-sessions/15/connect", pat, nil); r.status != 200 {
		t.Fatalf("connect: %d %s", r.status, r.body)
	}
	first := h.get("/api/whatsapp-sessions/15/qrcode", pat, 200)["data"].(map[string]any)["qrCode"]
	got := sink.wait(t, "need_scan and a QR", func(g []hookDelivery) bool { return len(of(g, key, "qrcode.updated")) == 1 })
	if st := of(got, key, "session.status"); len(st) != 1 || dig(t, st[0].env, "data", "status") != "need_scan" {
		t.Errorf("status events %v", st)
	}
	if qr := dig(t, of(got, key, "qrcode.updated")[0].env, "data", "qr"); qr != first {
		t.Errorf("the webhook's QR is not the one /qrcode serves")
	}

	h.clock.Advance(46 * time.Second)
	got = sink.wait(t, "a rotated QR", func(g []hookDelivery) bool { return len(of(g, key, "qrcode.updated")) == 2 })
	second := h.get("/api/whatsapp-sessions/15/qrcode", pat, 200)["data"].(map[string]any)["qrCode"]
	if qr := dig(t, of(got, key, "qrcode.updated")[1].env, "data", "qr"); qr != second || qr == first {
		t.Errorf("rotated QR differs from /qrcode")
	}

	if err := h.srv.Pair(fieldTeam); err != nil {
		t.Fatal(err)
	}
	got = sink.wait(t, "connected", func(g []hookDelivery) bool { return len(of(g, key, "session.status")) == 3 })
	var seq []any
	for _, d := range of(got, key, "session.status") {
		seq = append(seq, dig(t, d.env, "data", "status"))
	}
	if seq[1] != "connecting" || seq[2] != "connected" {
		t.Errorf("statuses %v", seq)
	}
}

func TestPerSessionWebhooksFollowTheSessionsSettings(t *testing.T) {
	sink := newHookSink(t)
	h := newHarness(t, Options{Webhooks: true, WebhookTick: 2 * time.Millisecond})
	t.Cleanup(h.srv.Close)
	// Point the sessions whose webhook is on at the sink; Field Team only
	// wants session.status, Support Desk wants nothing after disabling.
	for id, body := range map[int]map[string]any{
		supportDesk: {"webhook_url": sink.url, "webhook_enabled": false},
		fieldTeam:   {"webhook_url": sink.url, "webhook_events": []string{"session.status"}},
		salesEU:     {"webhook_url": sink.url, "webhook_enabled": true, "webhook_events": []string{"messages.upsert"}},
	} {
		if r := h.do("PUT", "/api/whatsapp-sessions/"+itoa(id), h.pat(), body); r.status != 200 {
			t.Fatalf("update %d: %d %s", id, r.status, r.body)
		}
	}
	for _, id := range []int{supportDesk, fieldTeam, orderUpdates, salesEU} {
		if err := h.srv.SetStatus(id, statusConnecting); err != nil {
			t.Fatal(err)
		}
	}
	got := sink.wait(t, "Field Team's status", func(g []hookDelivery) bool { return len(g) >= 1 })
	time.Sleep(20 * time.Millisecond) // let anything that should not come, come
	got = sink.wait(t, "", func(g []hookDelivery) bool { return true })
	if len(got) != 1 || got[0].env["sessionId"] != h.key(fieldTeam) || got[0].event() != "session.status" {
		t.Errorf("deliveries %v; want only Field Team's status", got)
	}
}

func TestWebhookRedeliveriesAndAFullQueue(t *testing.T) {
	sink := newHookSink(t)
	hold := make(chan struct{})
	sink.hold = hold
	h := newHarness(t, Options{WebhookURL: sink.url, WebhookTick: time.Hour, WebhookRepeat: 2, WebhookQueue: 3})
	for range 6 {
		h.srv.SetStatus(orderUpdates, statusConnecting)
		h.srv.SetStatus(orderUpdates, statusConnected)
	}
	// 12 events, every second one twice: 18 deliveries. The queue holds 3
	// and the sender may have one in hand; the rest were dropped.
	st := h.srv.WebhookStats()
	if st.Dropped != 14 && st.Dropped != 15 {
		t.Errorf("dropped %d, want 14 or 15", st.Dropped)
	}
	close(hold)
	want := 18 - int(st.Dropped)
	got := sink.wait(t, "the queue", func(g []hookDelivery) bool { return len(g) == want })
	status := func(d hookDelivery) any { return d.env["data"].(map[string]any)["status"] }
	if n := len(got); status(got[n-3]) != "connecting" || status(got[n-2]) != "connected" || status(got[n-1]) != "connected" {
		t.Errorf("the newest events, the last one twice, should be kept: %v", got)
	}
	h.srv.Close()
	if st := h.srv.WebhookStats(); st.Sent != uint64(want) || st.Failed != 0 {
		t.Errorf("stats %+v", st)
	}
}

func TestCloseDoesNotWaitForAHungReceiver(t *testing.T) {
	sink := newHookSink(t)
	sink.hold = make(chan struct{})
	defer close(sink.hold)
	h := newHarness(t, Options{WebhookURL: sink.url, WebhookTick: time.Millisecond})
	h.srv.SetStatus(orderUpdates, statusDisconnected)
	sink.wait(t, "a delivery", func(g []hookDelivery) bool { return len(g) == 1 })
	done := make(chan struct{})
	go func() { h.srv.Close(); h.srv.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Close waits for the receiver")
	}
	New(Options{}).Close() // without webhooks there is nothing to stop
}
