package webhook_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/api/webhook"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// The fake API's webhooks, sent over loopback, are verified by the receiver
// with the secrets it learned from the same fake through the API client.
func TestTheFakesWebhooksPassTheReceiver(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var ready atomic.Pointer[webhook.Receiver] // built once the API client exists
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rcv := ready.Load(); rcv != nil {
			rcv.ServeHTTP(w, r)
			return
		}
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer hook.Close()

	clk := &clock{t: time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)}
	f := fake.New(fake.Options{Now: clk.Now, WebhookURL: hook.URL + "/wasender", WebhookTick: 2 * time.Millisecond})
	defer f.Close()
	apiSrv := httptest.NewServer(f)
	defer apiSrv.Close()
	c, err := api.New(api.Options{BaseURL: apiSrv.URL + "/api", Token: f.PersonalToken()})
	if err != nil {
		t.Fatal(err)
	}
	secrets := webhook.NewSecrets(webhook.SecretOptions{Source: c})
	if err := secrets.Load(ctx); err != nil {
		t.Fatal(err)
	}
	rcv := webhook.New(webhook.Options{Secrets: secrets})
	sub := rcv.Subscribe(webhook.SubscribeOptions{})
	ready.Store(rcv)

	if _, err := c.ConnectSession(ctx, "15", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Session("12").SendText(ctx, "+447911204858", "Your order shipped"); err != nil {
		t.Fatal(err)
	}
	for range 12 {
		clk.Advance(time.Second)
		time.Sleep(3 * time.Millisecond)
	}
	if err := f.Pair(15); err != nil {
		t.Fatal(err)
	}

	want := map[string]bool{"15 session.status now need_scan": false, "15 qrcode.updated": false,
		"15 session.status now connected": false, "12 messages.upsert": false, "12 message.sent": false,
		"12 messages.update sent": false}
	var events []*webhook.Event
	for !all(want) {
		b, err := sub.Next(ctx)
		if err != nil {
			t.Fatalf("%v; still waiting for %v", err, want)
		}
		for _, e := range b.Events {
			events = append(events, e)
			id := e.Session.ID
			switch {
			case e.Kind == webhook.SessionStatus:
				want[id+" session.status "+e.Summary()] = true
			case e.Kind == webhook.MessagesUpdate && e.Messages()[0].Status == "sent" && id == "12":
				want["12 messages.update sent"] = true
			default:
				want[id+" "+e.Kind] = true
			}
		}
	}
	for _, e := range events {
		if e.Session.Name == "" || e.Repeat {
			t.Errorf("event %s of session %+v (repeat %v)", e.Kind, e.Session, e.Repeat)
		}
		if e.SessionID != f.SessionKeys()[atoi(e.Session.ID)] {
			t.Errorf("%s: sessionId is not the session's api key", e.Kind)
		}
	}
	if st := rcv.Stats(); st.RefusedTotal() != 0 {
		t.Errorf("refused: %s", st.RefusedText())
	}
}

func all(m map[string]bool) bool {
	for _, v := range m {
		if !v {
			return false
		}
	}
	return true
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// Against an unkind fake (busy sessions, every third delivery sent twice,
// the other spelling of event names) exactly the redeliveries are marked.
func TestRedeliveriesFromTheFakeAreMarkedExactly(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	clk := &clock{t: time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)}
	var ready atomic.Pointer[webhook.Receiver]
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { ready.Load().ServeHTTP(w, r) }))
	defer hook.Close()
	f := fake.New(fake.Options{Now: clk.Now, WebhookURL: hook.URL, WebhookTick: time.Hour, WebhookRepeat: 3, WebhookAlt: true, LogActivity: true, WebhookQueue: 100000})
	defer f.Close()
	apiSrv := httptest.NewServer(f)
	defer apiSrv.Close()
	c, _ := api.New(api.Options{BaseURL: apiSrv.URL + "/api", Token: f.PersonalToken()})
	secrets := webhook.NewSecrets(webhook.SecretOptions{Source: c})
	if err := secrets.Load(ctx); err != nil {
		t.Fatal(err)
	}
	rcv := webhook.New(webhook.Options{Secrets: secrets})
	sub := rcv.Subscribe(webhook.SubscribeOptions{Events: 100000})
	ready.Store(rcv)

	// Ten simulated minutes of activity, a flap or restart among them.
	for range 600 {
		clk.Advance(time.Second)
		f.AddSessionLogs(11, 0) // brings the world up to the clock
	}
	for f.WebhookStats().Waiting > 0 {
		time.Sleep(5 * time.Millisecond)
		if ctx.Err() != nil {
			t.Fatal("the fake did not finish sending")
		}
	}
	st := rcv.Stats()
	sent := f.WebhookStats().Sent
	if st.RefusedTotal() != 0 || st.Accepted != sent {
		t.Fatalf("accepted %d of %d; refused %s", st.Accepted, sent, st.RefusedText())
	}
	if want := sent / 4; st.Repeats != want { // of every four deliveries, one is a copy
		t.Errorf("%d repeats among %d deliveries, want %d", st.Repeats, sent, want)
	}
	b := sub.Take()
	kinds := map[string]int{}
	for i, e := range b.Events {
		kinds[e.Kind]++
		if e.Repeat != (i > 0 && string(b.Events[i-1].Body) == string(e.Body) && !b.Events[i-1].Repeat) {
			t.Fatalf("event %d (%s) repeat=%v", i, e.Body, e.Repeat)
		}
	}
	t.Logf("%d deliveries, %d repeats: %v", sent, st.Repeats, kinds)
	for _, k := range []string{webhook.MessagesUpsert, webhook.MessageSent, webhook.MessagesUpdate, webhook.SessionStatus} {
		if kinds[k] == 0 {
			t.Errorf("no %s in ten minutes: %v", k, kinds)
		}
	}
}
