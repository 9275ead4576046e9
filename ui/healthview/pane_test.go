package healthview

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/api/health"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/confirm"
	"github.com/wasender-tui/wasender-tui/ui/uitest"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

type harness struct {
	t   *testing.T
	env *uitest.Env
	m   *Model
	p   *uitest.Pane
}

// shown is the pane in front at w x h against the fake API with opts,
// once every session's verdict stands (the scheduler runs what is due as
// time passes).
func shown(t *testing.T, opts fake.Options, w, h int) *harness {
	t.Helper()
	env := uitest.New(t, opts)
	hs := &harness{t: t, env: env}
	hs.p = env.NewPane(t, w, h, func(s *view.Stack) view.Pane { hs.m = New(env.Ctx, s); return hs.m })
	for range 60 {
		if hs.m.ready {
			break
		}
		hs.p.Advance(Every)
	}
	if !hs.m.ready {
		t.Fatalf("no verdicts after a minute:\n%s", hs.p.View())
	}
	return hs
}

func (h *harness) lines() []string { return strings.Split(h.p.View(), "\n") }

// line is the pane's line for the session named name.
func (h *harness) line(name string) string {
	h.t.Helper()
	for _, l := range h.lines() {
		if strings.Contains(l, " "+name+" ") {
			return l
		}
	}
	h.t.Fatalf("no line for %s:\n%s", name, h.p.View())
	return ""
}

// selectRow moves the cursor to the session named name.
func (h *harness) selectRow(name string) health.Row {
	h.t.Helper()
	h.p.Press("home")
	for range h.m.rows {
		if r, _ := h.m.selectedRow(); r.Name == name {
			return r
		}
		h.p.Press("down")
	}
	h.t.Fatalf("no row for %s", name)
	return health.Row{}
}

// Against the demo's incidents: every session, worst first, one line
// each with its verdict as a symbol and a word, its reasons, sent/failed,
// its failures per 5 minutes and how long its state has held.
func TestWorstFirstWithVerdictsAndReasons(t *testing.T) {
	h := shown(t, fake.Options{Incidents: true}, 160, 30)
	var order []string
	for _, r := range h.m.rows {
		order = append(order, r.Verdict.String())
	}
	if got := strings.Join(order, " "); got != "down down down attention attention ok" {
		t.Errorf("verdicts in order: %s", got)
	}
	for name, want := range map[string][]string{
		"Field Team":    {"✗ down", "not connected: disconnected", "0/0", "5h"},
		"Legacy Line":   {"✗ down", "not connected: logged_out", "20d"},
		"Order Updates": {"! attention", "failing: ", "% of ", "messages failed", "21h"},
		"Sales EU":      {"! attention", "flapping: 6 state changes in 1h", "17m"},
		"Support Desk":  {"✓ ok"},
	} {
		l := h.line(name)
		for _, w := range want {
			if !strings.Contains(l, w) {
				t.Errorf("%s: %q lacks %q", name, l, w)
			}
		}
	}
	// The outage shows in the sparkline: some buckets with failures, some
	// without; a calm session has none.
	outage := h.line("Order Updates")
	if !strings.ContainsAny(outage, "▁▂▃▄▅▆▇█") || !strings.Contains(outage, "·") {
		t.Errorf("no outage in %q", outage)
	}
	if calm := h.line("Field Team"); strings.ContainsAny(calm, "▁▂▃▄▅▆▇█") {
		t.Errorf("failures drawn for a calm session: %q", calm)
	}
	if head := h.lines()[0]; !strings.Contains(head, "VERDICT") || !strings.Contains(head, "FAILED/5m") || !strings.Contains(head, "SINCE") {
		t.Errorf("header %q", head)
	}
	if st := h.m.Status().Summary; st != "3 down · 2 attention · 1 ok" {
		t.Errorf("summary %q", st)
	}
	last := h.lines()[len(h.lines())-1]
	if !strings.Contains(last, "6 sessions: 3 down, 2 need attention, 1 ok") || !strings.Contains(last, "over the last 1h") {
		t.Errorf("status line %q", last)
	}
}

// The selected session's reasons are shown in full under the table,
// however narrow the screen, and the pane is exactly its size.
func TestDetailsOfTheSelectedSessionAndExactSize(t *testing.T) {
	h := shown(t, fake.Options{Incidents: true}, 80, 20)
	r := h.selectRow("Order Updates")
	v := h.p.View()
	for _, l := range strings.Split(v, "\n") {
		if w := ansi.StringWidth(l); w > 80 {
			t.Errorf("line of %d cells: %q", w, l)
		}
	}
	if n := strings.Count(v, "\n") + 1; n != 20 {
		t.Errorf("%d lines, want 20", n)
	}
	flat := strings.Join(strings.Fields(v), " ")
	if !strings.Contains(flat, "Order Updates (13): failing: ") || !strings.Contains(flat, r.LastFailedReason) {
		t.Errorf("details of Order Updates (latest %q) not shown:\n%s", r.LastFailedReason, v)
	}
	for _, size := range [][2]int{{40, 6}, {40, 1}, {250, 70}} {
		h.p.Resize(size[0], size[1])
		v := h.p.View()
		if n := strings.Count(v, "\n") + 1; n != size[1] {
			t.Errorf("%dx%d: %d lines", size[0], size[1], n)
		}
		for _, l := range strings.Split(v, "\n") {
			if ansi.StringWidth(l) > size[0] {
				t.Errorf("%dx%d: %q", size[0], size[1], l)
			}
		}
	}
}

// enter opens the logs of what made the verdict: the state changes of a
// session down or flapping, the failures of one failing, each over the
// window (a session down: all its changes, the one that put it down may
// be older).
func TestEnterOpensTheLogsOfWhatMatters(t *testing.T) {
	h := shown(t, fake.Options{Incidents: true}, 160, 30)
	for name, want := range map[string]common.ShowLogsMsg{
		"Order Updates": {Session: "13", Status: api.StatusFailed, Window: time.Hour},
		"Sales EU":      {Session: "12", SessionLogs: true, Window: time.Hour},
		"Field Team":    {Session: "15", SessionLogs: true},
		"Support Desk":  {Session: "11", Window: time.Hour},
	} {
		h.selectRow(name)
		before := len(h.p.Seen)
		h.p.Press("enter")
		var got []common.ShowLogsMsg
		for _, msg := range h.p.Seen[before:] {
			if s, ok := msg.(common.ShowLogsMsg); ok {
				got = append(got, s)
			}
		}
		if len(got) != 1 || got[0] != want {
			t.Errorf("%s: enter sent %+v, want %+v", name, got, want)
		}
	}
}

// What the logs pane is asked to show for each kind of row.
func TestLogsForEachVerdict(t *testing.T) {
	row := func(kind, detail string) health.Row {
		return health.Row{ID: "7", Reasons: []health.Reason{{Kind: kind, Detail: detail}}}
	}
	for _, c := range []struct {
		name string
		row  health.Row
		want common.ShowLogsMsg
	}{
		{"unreadable session logs", row(health.Unreadable, "session logs: Invalid API key [HTTP 401]"), common.ShowLogsMsg{Session: "7", SessionLogs: true}},
		{"unreadable message logs", row(health.Unreadable, "message logs: Forbidden [HTTP 403]"), common.ShowLogsMsg{Session: "7"}},
		{"ok with failures", health.Row{ID: "7", Failed: 2, Changes: 1}, common.ShowLogsMsg{Session: "7", Status: "failed", Window: 15 * time.Minute}},
		{"ok with changes", health.Row{ID: "7", Changes: 1}, common.ShowLogsMsg{Session: "7", SessionLogs: true, Window: 15 * time.Minute}},
	} {
		if got := logsFor(c.row, 15*time.Minute); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
}

// :health 15m measures over another window; W cycles windows; a window
// that cannot be read says the format and changes nothing.
func TestWindows(t *testing.T) {
	h := shown(t, fake.Options{Incidents: true}, 160, 30)
	wide := h.m.rows
	if cmd, err := h.m.Command([]string{"15m"}); err != nil {
		t.Fatal(err)
	} else {
		h.p.Run(cmd)
	}
	h.p.Advance(5 * Every)
	if h.m.window() != 15*time.Minute {
		t.Fatalf("window %s", h.m.window())
	}
	last := h.lines()[len(h.lines())-1]
	if !strings.Contains(last, "over the last 15m") {
		t.Errorf("status line %q", last)
	}
	for _, r := range h.m.rows {
		if len(r.Failures) != 3 {
			t.Errorf("%s: %d buckets over 15m", r.Name, len(r.Failures))
		}
		if r.Name == "Sales EU" {
			for _, w := range wide {
				if w.Name == r.Name && r.Changes > w.Changes {
					t.Errorf("more changes in 15m (%d) than in 1h (%d)", r.Changes, w.Changes)
				}
			}
		}
	}
	h.p.Press("W")
	if h.m.window() != time.Hour {
		t.Errorf("W after 15m: %s", h.m.window())
	}
	h.p.Press("W")
	h.p.Advance(5 * Every)
	if h.m.window() != 6*time.Hour || !strings.Contains(h.lines()[0], "FAILED/15m") {
		t.Errorf("W after 1h: %s, header %q", h.m.window(), h.lines()[0])
	}
	_, err := h.m.Command([]string{"15x"})
	if err == nil || !strings.Contains(err.Error(), `"15x" is not a window: use a number with a unit, like 15m, 1h or 2h30m`) || h.m.window() != 6*time.Hour {
		t.Errorf("error %v, window %s", err, h.m.window())
	}
}

// A session whose logs cannot be read stays on the list, in attention,
// with the API's words.
func TestUnreadableInTheAPIsWords(t *testing.T) {
	env := uitest.New(t, fake.Options{})
	env.Fake.FailNext("GET", "/api/whatsapp-sessions/12/message-logs", 403, `{"success":false,"message":"Logs are not part of your plan"}`, 1000)
	h := &harness{t: t, env: env}
	h.p = env.NewPane(t, 200, 30, func(s *view.Stack) view.Pane { h.m = New(env.Ctx, s); return h.m })
	h.p.Advance(30 * Every)
	l := h.line("Sales EU")
	if !strings.Contains(l, "! attention") || !strings.Contains(l, "unreadable: message logs: Logs are not part of your plan [HTTP 403]") {
		t.Errorf("Sales EU: %q", l)
	}
	if len(h.m.rows) != 6 {
		t.Errorf("%d rows", len(h.m.rows))
	}
}

// The session actions work on the selected session with the Sessions
// pane's keys, where they apply: restart a connected one, connect one
// that is not.
func TestSessionActionsOnTheSelectedRow(t *testing.T) {
	h := shown(t, fake.Options{Incidents: true}, 160, 30)
	h.selectRow("Support Desk")
	h.p.Press("R")
	if _, ok := h.p.Front().(*confirm.Dialog); !ok {
		t.Fatalf("R on a connected session opened %T", h.p.Front())
	}
	if v := h.p.View(); !strings.Contains(v, "Restart Support Desk?") {
		t.Errorf("dialog:\n%s", v)
	}
	h.p.Press("esc")
	h.selectRow("Field Team")
	for _, a := range h.m.Actions() {
		if a.Desc() == "restart" && a.Applies() {
			t.Error("restart offered for a disconnected session")
		}
		if a.Desc() == "connect (QR)" && !a.Applies() {
			t.Error("connect not offered for a disconnected session")
		}
	}
}

// The cursor stays on the worst session until the operator moves it; then
// it follows its session wherever the sort puts it.
func TestTheCursorFollowsItsSessionOnceMoved(t *testing.T) {
	h := shown(t, fake.Options{Incidents: true, LogActivity: true}, 160, 30)
	if r, _ := h.m.selectedRow(); r.Verdict != health.Down {
		t.Errorf("first selected: %s", r.Name)
	}
	h.selectRow("Support Desk")
	h.env.Fake.SetStatus(11, "disconnected")
	h.p.Advance(20 * Every)
	if r, _ := h.m.selectedRow(); r.Name != "Support Desk" || r.Verdict != health.Down {
		t.Errorf("selected %s (%s) after Support Desk went down", r.Name, r.Verdict)
	}
}

// Every string from the API is cleaned before the screen: names, states,
// reasons, the last error.
func TestWhatTheAPISaysIsCleaned(t *testing.T) {
	env := uitest.New(t, fake.Options{})
	evil := "\x1b]52;c;aGk=\x07Evil\x1b[2J"
	rows := []health.Row{{ID: "1\x1b[H", Name: evil, Status: "weird\x1b[31m", Verdict: health.Down, Ready: true,
		Reasons: []health.Reason{{Kind: health.NotConnected, Detail: "weird\x1b[31m"}}, LastError: "boom\x07", LastErrorAt: uitest.Epoch}}
	v := newRowsView(env.Ctx, rows, time.Hour, 200, uitest.Epoch)
	for col, c := range v.Cells(0) {
		if strings.ContainsFunc(c, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			t.Errorf("column %d: %q", col, c)
		}
	}
	m := New(env.Ctx, &view.Stack{})
	m.SetSize(200, 20)
	m.rows = rows
	m.rebuild("")
	m.listed = uitest.Epoch
	if out := m.View(); strings.ContainsAny(out, "\x1b\x07") || !strings.Contains(out, "Evil") {
		t.Errorf("%q", out)
	}
}

// A 429 on the personal token holds it (the session list and every log go
// with it): the pane says so and counts down to the next try, rather than
// standing still without a word.
func TestSaysWhenThePersonalTokenIsHeld(t *testing.T) {
	h := shown(t, fake.Options{}, 160, 30)
	h.env.Fake.FailNext("GET", "/api/whatsapp-sessions", 429, `{"message":"Too many requests.","retry_after":40}`, 1)
	h.p.Press("r")
	h.env.Poll()
	h.p.Advance(Every)
	want := "⚠ rate limited on the personal token; next try in "
	if v := h.p.View(); !strings.Contains(v, want+"39s") {
		t.Fatalf("no word of the hold:\n%s", v)
	}
	h.p.Advance(10 * time.Second)
	if v := h.p.View(); !strings.Contains(v, want+"29s") {
		t.Fatalf("the hold does not count down:\n%s", v)
	}
	h.p.Advance(30 * time.Second)
	if v := h.p.View(); strings.Contains(v, "rate limited") {
		t.Fatalf("still held after Retry-After:\n%s", v)
	}
}
