package ui_test

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/api/tail"
	"github.com/wasender-tui/wasender-tui/ui"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/uitest"
)

// incidents is the console against the demo's incidents at w x h.
func incidents(t *testing.T, w, h int) (*uitest.Env, *ui.Model, *uitest.Driver) {
	t.Helper()
	env := uitest.New(t, fake.Options{Incidents: true})
	m := ui.New(env.Ctx, nil)
	d := env.Driver(t, func(msg tea.Msg) tea.Cmd { _, c := m.Update(msg); return c })
	start(t, d, m, w, h)
	return env, m, d
}

func rowOf(v, name string) string {
	for _, l := range strings.Split(v, "\n") {
		if strings.Contains(l, " "+name+" ") {
			return l
		}
	}
	return ""
}

// The Sessions pane marks the sessions that need attention beside their
// state, from the board the Health pane shows, and says how many.
func TestSessionsPaneMarksWhatNeedsAttention(t *testing.T) {
	_, m, d := incidents(t, 120, 30)
	if l := rowOf(m.View(), "Field Team"); !strings.Contains(l, "○ disconnected ✗ down") {
		t.Errorf("a session down is marked at once: %q", l)
	}
	d.Advance(15 * time.Second) // the logs read, and a refresh of the list
	v := m.View()
	for name, mark := range map[string]string{"Sales EU": "● connected    ! flapping", "Order Updates": "● connected    ! failing", "Legacy Line": "✕ logged out   ✗ down"} {
		if l := rowOf(v, name); !strings.Contains(l, mark) {
			t.Errorf("%s: %q lacks %q", name, l, mark)
		}
	}
	if l := rowOf(v, "Support Desk"); strings.Contains(l, "!") || strings.Contains(l, "✗") {
		t.Errorf("a session that is ok is marked: %q", l)
	}
	if !strings.Contains(v, "health: 3 down, 2 need attention (:health)") {
		t.Errorf("status line:\n%s", v)
	}
}

// 6 and :health show the pane; :health 15m measures over 15 minutes; enter
// on a failing session opens its failed messages in the Logs pane.
func TestHealthPaneThroughTheConsole(t *testing.T) {
	_, m, d := incidents(t, 120, 30)
	d.Press("6")
	d.Advance(10 * time.Second)
	v := m.View()
	if !strings.Contains(v, "6 Health") || !strings.Contains(v, "3 down · 2 attention · 1 ok") || !strings.Contains(rowOf(v, "Order Updates"), "! attention") {
		t.Fatalf("the Health pane:\n%s", v)
	}
	d.Press("1")
	d.Send(typed(":health 15m"))
	d.Press("enter")
	d.Advance(5 * time.Second)
	if v := m.View(); !strings.Contains(v, "over the last 15m") || !strings.Contains(v, "VERDICT") {
		t.Fatalf(":health 15m:\n%s", v)
	}
	d.Send(typed(":health 1h"))
	d.Press("enter")
	d.Advance(5 * time.Second)
	d.Press("home", "down", "down", "down") // the three down, then Order Updates
	if l := rowOf(m.View(), "Order Updates"); !strings.Contains(l, "! attention") {
		t.Fatalf("row: %q", l)
	}
	d.Press("enter")
	d.Advance(time.Second)
	v = m.View()
	if !strings.Contains(v, "Message logs of Order Updates") || !strings.Contains(v, "status ✗ failed") || !strings.Contains(v, "last 1h") {
		t.Fatalf("enter did not open the failures of Order Updates:\n%s", v)
	}
	for _, l := range strings.Split(v, "\n")[3:10] {
		if strings.Contains(l, "✓ sent") {
			t.Errorf("a sent message among the failures: %q", l)
		}
	}
}

// A viewer sees the Health pane with the keys that only read: the session
// actions that change something are not offered, and refused if pressed.
func TestViewerOnTheHealthPane(t *testing.T) {
	env := uitest.New(t, fake.Options{Incidents: true})
	env.Ctx.Role = common.RoleViewer
	m := ui.New(env.Ctx, nil)
	d := env.Driver(t, func(msg tea.Msg) tea.Cmd { _, c := m.Update(msg); return c })
	start(t, d, m, 200, 30)
	d.Press("6")
	d.Advance(10 * time.Second)
	v := m.View()
	footer := lastLine(v)
	if strings.Contains(footer, "restart") || strings.Contains(footer, "connect") || !strings.Contains(footer, "its logs") {
		t.Errorf("viewer's footer: %q", footer)
	}
	d.Press("G", "R")
	if v := m.View(); !strings.Contains(v, "your role (viewer) may not restart") {
		t.Errorf("R as a viewer:\n%s", v)
	}
}

// logRequests counts the requests made to the sessions' logs.
func logRequests(f *fake.Server) int {
	n := 0
	for id := 11; id <= 16; id++ {
		n += f.Requests("/api/whatsapp-sessions/" + common.Itoa(id) + "/")
	}
	return n
}

// The figure of the README: with every session's two logs already tailed
// (by the Logs pane of this console or another), the Health pane in front
// for five minutes adds no request to the logs; with streams that reach
// only their newest 100 entries, it adds the reads back to the window's
// start, once.
func TestHealthPaneAddsNoRequestToTailedStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("runs two consoles for three virtual minutes; the full run has it")
	}
	run := func(backToWindow, withConsole bool) int {
		env := uitest.New(t, fake.Options{Incidents: true, LogActivity: true})
		if backToWindow {
			env.Ctx.Hub = tail.NewHub(env.Ctx.Client, env.Ctx.Hub.Scheduler(), tail.Options{Since: env.Clock.Now().Add(-time.Hour)},
				tail.StreamOptions{Now: env.Clock.Now}, env.Ctx.Client.HeldUntil)
		}
		list, err := env.Ctx.Client.ListSessions(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range list { // a Logs pane on every session, in front
			env.Ctx.Hub.Sessions(s.ID).Subscribe(true)
			env.Ctx.Hub.Messages(s.ID).Subscribe(true)
		}
		// The same steps of time in both runs: a timer every 500 ms, and
		// the console's own on top.
		var m *ui.Model
		update := func(msg tea.Msg) tea.Cmd {
			if _, ok := msg.(pace); ok {
				return env.Ctx.After(500*time.Millisecond, func(time.Time) tea.Msg { return pace{} })
			}
			if m == nil {
				return nil
			}
			_, c := m.Update(msg)
			return c
		}
		d := env.Driver(t, update)
		d.Send(pace{})
		d.Advance(time.Minute)
		before := logRequests(env.Fake)
		if withConsole {
			m = ui.New(env.Ctx, nil)
			start(t, d, m, 160, 40)
			d.Press("6")
		}
		d.Advance(2 * time.Minute)
		if withConsole && !strings.Contains(m.View(), "3 down · 2 attention · 1 ok") {
			t.Errorf("no verdicts:\n%s", m.View())
		}
		return logRequests(env.Fake) - before
	}
	for _, backToWindow := range []bool{true, false} {
		without, with := run(backToWindow, false), run(backToWindow, true)
		t.Logf("12 log streams tailed (back to the window's start: %v), 2 minutes: %d requests to the logs without the Health pane, %d with it in front", backToWindow, without, with)
		if backToWindow && with != without {
			t.Errorf("the Health pane added %d requests to streams that were tailed back to the window's start", with-without)
		}
		if !backToWindow && (with < without || with > without+6) {
			t.Errorf("the Health pane added %d requests to streams tailed from their newest 100 entries", with-without)
		}
	}
}

type pace struct{}

// The Health pane's frame is never taller or wider than the terminal.
func TestHealthFrameFitsTheTerminal(t *testing.T) {
	_, m, d := incidents(t, 80, 24)
	d.Press("6")
	d.Advance(10 * time.Second)
	for _, size := range [][2]int{{80, 24}, {40, 10}, {41, 11}, {250, 70}, {120, 40}, {200, 60}, {1, 1}} {
		d.Send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		checkFits(t, m.View(), size[0], size[1])
		d.Send(typed(":health 24h"))
		d.Press("enter")
		checkFits(t, m.View(), size[0], size[1])
		d.Send(typed(":health 1h"))
		d.Press("enter")
	}
}

// A console that ends (an SSH client leaves, a profile switch) lets the
// log streams its health board read go: nothing more is polled for it.
func TestAnEndedConsoleLetsItsHealthStreamsGo(t *testing.T) {
	env := uitest.New(t, fake.Options{Incidents: true})
	env.Ctx.Bind(t.Context())
	m := ui.New(env.Ctx, nil)
	d := env.Driver(t, func(msg tea.Msg) tea.Cmd { _, c := m.Update(msg); return c })
	start(t, d, m, 120, 30)
	d.Press("6")
	d.Advance(10 * time.Second)
	if !strings.Contains(m.View(), "3 down · 2 attention · 1 ok") {
		t.Fatalf("no verdicts:\n%s", m.View())
	}
	env.Ctx.Stop()
	before := logRequests(env.Fake)
	for range 180 {
		env.Clock.Advance(time.Second)
		env.Poll()
	}
	if n := logRequests(env.Fake) - before; n != 0 {
		t.Errorf("%d requests to the logs of a console that ended", n)
	}
}
