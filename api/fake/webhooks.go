package fake

import (
	"encoding/json"
	"slices"
	"sync"
	"time"
)

// With Options.WebhookURL or Options.Webhooks the fake sends signed
// webhooks (api-behaviour.md §5.3) for its own activity: session.status on
// every status change, qrcode.updated when pairing starts and each time the
// pairing string rotates, messages.upsert when a message is sent,
// message.sent and messages.update (2 sent, 0 error) when it settles, then
// messages.update 3 delivered and 4 read as /messages/{id}/info reports
// them. Each goes with the session's api_key as sessionId and its
// webhook_secret as X-Webhook-Signature; timestamps are seconds, but
// milliseconds for messages.update, as in the docs.
//
// Events are made under the world lock as the world advances; a ticker
// advances it every WebhookTick so they flow without requests, and one
// sender posts them from a bounded queue, so nothing waits on a receiver.

const (
	defaultWebhookTick  = 250 * time.Millisecond
	defaultWebhookQueue = 1024
)

type webhooks struct {
	s    *Server
	out  *outbox
	stop chan struct{}
	once sync.Once
	wg   sync.WaitGroup

	// under s.mu
	due        []dueUpdate
	qr         map[int]uint64 // session id -> 1 + the pairing string announced
	deliveries int
}

// dueUpdate is a receipt that becomes true later: delivered, read.
type dueUpdate struct {
	at     time.Time
	msg    *messageLog
	status int
}

type webhookJSON struct {
	Event     string `json:"event"`
	Timestamp int64  `json:"timestamp"`
	SessionID string `json:"sessionId"`
	Data      any    `json:"data"`
}

// startWebhooks sets s.hooks, before its goroutines start (they read it).
func startWebhooks(s *Server) {
	o := s.opts
	if o.WebhookURL == "" && !o.Webhooks {
		return
	}
	tick := o.WebhookTick
	if tick <= 0 {
		tick = defaultWebhookTick
	}
	size := o.WebhookQueue
	if size <= 0 {
		size = defaultWebhookQueue
	}
	h := &webhooks{s: s, out: newOutbox(size), stop: make(chan struct{}), qr: map[int]uint64{}}
	s.hooks = h
	h.wg.Add(2)
	go func() {
		defer h.wg.Done()
		h.out.run(h.stop)
	}()
	go func() {
		defer h.wg.Done()
		t := time.NewTicker(tick)
		defer t.Stop()
		for {
			select {
			case <-h.stop:
				return
			case <-t.C:
				h.step()
			}
		}
	}()
}

// Close stops sending webhooks; what was not sent yet is dropped. A server
// without webhooks has nothing to stop.
func (s *Server) Close() {
	if h := s.hooks; h != nil {
		h.once.Do(func() { close(h.stop) })
		h.wg.Wait()
	}
}

// WebhookSecrets maps each session id to its webhook_secret, the value of
// X-Webhook-Signature on its webhooks.
func (s *Server) WebhookSecrets() map[int]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[int]string, len(s.sessions))
	for id, ss := range s.sessions {
		out[id] = ss.webhookSecret
	}
	return out
}

// WebhookStats counts the webhooks sent.
type WebhookStats struct {
	Sent    uint64 // answered 2xx
	Failed  uint64 // any other answer, or no answer
	Dropped uint64 // made while the queue was full
	Waiting int    // queued or being sent
}

// WebhookStats reads the counters; zero without webhooks.
func (s *Server) WebhookStats() WebhookStats {
	if s.hooks == nil {
		return WebhookStats{}
	}
	o := s.hooks.out
	return WebhookStats{Sent: o.sent.Load(), Failed: o.failed.Load(), Dropped: o.dropped.Load(), Waiting: o.waiting()}
}

// step brings the world up to the clock, which fires the hooks, then sends
// the receipts and QR rotations that have come due.
func (h *webhooks) step() {
	now := h.s.lockAndAdvance()
	defer h.s.mu.Unlock()
	kept := h.due[:0]
	for _, d := range h.due {
		switch {
		case d.at.After(now):
			kept = append(kept, d)
		case h.s.byMsgID[d.msg.msgID] == d.msg:
			if ss := h.s.sessions[d.msg.sessionID]; ss != nil {
				h.update(ss, d.msg, d.status, d.at)
			}
		}
	}
	clear(h.due[len(kept):])
	h.due = kept
	for _, ss := range h.s.order {
		if ss.status == statusNeedScan {
			h.announceQR(ss, now)
		}
	}
}

// statusChanged follows setStatus.
func (h *webhooks) statusChanged(ss *session, at time.Time) {
	if h == nil {
		return
	}
	h.emit(ss, "session.status", at, false, map[string]string{"status": ss.status})
	if ss.status == statusNeedScan {
		h.announceQR(ss, at)
	}
}

// announceQR sends the pairing string current at now unless it was sent.
func (h *webhooks) announceQR(ss *session, now time.Time) {
	rotation := h.s.rotation(ss, now)
	id := 1 + (ss.pairGen<<20 | rotation)
	if h.qr[ss.id] == id {
		return
	}
	h.qr[ss.id] = id
	at := h.s.rotatedAt(ss, int64(rotation))
	h.emit(ss, "qrcode.updated", at, false, map[string]string{"qr": h.s.pairingString(ss, at)})
}

// messageAdded follows appendMessageLog: a message being sent.
func (h *webhooks) messageAdded(ss *session, m *messageLog) {
	if h == nil || m.status != logStatusInProgress {
		return
	}
	h.emit(ss, "messages.upsert", m.createdAt, false, map[string]any{"messages": []any{h.message(ss, m)}})
}

// messageSettled follows settle: the message went out, or failed.
func (h *webhooks) messageSettled(m *messageLog) {
	if h == nil {
		return
	}
	ss := h.s.sessions[m.sessionID]
	if ss == nil {
		return
	}
	if m.status == logStatusFailed {
		// as the docs' example: the reason, then the number
		h.emit(ss, "message.sent", m.updatedAt, false, map[string]any{"success": false, "error": "Failed to send message: " + m.reason + ": " + m.to})
		h.update(ss, m, 0, m.updatedAt)
		return
	}
	h.emit(ss, "message.sent", m.updatedAt, false, map[string]any{"key": h.key(m), "message": h.s.baileysMessage(ss, m), "success": true})
	h.update(ss, m, 2, m.updatedAt)
	h.due = append(h.due, dueUpdate{at: m.updatedAt.Add(deliveredAfter), msg: m, status: 3})
	if mix(h.s.seed, uint64(m.msgID))%2 == 0 { // as receiptStatus decides
		h.due = append(h.due, dueUpdate{at: m.updatedAt.Add(readAfter), msg: m, status: 4})
	}
}

func (h *webhooks) update(ss *session, m *messageLog, status int, at time.Time) {
	h.emit(ss, "messages.update", at, true, map[string]any{"update": map[string]int{"status": status}, "key": h.key(m)})
}

func (h *webhooks) key(m *messageLog) messageKeyJSON {
	return messageKeyJSON{ID: m.waID, FromMe: true, RemoteJid: m.jid}
}

func (h *webhooks) message(ss *session, m *messageLog) map[string]any {
	var body map[string]any
	_ = json.Unmarshal([]byte(m.content), &body)
	text, _ := body["text"].(string)
	return map[string]any{"key": h.key(m), "messageBody": text, "message": h.s.baileysMessage(ss, m), "messageTimestamp": m.createdAt.Unix()}
}

// emit queues one delivery to where the session's webhooks go.
func (h *webhooks) emit(ss *session, event string, at time.Time, millis bool, data any) {
	url := h.target(ss, event)
	if url == "" {
		return
	}
	if h.s.opts.WebhookAlt {
		event = altSpelling[event]
	}
	ts := at.Unix()
	if millis {
		ts = at.UnixMilli()
	}
	body := encodeJSON(webhookJSON{Event: event, Timestamp: ts, SessionID: ss.apiKey, Data: data})
	if h.s.opts.Hostile {
		body = Arm("webhook "+event, body)
	}
	d := delivery{url: url, secret: ss.webhookSecret, body: body}
	h.out.push(d)
	h.deliveries++
	if n := h.s.opts.WebhookRepeat; n > 0 && h.deliveries%n == 0 {
		h.out.push(d)
	}
}

// altSpelling is the other family of names the SDKs use.
var altSpelling = map[string]string{
	"session.status":  "session.status",
	"qrcode.updated":  "qrcode.updated",
	"messages.upsert": "message.upsert",
	"message.sent":    "messages.sent",
	"messages.update": "message.update",
}

func (h *webhooks) target(ss *session, event string) string {
	o := h.s.opts
	switch {
	case o.WebhookURL != "":
		return o.WebhookURL
	case !o.Webhooks || !ss.webhookEnabled || ss.webhookURL == nil:
		return ""
	case len(ss.webhookEvents) > 0 && !slices.Contains(ss.webhookEvents, event):
		return ""
	}
	return *ss.webhookURL
}
