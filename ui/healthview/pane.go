// Package healthview is the Health pane: every session's verdict over a
// window of time (api/health), worst first, from the same log streams as
// the Logs pane; enter opens the logs of what made the verdict, and the
// session actions work on the selected session as in the Sessions pane.
package healthview

import (
	"slices"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/health"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/table"
	"github.com/wasender-tui/wasender-tui/ui/healthtext"
	"github.com/wasender-tui/wasender-tui/ui/keys"
	"github.com/wasender-tui/wasender-tui/ui/pairview"
	"github.com/wasender-tui/wasender-tui/ui/sessionops"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// Model is the Health pane.
type Model struct {
	ctx   *common.Context
	stack *view.Stack
	ops   *sessionops.Ops
	gen   uint64
	chain int // the ticks of one stay in front

	table   table.Model
	rows    []health.Row // worst first, as last built
	src     rowsView
	built   time.Time // when rows were built
	ready   bool      // every verdict stands on its whole window
	pending int       // logs still being read…
	logs    int       // …of all there are

	listing bool      // a read of the session list is in flight
	listed  time.Time // when the list the board has was read
	held    time.Time // until when the API holds the list's and the logs' credential after a 429
	visible bool      // the monitor's readers say they are looked at
	moved   bool      // the operator moved the cursor: it follows its session
	active  bool
	width   int
	height  int

	own []keys.Action
}

// Every is how often the pane takes what the streams brought while in
// front; rows are built again when something came, and at least every
// rebuildEvery so that the window slides.
const (
	Every        = time.Second
	rebuildEvery = 10 * time.Second
)

// New returns the pane; the views its actions open go on stack.
func New(ctx *common.Context, stack *view.Stack) *Model {
	m := &Model{ctx: ctx, stack: stack, ops: sessionops.New(ctx, stack), gen: common.NextGen()}
	m.table = table.New(ctx.Styles, columns(m.window(), 0), rowsView{})
	m.table.Empty = "no sessions"
	withID := func() bool { r, ok := m.selectedRow(); return ok && r.ID != "" }
	m.own = append([]keys.Action{
		keys.Open.Described("its logs: failures or state changes").When(withID).Does(m.openLogs),
		keys.New("time window", "W").Doing(m.nextWindow),
		keys.New("refresh", "r", "ctrl+r").Does(m.refresh),
	}, m.ops.Actions(m.selectedSession)...)
	m.own = append(m.own, keys.Navigation(cursor{m})...)
	return m
}

// cursor is the table as the navigation keys move it: once the operator
// has moved, the selection follows its session wherever the sort puts it;
// until then it stays on the worst.
type cursor struct{ m *Model }

func (c cursor) Move(n int) { c.m.table.Move(n); c.m.moved = true }
func (c cursor) Page() int  { return c.m.table.Page() }
func (c cursor) Home()      { c.m.table.Home(); c.m.moved = true }
func (c cursor) End()       { c.m.table.End(); c.m.moved = true }

// Name is the pane's command and tab.
func (m *Model) Name() string { return "health" }

// Actions are the pane's keys.
func (m *Model) Actions() []keys.Action { return m.own }

// CommandHelp is what :health takes.
func (m *Model) CommandHelp() (args, desc string) {
	return "[WINDOW]", "show the Health pane, over WINDOW (15m, 1h, 2h30m)"
}

// Command sets the window of `:health 15m`; a window that cannot be read
// is an error that says the format, and changes nothing.
func (m *Model) Command(args []string) (tea.Cmd, error) {
	d, err := health.ParseWindow(strings.Join(args, " "))
	if err != nil {
		return nil, err
	}
	m.setWindow(d)
	return nil, nil
}

func (m *Model) monitor() *health.Monitor { return m.ctx.HealthMonitor() }

func (m *Model) window() time.Duration { return m.monitor().Window() }

// SetSize gives the pane its space.
func (m *Model) SetSize(w, h int) {
	cells := sparkCells(m.width)
	m.width, m.height = w, h
	if sparkCells(w) != cells && m.rows != nil {
		m.rebuild(m.selectedID())
	}
	m.table.SetSize(w, m.tableHeight())
}

// SetActive starts the pane's ticks when shown: it reads the session list
// if no pane did lately, and takes what the streams brought.
func (m *Model) SetActive(active bool) tea.Cmd {
	m.active = active
	m.chain++
	m.setVisible()
	if !active {
		return nil
	}
	m.pump(true)
	cmds := []tea.Cmd{m.tick()}
	if at := m.ctx.Sessions.At(); at.IsZero() || m.ctx.Now().Sub(at) >= m.ctx.Poll() {
		cmds = append(cmds, m.fetchList())
	}
	return tea.Batch(cmds...)
}

// setVisible says the monitor's readers are looked at while the pane is
// in front, once the first verdicts are in: until then they read as
// hidden ones do, so a log whose window is read waits while the budget
// goes to those still to read (unless hidden logs are not polled at all).
func (m *Model) setVisible() {
	v := m.active && (m.ready || m.ctx.Settings.HiddenLogPoll <= 0)
	if v != m.visible {
		m.visible = v
		m.monitor().SetVisible(v)
	}
}

// Status is the header's line: the verdicts' counts and the list's
// freshness and error.
func (m *Model) Status() view.Status {
	st := view.Status{Updated: m.listed, Err: m.ctx.Sessions.Err(), Busy: m.ops.Busy()}
	if !m.listed.IsZero() {
		st.Summary = summary(m.rows)
	}
	return st
}

// summary is the header's count: "3 down · 2 attention · 1 ok".
func summary(rows []health.Row) string {
	t := healthtext.TallyOf(rows)
	var parts []string
	for _, p := range []struct {
		n    int
		what string
	}{{t.Down, "down"}, {t.Attention, "attention"}, {t.OK, "ok"}, {t.Reading, "reading"}} {
		if p.n > 0 {
			parts = append(parts, common.Itoa(p.n)+" "+p.what)
		}
	}
	if len(parts) == 0 {
		return "no sessions"
	}
	return strings.Join(parts, " · ")
}

// Update takes the pane's ticks, the list, and the outcome of actions.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tickMsg:
		if msg.gen != m.gen || msg.chain != m.chain || !m.active {
			return nil // a superseded chain ends here
		}
		m.pump(false)
		cmds := []tea.Cmd{m.tick()}
		if m.ctx.Now().Sub(m.ctx.Sessions.At()) >= m.ctx.Poll() {
			cmds = append(cmds, m.fetchList())
		}
		return tea.Batch(cmds...)
	case listMsg:
		return m.onList(msg)
	case sessionops.DoneMsg:
		if msg.Err != nil {
			m.monitor().NoteError(msg.ID, msg.Err) // the session's last error, whichever pane acted
		}
		return tea.Batch(m.ops.Update(msg), m.refresh())
	case pairview.DoneMsg:
		return tea.Batch(m.ops.Update(msg), m.refresh())
	}
	return m.ops.Update(msg)
}

func (m *Model) onList(msg listMsg) tea.Cmd {
	if msg.gen != m.gen {
		return nil
	}
	m.listing = false
	m.held = m.ctx.Client.HeldUntil("")
	if msg.err != nil {
		m.ctx.Sessions.Fail(msg.err, msg.at) // every pane of the list says so
		return nil
	}
	m.ctx.Sessions.Set(msg.sessions, msg.at)
	m.pump(true)
	return nil
}

// refresh reads the session list now and asks every log for a poll as
// soon as the budget allows.
func (m *Model) refresh() tea.Cmd {
	for _, r := range m.rows {
		if r.ID != "" {
			m.ctx.LogHub().Poke(api.ID(r.ID))
		}
	}
	return m.fetchList()
}

// pump takes what the streams brought and builds the rows again when
// something came, when the window has slid far enough, or when forced.
func (m *Model) pump(force bool) {
	mon := m.monitor()
	if at := m.ctx.Sessions.At(); at.After(m.listed) { // whichever pane read it
		list, at := m.ctx.Sessions.Sessions()
		mon.SetSessions(list)
		m.listed, force = at, true
	}
	m.held = m.ctx.Client.HeldUntil("") // the list and every log go with it
	changed := mon.Pump()
	if !changed && !force && m.ctx.Now().Sub(m.built) < rebuildEvery {
		return
	}
	selected := m.selectedID()
	m.rows = m.ctx.HealthRows()
	m.ready = mon.Ready()
	m.pending, m.logs = mon.Pending()
	m.built = m.ctx.Now()
	m.setVisible()
	m.rebuild(selected)
}

// rebuild makes the table's rows from m.rows, keeping the selected session
// selected wherever the sort put it.
func (m *Model) rebuild(selected string) {
	m.src = newRowsView(m.ctx, m.rows, m.window(), m.width, m.ctx.Now())
	m.table.Columns = columns(m.window(), m.width)
	m.table.SetSource(m.src)
	m.table.SetSize(m.width, m.tableHeight())
	i := slices.IndexFunc(m.rows, func(r health.Row) bool { return r.ID == selected })
	m.table.SetCursor(max(i, 0))
}

// selectedID is the session the cursor should stay on through a rebuild:
// the selected one once the operator moved, else none (the worst).
func (m *Model) selectedID() string {
	if r, ok := m.selectedRow(); ok && m.moved {
		return r.ID
	}
	return ""
}

func (m *Model) selectedRow() (health.Row, bool) {
	if len(m.rows) == 0 {
		return health.Row{}, false
	}
	return m.rows[m.table.Cursor()], true
}

// selectedSession is the selected row's session as the list gave it, its
// state as the health board knows it now (a session log newer than the
// listing may have moved it on), for the session actions.
func (m *Model) selectedSession() (api.Session, bool) {
	r, ok := m.selectedRow()
	if !ok {
		return api.Session{}, false
	}
	s := api.Session{ID: api.ID(r.ID), Name: api.Text(r.Name)}
	list, _ := m.ctx.Sessions.Sessions()
	if i := slices.IndexFunc(list, func(l api.Session) bool { return l.ID == s.ID }); i >= 0 && r.ID != "" {
		s = list[i]
	}
	if r.Status != "" {
		s.Status = api.Status(r.Status)
	}
	return s, true
}

// openLogs shows the selected session's logs, filtered to what made its
// verdict.
func (m *Model) openLogs() tea.Cmd {
	r, _ := m.selectedRow()
	msg := logsFor(r, m.window())
	return func() tea.Msg { return msg }
}

// logsFor is the log that tells a row's story over the window: the state
// changes of a session that is down (all of them: the one that put it
// down may be older than the window) or flapping, the failures of one
// failing, the log that cannot be read (its error shows there); else its
// failures, its changes or its messages, whichever it has.
func logsFor(r health.Row, window time.Duration) common.ShowLogsMsg {
	msg := common.ShowLogsMsg{Session: api.ID(r.ID), Window: window}
	kind := ""
	if len(r.Reasons) > 0 {
		kind = r.Reasons[0].Kind
	}
	switch {
	case kind == health.NotConnected:
		msg.SessionLogs, msg.Window = true, 0
	case kind == health.Flapping:
		msg.SessionLogs = true
	case kind == health.Failing:
		msg.Status = api.StatusFailed
	case kind == health.Unreadable:
		msg.SessionLogs, msg.Window = strings.HasPrefix(r.Reasons[0].Detail, health.SessionLogs.String()), 0
	case r.Failed > 0:
		msg.Status = api.StatusFailed
	case r.Changes > 0:
		msg.SessionLogs = true
	}
	return msg
}

// windows are what W cycles through, with the configured one among them.
func (m *Model) windows() []time.Duration {
	ws := []time.Duration{15 * time.Minute, time.Hour, 6 * time.Hour, 24 * time.Hour}
	if d := m.ctx.Settings.Health.Window; d > 0 && !slices.Contains(ws, d) {
		ws = append(ws, d)
		slices.Sort(ws)
	}
	return ws
}

func (m *Model) nextWindow() {
	ws := m.windows()
	i := slices.Index(ws, m.window())
	m.setWindow(ws[(i+1)%len(ws)])
}

// setWindow measures over d from now on: the board is built again from
// what the streams keep, and they read further back if they must.
func (m *Model) setWindow(d time.Duration) {
	if d == m.window() {
		return
	}
	m.monitor().SetWindow(d)
	m.ready, m.visible = false, false
	m.monitor().SetVisible(false)
	m.pump(true) // the status line says the window
}
