package ui_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/api/webhook"
	"github.com/wasender-tui/wasender-tui/ui"
	"github.com/wasender-tui/wasender-tui/ui/backend"
	"github.com/wasender-tui/wasender-tui/ui/uitest"
)

const shipped = "+447911204858"

// A webhook asks its session's log streams for a poll at once: with the
// Logs pane behind (its streams polled every 30 s), a message's status
// change reaches its line at the next tick of the request budget after
// the fake's messages.update arrives, not 30 s later. Without the poke, the
// same tick polls nothing.
func TestAWebhookMakesTheLogsFollowAtOnce(t *testing.T) {
	for _, poke := range []bool{true, false} {
		name := map[bool]string{true: "poked", false: "not poked"}[poke]
		t.Run(name, func(t *testing.T) {
			var rcv atomic.Pointer[webhook.Receiver]
			hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if h := rcv.Load(); h != nil {
					h.ServeHTTP(w, r)
					return
				}
				w.WriteHeader(http.StatusServiceUnavailable)
			}))
			defer hook.Close()
			env := uitest.New(t, fake.Options{WebhookURL: hook.URL + "/", WebhookTick: time.Millisecond})
			defer env.Fake.Close()
			r := env.Listen(t)
			probe := r.Subscribe(webhook.SubscribeOptions{})
			rcv.Store(r)
			if poke {
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				go backend.PokeLogs(ctx, r, env.Ctx.Hub)
			}
			m := ui.New(env.Ctx, nil)
			d := env.Driver(t, func(msg tea.Msg) tea.Cmd { _, c := m.Update(msg); return c })
			start(t, d, m, 160, 40)
			d.Press("4")
			if _, err := env.Ctx.Client.Session("12").SendText(context.Background(), shipped, "Your order shipped"); err != nil {
				t.Fatal(err)
			}
			d.Press("r")
			env.Poll()
			d.Advance(time.Second)
			if line := lineOf(m.View(), shipped); !strings.Contains(line, "in progress") {
				t.Fatalf("the message's line: %q\n%s", line, m.View())
			}
			d.Press("1") // the logs go behind: their streams poll every 30 s
			env.Poll()
			const logs = "/api/whatsapp-sessions/12/message-logs"
			before := env.Fake.Requests(logs)
			d.Advance(5 * time.Second) // the message settles; the fake says so
			waitForUpdate(t, probe, "12")
			polled := func() bool { env.Poll(); return env.Fake.Requests(logs) > before }
			if poke {
				deadline := time.Now().Add(10 * time.Second)
				for !polled() { // the poke is asked on another goroutine
					if time.Now().After(deadline) {
						t.Fatal("the webhook did not make the stream behind poll")
					}
					time.Sleep(time.Millisecond)
				}
				d.Press("4")
				d.Advance(time.Second) // the pane takes what its stream brought
				if line := lineOf(m.View(), shipped); !strings.Contains(line, "sent") || strings.Contains(line, "in progress") {
					t.Errorf("the line reads %q", line)
				}
			} else if polled() {
				t.Error("the stream behind polled within 5 s without a webhook")
			}
		})
	}
}

func waitForUpdate(t *testing.T, sub *webhook.Subscription, session string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for {
		b, err := sub.Next(ctx)
		if err != nil {
			t.Fatal("no messages.update arrived:", err)
		}
		for _, e := range b.Events {
			if e.Session.ID == session && e.Kind == webhook.MessagesUpdate {
				return
			}
		}
	}
}

func lineOf(view, text string) string {
	for _, l := range strings.Split(view, "\n") {
		if strings.Contains(l, text) {
			return l
		}
	}
	return ""
}
