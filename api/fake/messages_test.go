package fake

import (
	"testing"
	"time"
)

func send(h *harness, id int, body any) response {
	h.t.Helper()
	return h.do("POST", "/api/send-message", h.key(id), body)
}

func infoStatus(h *harness, id int, msgID float64) float64 {
	h.t.Helper()
	return dig(h.t, h.get("/api/messages/"+itoa(int(msgID))+"/info", h.key(id), 200), "data", "status").(float64)
}

func TestSendMessageLifecycle(t *testing.T) {
	h := newHarness(t, Options{})
	to := contactOf(h, salesEU, 0)
	r := send(h, salesEU, map[string]any{"to": "+" + to, "text": "Your order shipped"})
	if r.status != 200 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	data := r.json(t)["data"].(map[string]any)
	msgID := data["msgId"].(float64)
	if msgID < 100000 || data["jid"] != to+"@s.whatsapp.net" || data["status"] != "in_progress" {
		t.Errorf("send answered %v", data)
	}
	second := dig(t, send(h, salesEU, map[string]any{"to": to, "text": "again"}).json(t), "data", "msgId").(float64)
	if second <= msgID {
		t.Errorf("msgId did not grow: %v then %v", msgID, second)
	}
	newest := readLogPage(h, "/api/whatsapp-sessions/12/message-logs?per_page=2")
	if newest.items[1]["to"] != "+"+to || newest.items[1]["content"] != `{"text":"Your order shipped"}` || newest.items[1]["status"] != "in_progress" {
		t.Errorf("message log for the send: %v", newest.items[1])
	}
	if got := infoStatus(h, salesEU, msgID); got != 1 {
		t.Errorf("info status right after send: %v, want 1 (PENDING)", got)
	}
	h.clock.Advance(5 * time.Second)
	if got := infoStatus(h, salesEU, msgID); got != 2 {
		t.Errorf("info status once sent: %v, want 2 (SENT)", got)
	}
	if log := readLogPage(h, "/api/whatsapp-sessions/12/message-logs?per_page=2").items[1]; log["status"] != "sent" {
		t.Errorf("log after 5 s: %v", log)
	}
	h.clock.Advance(10 * time.Second)
	if got := infoStatus(h, salesEU, msgID); got != 3 {
		t.Errorf("info status later: %v, want 3 (DELIVERED)", got)
	}
	if r := h.do("GET", "/api/messages/"+itoa(int(msgID))+"/info", h.key(supportDesk), nil); r.status != 404 {
		t.Errorf("another session's message: %d", r.status)
	}
}

func TestSendToANumberNotOnWhatsAppFails(t *testing.T) {
	h := newHarness(t, Options{})
	var target string
	for _, n := range []string{"4915100000001", "4915100000002", "4915100000003", "4915100000004", "4915100000005", "4915100000006", "4915100000007", "4915100000008"} {
		if dig(t, h.get("/api/on-whatsapp/"+n, h.key(salesEU), 200), "data", "exists") == false {
			target = n
			break
		}
	}
	if target == "" {
		t.Fatal("every probe number is on WhatsApp")
	}
	msgID := dig(t, send(h, salesEU, map[string]any{"to": target, "text": "hello?"}).json(t), "data", "msgId").(float64)
	h.clock.Advance(10 * time.Second)
	log := readLogPage(h, "/api/whatsapp-sessions/12/message-logs?per_page=1").items[0]
	if log["status"] != "failed" || log["failed_reason"] != "recipient not on WhatsApp" {
		t.Errorf("log %v", log)
	}
	if got := infoStatus(h, salesEU, msgID); got != 0 {
		t.Errorf("info status %v, want 0 (ERROR)", got)
	}
}

func TestSendMessageKindsAndValidation(t *testing.T) {
	h := newHarness(t, Options{})
	to := "+" + contactOf(h, salesEU, 1)
	group := firstGroup(h, salesEU)
	for name, body := range map[string]map[string]any{
		"image":    {"to": to, "imageUrl": "https://example.com/a.jpg", "text": "caption"},
		"video":    {"to": to, "videoUrl": "https://example.com/a.mp4"},
		"document": {"to": to, "documentUrl": "https://example.com/a.pdf", "fileName": "a.pdf"},
		"audio":    {"to": to, "audioUrl": "https://example.com/a.ogg"},
		"sticker":  {"to": to, "stickerUrl": "https://example.com/a.webp"},
		"contact":  {"to": to, "contact": map[string]any{"name": "Jane", "phone": "+14155550100"}},
		"location": {"to": to, "location": map[string]any{"latitude": 52.52, "longitude": 13.405, "name": "Berlin"}},
		"poll":     {"to": to, "poll": map[string]any{"question": "Lunch?", "options": []string{"Pizza", "Sushi"}}},
		"group":    {"to": group, "text": "hi all", "mentions": []string{to[1:] + "@s.whatsapp.net"}},
		"channel":  {"to": "120363111111111111@newsletter", "text": "news"},
	} {
		r := send(h, salesEU, body)
		if r.status != 200 {
			t.Errorf("%s: %d %s", name, r.status, r.body)
			continue
		}
		id := dig(t, r.json(t), "data", "msgId").(float64)
		info := h.get("/api/messages/"+itoa(int(id))+"/info", h.key(salesEU), 200)
		if msg := dig(t, info, "data", "message").(map[string]any); len(msg) != 1 {
			t.Errorf("%s: message %v", name, msg)
		}
	}
	for name, tc := range map[string]struct {
		body   any
		fields []string
	}{
		"no to":           {map[string]any{"text": "hi"}, []string{"to"}},
		"no content":      {map[string]any{"to": to}, []string{"text"}},
		"bad to":          {map[string]any{"to": "hello", "text": "hi"}, []string{"to"}},
		"short poll":      {map[string]any{"to": to, "poll": map[string]any{"question": "?", "options": []string{"one"}}}, []string{"poll.options"}},
		"bad image url":   {map[string]any{"to": to, "imageUrl": "not a url"}, []string{"imageUrl"}},
		"no latitude":     {map[string]any{"to": to, "location": map[string]any{"longitude": 1}}, []string{"location.latitude"}},
		"not json at all": {"{oops", []string{"to", "text"}},
	} {
		r := send(h, salesEU, tc.body)
		if r.status != 422 {
			t.Errorf("%s: %d %s", name, r.status, r.body)
			continue
		}
		errs := r.json(t)["errors"].(map[string]any)
		if len(errs) != len(tc.fields) {
			t.Errorf("%s: errors %v, want fields %v", name, errs, tc.fields)
		}
		for _, f := range tc.fields {
			if _, has := errs[f]; !has {
				t.Errorf("%s: no error for %s in %v", name, f, errs)
			}
		}
	}
	if r := send(h, fieldTeam, map[string]any{"to": to, "text": "hi"}); r.status != 400 {
		t.Errorf("send on a disconnected session: %d", r.status)
	}
}

func TestAccountProtectionAllowsOneMessageEveryFiveSeconds(t *testing.T) {
	h := newHarness(t, Options{})
	to := "+" + contactOf(h, supportDesk, 0)
	if r := send(h, supportDesk, map[string]any{"to": to}); r.status != 422 {
		t.Fatalf("invalid send: %d", r.status)
	}
	first := send(h, supportDesk, map[string]any{"to": to, "text": "1"})
	if first.status != 200 || first.header.Get("X-RateLimit-Limit") != "1" || first.header.Get("X-RateLimit-Remaining") != "0" {
		t.Fatalf("first send after a rejected one: %d %v", first.status, first.header)
	}
	h.clock.Advance(3 * time.Second)
	second := send(h, supportDesk, map[string]any{"to": to, "text": "2"})
	if second.status != 429 || second.header.Get("Retry-After") != "2" || dig(t, second.json(t), "retry_after") != float64(2) {
		t.Fatalf("second send 3 s later: %d Retry-After=%q %s", second.status, second.header.Get("Retry-After"), second.body)
	}
	h.clock.Advance(2 * time.Second)
	if r := send(h, supportDesk, map[string]any{"to": to, "text": "3"}); r.status != 200 {
		t.Errorf("5 s after the first: %d %s", r.status, r.body)
	}
	for i := range 5 { // without protection, bursts are fine
		if r := send(h, salesEU, map[string]any{"to": to, "text": "burst"}); r.status != 200 {
			t.Fatalf("burst %d: %d", i, r.status)
		}
	}
}
