package logs

import (
	"path/filepath"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/search"
	"github.com/wasender-tui/wasender-tui/ui/keys"
)

// buildActions makes the pane's action tables, once.
func (m *Model) buildActions() {
	chosen := func() bool { return m.scope.Session != "" }
	term := func() bool { return m.list.Term != "" }
	lines := func() bool { return len(m.list.Lines) > 0 }
	m.list.Own = []keys.Action{
		keys.Pick.Doing(func() { m.scope.Pick(m.stack, m.reselect) }),
		keys.New("message/session logs", "m").Does(m.switchKind).When(chosen),
		m.list.FollowKey(),
		m.list.FilterKey(),
		keys.New("clear filter", "esc").Doing(func() { m.list.Term = ""; m.refilter() }).When(term),
		keys.New("next match", "n").Doing(func() { m.jump(+1) }).When(term),
		keys.New("previous match", "N").Doing(func() { m.jump(-1) }).When(term),
		keys.New("hide/show non-matching", "H").Doing(func() { m.filters.hide = !m.filters.hide; m.refilter() }).When(term),
		keys.New("status filter", "F").Doing(func() { m.filters.status = cycle(m.filters.status, m.statuses); m.refilter() }).
			When(func() bool { return len(m.statuses) > 0 }),
		keys.New("event filter", "E").Doing(func() { m.filters.event = cycle(m.filters.event, m.events); m.refilter() }).
			When(func() bool { return m.kind == kindSession && len(m.events) > 0 }),
		keys.New("time window", "W").Doing(func() { m.filters.window = nextWindow(m.filters.window); m.refilter() }),
		keys.New("local/UTC time", "t").Doing(func() { m.utc = !m.utc; m.list.Scroll() }),
		keys.New("wrap", "w").Doing(func() { m.wrap = !m.wrap; m.list.Scroll() }),
		keys.Open.Does(m.openDetail).When(func() bool { e := m.selected(); return e != nil && e.kind != kindGap }),
		keys.New("copy line", "y").Does(func() tea.Cmd { return m.ctx.Copy("the line", m.plainLine(m.selected())) }).When(lines),
		// Saving writes a file on the host the console runs on (the
		// server, over SSH): only operators may, and it is audited.
		keys.New("save", "ctrl+s").Mutating("save log", func() string { return filepath.Join(SaveDir(), m.saveName("log")) }).
			Does(func() tea.Cmd { return m.save(false) }).When(lines),
		keys.New("save as JSON lines", "J").Mutating("save log", func() string { return filepath.Join(SaveDir(), m.saveName("jsonl")) }).
			Does(func() tea.Cmd { return m.save(true) }).When(lines),
		keys.New("poll now", "r").Does(m.pollAgain).When(chosen),
	}
	// The navigation keys move the log's cursor; its bottom is the newest
	// line, followed (and while paused, f, G and end say so first).
	m.list.Own = append(m.list.Own, keys.Navigation(&m.list)...)
	m.list.Field = m.list.FieldKeys(&m.list)
}

func (m *Model) reselect() tea.Cmd {
	list, _ := m.ctx.Sessions.Sessions()
	return m.selectSession(m.scope.Session, list)
}

func (m *Model) switchKind() tea.Cmd {
	if m.kind == kindMessage {
		m.kind = kindSession
	} else {
		m.kind = kindMessage
	}
	return m.reselect()
}

// jump moves to the next or previous line containing the filter term;
// past the last one it stays and the status line says there is no more.
func (m *Model) jump(dir int) {
	m.noMore = 0
	for i := m.list.Cursor + dir; i >= 0 && i < len(m.list.Lines); i += dir {
		if matchesTerm(m.ring.at(m.list.Lines[i]), m.list.Term) {
			m.list.Cursor = i
			m.list.Follow = i == len(m.list.Lines)-1
			m.list.Scroll()
			return
		}
	}
	m.noMore = dir
}

// show brings the pane to one session (or all) with a filter typed in,
// and the log and status asked for: the answer to common.ShowLogsMsg.
func (m *Model) show(msg common.ShowLogsMsg) tea.Cmd {
	session := string(msg.Session)
	if session == "" {
		session = allSessions
	}
	m.scope.Session = session
	m.kind = kindMessage
	if msg.SessionLogs {
		m.kind = kindSession
	}
	cmd := m.reselect()
	m.list.Term = search.Fold(strings.TrimSpace(msg.Filter))
	m.filters.status, m.filters.window = strings.ToLower(msg.Status), msg.Window
	m.refilter()
	return cmd
}

func (m *Model) sessionTitle() string { return m.scope.Name() }

func (m *Model) kindTitle() string {
	if m.kind == kindSession {
		return "session logs"
	}
	return "message logs"
}
