package ui_test

import (
	"context"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/api/webhook"
	"github.com/wasender-tui/wasender-tui/ui/backend"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/logs"
	"github.com/wasender-tui/wasender-tui/ui/uitest"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// The delay from a delivered messages.update to the changed line in the
// Logs pane, on the wall clock, as the console runs: the fake API and the
// receiver on loopback HTTP, the request budget (5/s) spent by its
// scheduler, the pane taking what its streams bring on its own timer. Each
// op settles one message in each of three sessions; ms/p50 and ms/max are
// over every message. "front": the pane is looked at (its streams poll
// every 2 s, spare requests re-read messages in progress); "behind": it is
// not (every 30 s, no spare requests): only the webhook's poke makes it
// follow.
//
//	go test ./ui -run '^$' -bench WebhookToLogLine -benchtime 5x
func BenchmarkWebhookToLogLine(b *testing.B) {
	for _, front := range []bool{true, false} {
		b.Run(map[bool]string{true: "front", false: "behind"}[front], func(b *testing.B) {
			r := newFollowRig(b, front)
			var delays []time.Duration
			for b.Loop() {
				delays = append(delays, r.round(b)...)
			}
			slices.Sort(delays)
			b.ReportMetric(float64(delays[len(delays)/2].Milliseconds()), "ms/p50")
			b.ReportMetric(float64(delays[len(delays)-1].Milliseconds()), "ms/max")
		})
	}
}

var followSessions = []string{"Support Desk", "Sales EU", "Order Updates"}

type followRig struct {
	fake  *fake.Server
	pane  *logs.Model
	msgs  chan tea.Msg
	probe *webhook.Subscription

	mu      sync.Mutex
	updated map[string]time.Time // session name -> when its messages.update arrived
}

func newFollowRig(b *testing.B, front bool) *followRig {
	b.Helper()
	hook := httptest.NewServer(nil)
	b.Cleanup(hook.Close)
	f := fake.New(fake.Options{WebhookURL: hook.URL + "/", WebhookTick: 5 * time.Millisecond, Contacts: -1, Groups: -1})
	b.Cleanup(f.Close)
	apiSrv := httptest.NewServer(f)
	b.Cleanup(apiSrv.Close)
	c, err := api.New(api.Options{BaseURL: apiSrv.URL + "/api", Token: f.PersonalToken()})
	if err != nil {
		b.Fatal(err)
	}
	secrets := webhook.NewSecrets(webhook.SecretOptions{Source: c})
	if err := secrets.Load(context.Background()); err != nil {
		b.Fatal(err)
	}
	rcv := webhook.New(webhook.Options{Secrets: secrets})
	hook.Config.Handler = rcv

	ctx := common.NewContext(c, uitest.Renderer())
	ctx.Hub = common.NewHub(c, ctx.Settings, time.Now)
	ctx.Hub.Scheduler().Start()
	b.Cleanup(ctx.Hub.Scheduler().Stop)
	life, stop := context.WithCancel(context.Background())
	b.Cleanup(stop)
	go backend.PokeLogs(life, rcv, ctx.Hub)
	list, err := c.ListSessions(life)
	if err != nil {
		b.Fatal(err)
	}
	ctx.Sessions.Set(list, time.Now())

	r := &followRig{fake: f, msgs: make(chan tea.Msg, 256), probe: rcv.Subscribe(webhook.SubscribeOptions{}), updated: map[string]time.Time{}}
	r.pane = logs.New(ctx, &view.Stack{})
	r.pane.SetSize(200, 80)
	r.run(r.pane.SetActive(true)) // all sessions
	if !front {
		r.run(r.pane.SetActive(false))
	}
	go func() {
		for {
			batch, err := r.probe.Next(life)
			if err != nil {
				return
			}
			r.mu.Lock()
			for _, e := range batch.Events {
				if e.Kind == webhook.MessagesUpdate {
					if _, seen := r.updated[e.Session.Name]; !seen {
						r.updated[e.Session.Name] = e.ReceivedAt
					}
				}
			}
			r.mu.Unlock()
		}
	}()
	r.settleFor(3 * time.Second) // the first polls of the history
	return r
}

// run starts a command as Bubble Tea would, its messages to r.msgs.
func (r *followRig) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		switch msg := cmd().(type) {
		case nil:
		case tea.BatchMsg:
			for _, c := range msg {
				r.run(c)
			}
		default:
			r.msgs <- msg
		}
	}()
}

// settleFor feeds the pane its messages for d.
func (r *followRig) settleFor(d time.Duration) {
	end := time.After(d)
	for {
		select {
		case msg := <-r.msgs:
			r.run(r.pane.Update(msg))
		case <-end:
			return
		}
	}
}

// round settles one new message in each session and returns, for each,
// the time from its messages.update arriving to its settled line in the
// pane.
func (r *followRig) round(b *testing.B) []time.Duration {
	before := map[string]bool{}
	for _, l := range strings.Split(r.pane.View(), "\n") {
		before[l] = true
	}
	r.mu.Lock()
	clear(r.updated)
	r.mu.Unlock()
	for _, id := range []int{11, 12, 13} {
		r.fake.AddMessageLogs(id, 1)
	}
	changed := map[string]time.Time{}
	deadline := time.After(time.Minute)
	for len(changed) < len(followSessions) {
		select {
		case msg := <-r.msgs:
			r.run(r.pane.Update(msg))
		case <-deadline:
			b.Fatalf("lines changed for %v only:\n%s", changed, r.pane.View())
		}
		now := time.Now()
		for _, l := range strings.Split(r.pane.View(), "\n") {
			if before[l] || strings.Contains(l, "in progress") {
				continue
			}
			for _, s := range followSessions {
				if _, done := changed[s]; !done && strings.Contains(l, s) {
					changed[s] = now
				}
			}
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []time.Duration
	for s, at := range changed {
		if up, ok := r.updated[s]; ok {
			out = append(out, max(at.Sub(up), 0))
		}
	}
	return out
}
