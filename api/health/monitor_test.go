package health

import (
	"context"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/api/sched"
	"github.com/wasender-tui/wasender-tui/api/tail"
)

type vclock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *vclock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *vclock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// world is the fake API over HTTP, a client, a scheduler and a hub, all on
// one virtual clock; the scheduler runs each request inside Tick, so a run
// replays exactly.
type world struct {
	t     testing.TB
	clock *vclock
	fake  *fake.Server
	c     *api.Client
	sched *sched.Scheduler
	hub   *tail.Hub
}

func newWorld(t testing.TB, fo fake.Options, budget float64, to tail.Options) *world {
	t.Helper()
	w := &world{t: t, clock: &vclock{t: t0}}
	fo.Now, fo.Contacts, fo.Groups = w.clock.Now, 50, 3
	w.fake = fake.New(fo)
	srv := httptest.NewServer(w.fake)
	t.Cleanup(srv.Close)
	var err error
	w.c, err = api.New(api.Options{BaseURL: srv.URL + "/api", Token: w.fake.PersonalToken(), Now: w.clock.Now,
		Sleep: func(ctx context.Context, d time.Duration) error { return ctx.Err() }, Retry: api.RetryPolicy{MaxAttempts: 1}})
	if err != nil {
		t.Fatal(err)
	}
	w.sched = sched.New(budget, w.clock.Now)
	w.sched.Inline()
	w.hub = tail.NewHub(w.c, w.sched, to, tail.StreamOptions{Now: w.clock.Now}, w.c.HeldUntil)
	return w
}

// run ticks the scheduler for d of virtual time, calling each after every
// tick; each returning true stops early.
func (w *world) run(d time.Duration, each func() bool) time.Duration {
	start := w.clock.Now()
	for w.clock.Now().Sub(start) < d {
		w.clock.Advance(w.sched.Every())
		w.sched.Tick()
		if each != nil && each() {
			break
		}
	}
	return w.clock.Now().Sub(start)
}

func (w *world) monitor(visible bool) *Monitor {
	return NewMonitor(w.hub, MonitorOptions{Visible: visible, Held: w.c.HeldUntil, Now: w.clock.Now, List: w.c.ListSessions})
}

func (w *world) requests() int { return w.fake.Requests("/api/") }

func byName(rows []Row) map[string]Row {
	m := map[string]Row{}
	for _, r := range rows {
		m[r.Name] = r
	}
	return m
}

// Against the demo world with its incidents, from nothing: the first
// verdicts are the ones the demo was built to show.
func TestMonitorFindsTheDemoIncidents(t *testing.T) {
	w := newWorld(t, fake.Options{Incidents: true, LogActivity: true}, sched.DefaultBudget, tail.Options{})
	m := w.monitor(true)
	defer m.Close()
	took := w.run(10*time.Minute, func() bool { m.Pump(); return m.Ready() })
	if !m.Ready() {
		p, all := m.Pending()
		t.Fatalf("not ready after %s: %d of %d logs pending", took, p, all)
	}
	rows := m.Rows()
	t.Logf("6 sessions: first verdicts after %s of virtual time, %d requests", took, w.requests())
	for _, r := range rows {
		t.Logf("%-10s %-14s %-12s since %s  %d changes  %d sent %d failed  %v", r.Verdict, r.Name, r.Status, r.Since.Format(time.TimeOnly), r.Changes, r.Sent, r.Failed, r.Reasons)
	}
	want := map[string]string{
		"Legacy Line":   "down: not connected: logged_out",
		"Field Team":    "down: not connected: disconnected",
		"Marketing Bot": "down: not connected: need_scan",
		"Sales EU":      "attention: flapping",
		"Order Updates": "attention: failing",
		"Support Desk":  "ok",
	}
	got := byName(rows)
	for name, prefix := range want {
		r := got[name]
		s := r.Verdict.String()
		if len(r.Reasons) > 0 {
			s += ": " + reasons(r)
		}
		if !strings.HasPrefix(s, prefix) {
			t.Errorf("%s: %q, want %q…", name, s, prefix)
		}
	}
	if r := got["Order Updates"]; !strings.Contains(reasons(r), `"message timed out"`) || r.Failed < 100 {
		t.Errorf("Order Updates: %d failed, %s", r.Failed, reasons(r))
	}
	if r := got["Legacy Line"]; w.clock.Now().Sub(r.Since) < 19*24*time.Hour {
		t.Errorf("Legacy Line logged out since %v", r.Since)
	}
	if r := got["Field Team"]; r.Since.IsZero() || w.clock.Now().Sub(r.Since) < 5*time.Hour {
		t.Errorf("Field Team disconnected since %v", r.Since)
	}
	if rows[0].Verdict != Down || rows[len(rows)-1].Name != "Support Desk" {
		t.Errorf("not worst first: %s first, %s last", rows[0].Name, rows[len(rows)-1].Name)
	}
}

// 50 sessions on the default budget, read hidden as a one-shot check
// does: how long the first verdict takes is what the budget allows (every
// request is one tick of it); then, made visible, the streams are polled
// at the visible rate.
func TestFiftySessionsWithinTheBudget(t *testing.T) {
	w := newWorld(t, fake.Options{Sessions: 50, Incidents: true, LogActivity: true}, sched.DefaultBudget, tail.Options{})
	m := w.monitor(false)
	defer m.Close()
	most := 0
	perSecond := map[int64]int{}
	before := 0
	took := w.run(10*time.Minute, func() bool {
		if n := w.requests(); n > before {
			perSecond[w.clock.Now().Unix()] += n - before
			before = n
		}
		m.Pump()
		return m.Ready()
	})
	for _, n := range perSecond {
		most = max(most, n)
	}
	rows := m.Rows()
	verdicts := map[Verdict]int{}
	for _, r := range rows {
		verdicts[r.Verdict]++
	}
	t.Logf("50 sessions: first verdicts after %s of virtual time, %d requests, at most %d in a second; %d ok, %d attention, %d down",
		took, w.requests(), most, verdicts[OK], verdicts[Attention], verdicts[Down])
	if !m.Ready() || len(rows) != 50 {
		t.Fatalf("ready %v with %d rows", m.Ready(), len(rows))
	}
	if most > sched.DefaultBudget {
		t.Errorf("%d requests in one second; the budget is %d", most, sched.DefaultBudget)
	}
	if verdicts[OK] == 0 || verdicts[Attention] == 0 || verdicts[Down] == 0 {
		t.Errorf("verdicts %v", verdicts)
	}
	m.SetVisible(true)
	for _, wt := range m.watching {
		if e := wt.messages.Status().Every; e >= 30*time.Second {
			t.Fatalf("a visible stream is polled every %s", e)
		}
	}
}

// A session whose logs cannot be read is on the list, in the API's words;
// a transient error is retried before it counts.
func TestUnreadableLogsStayOnTheList(t *testing.T) {
	w := newWorld(t, fake.Options{}, 20, tail.Options{})
	w.fake.FailNext("GET", "/api/whatsapp-sessions/12/message-logs", 403, `{"success":false,"message":"This session's logs are not available on your plan"}`, 1000)
	w.fake.FailNext("GET", "/api/whatsapp-sessions/13/session-logs", 503, "", 1) // once: then it reads
	m := w.monitor(true)
	defer m.Close()
	w.run(5*time.Minute, func() bool { m.Pump(); return m.Ready() })
	if !m.Ready() {
		t.Fatal("not ready")
	}
	got := byName(m.Rows())
	if r := got["Sales EU"]; r.Verdict != Attention || reasons(r) != "unreadable: message logs: This session's logs are not available on your plan [HTTP 403]" {
		t.Errorf("Sales EU: %s %q", r.Verdict, reasons(r))
	}
	if r := got["Order Updates"]; r.Verdict != OK || !strings.Contains(r.LastError, "HTTP 503") {
		t.Errorf("Order Updates after one 503: %s %q, last error %q", r.Verdict, reasons(r), r.LastError)
	}
	if len(got) != 6 {
		t.Errorf("%d sessions on the list, want 6", len(got))
	}
}

// The list itself failing is the monitor's error, said once it is read.
func TestTheListFailing(t *testing.T) {
	w := newWorld(t, fake.Options{}, 20, tail.Options{})
	w.fake.FailNext("GET", "/api/whatsapp-sessions", 401, `{"success":false,"message":"Unnotarized"}`, 1)
	m := w.monitor(true)
	defer m.Close()
	var err error
	w.run(time.Second, func() bool { m.Pump(); _, err = m.Listed(); return err != nil })
	if listed, err := m.Listed(); listed || err == nil || !strings.Contains(err.Error(), "Unnotarized") {
		t.Fatalf("listed %v, err %v", listed, err)
	}
	w.run(10*time.Second, func() bool { m.Pump(); listed, _ := m.Listed(); return listed })
	if listed, err := m.Listed(); !listed || err != nil {
		t.Errorf("after the next reading: listed %v, err %v", listed, err)
	}
}

// When another reader already tails every session's logs back to the
// window's start, the monitor adds no request: the same run with and
// without it makes exactly as many.
func TestAlreadyTailedCostsNothingMore(t *testing.T) {
	if testing.Short() {
		t.Skip("tails every stream for five virtual minutes, twice; the full run has it")
	}
	run := func(withMonitor bool) (requests int, rows []Row) {
		w := newWorld(t, fake.Options{Incidents: true, LogActivity: true}, sched.DefaultBudget, tail.Options{Since: t0.Add(-time.Hour)})
		list, err := w.c.ListSessions(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range list { // the logs pane, on every session
			w.hub.Sessions(s.ID).Subscribe(true)
			w.hub.Messages(s.ID).Subscribe(true)
		}
		w.run(2*time.Minute, nil)
		start := w.requests()
		var m *Monitor
		if withMonitor {
			m = NewMonitor(w.hub, MonitorOptions{Held: w.c.HeldUntil, Now: w.clock.Now})
			m.SetSessions(list)
		}
		w.run(3*time.Minute, func() bool {
			if m != nil {
				m.Pump()
			}
			return false
		})
		if m != nil {
			if !m.Ready() {
				t.Error("the monitor is not ready on streams that cover its window")
			}
			rows = m.Rows()
		}
		return w.requests() - start, rows
	}
	without, _ := run(false)
	with, rows := run(true)
	t.Logf("3 minutes of 12 streams tailed back to the window's start: %d requests without the monitor, %d with it", without, with)
	if with != without {
		t.Errorf("the monitor added %d requests", with-without)
	}
	if len(rows) != 6 || byName(rows)["Sales EU"].Verdict != Attention {
		t.Errorf("rows %v", rows)
	}
}

// Measured over another window, the board is rebuilt from what the streams
// keep, and they read further back only if they must.
func TestSetWindow(t *testing.T) {
	w := newWorld(t, fake.Options{Incidents: true}, 20, tail.Options{})
	m := w.monitor(true)
	defer m.Close()
	w.run(2*time.Minute, func() bool { m.Pump(); return m.Ready() })
	wide := byName(m.Rows())["Order Updates"]
	m.SetWindow(10 * time.Minute)
	w.run(time.Minute, func() bool { m.Pump(); return m.Ready() })
	narrow := byName(m.Rows())["Order Updates"]
	if m.Window() != 10*time.Minute || narrow.Failed != 0 || wide.Failed < 100 || len(narrow.Failures) != 2 {
		t.Errorf("1h: %d failed; 10m: %d failed, %v", wide.Failed, narrow.Failed, narrow.Failures)
	}
	m.SetWindow(time.Hour)
	w.run(time.Minute, func() bool { m.Pump(); return m.Ready() })
	if again := byName(m.Rows())["Order Updates"]; again.Failed != wide.Failed {
		t.Errorf("back to 1h: %d failed, want %d", again.Failed, wide.Failed)
	}
}

// A log that becomes unreadable brings no batch, yet Pump says something
// changed, so a view knows to draw the verdict again; a pump with nothing
// new says nothing changed.
func TestPumpReportsWhatChangesWithoutABatch(t *testing.T) {
	w := newWorld(t, fake.Options{}, 20, tail.Options{})
	w.fake.FailNext("GET", "/api/whatsapp-sessions/12/message-logs", 500, `{"success":false,"message":"Down for a while"}`, 1000)
	m := w.monitor(false)
	defer m.Close()
	last := ""
	w.run(5*time.Minute, func() bool {
		changed := m.Pump()
		now := reasons(byName(m.Rows())["Sales EU"])
		if now != last && !changed {
			t.Errorf("Sales EU went from %q to %q and Pump said nothing changed", last, now)
		}
		last = now
		return m.Ready()
	})
	if !strings.Contains(last, "unreadable: message logs: Down for a while [HTTP 500] (3 reads in a row)") {
		t.Fatalf("Sales EU: %q", last)
	}
	if m.Pump() {
		t.Error("a second pump with nothing new says something changed")
	}
}

// A monitor whose Done closed, or that was closed, lets its readers go,
// and a listing that comes later subscribes to nothing.
func TestDoneLetsTheReadersGo(t *testing.T) {
	w := newWorld(t, fake.Options{}, 20, tail.Options{})
	done := make(chan struct{})
	m := NewMonitor(w.hub, MonitorOptions{Now: w.clock.Now, Done: done})
	list, err := w.c.ListSessions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	m.SetSessions(list)
	w.run(time.Minute, func() bool { m.Pump(); return m.Ready() })
	close(done)
	m.Close()
	m.SetSessions(list)
	before := w.requests()
	w.run(5*time.Minute, nil)
	if n := w.requests() - before; n != 0 {
		t.Errorf("%d requests for a monitor that is done", n)
	}
}
