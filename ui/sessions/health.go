package sessions

import (
	"maps"
	"strconv"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/components/table"
	"github.com/wasender-tui/wasender-tui/ui/healthtext"
)

// healthNote is what the console's health board says of the sessions, as
// of the pane's last look at it.
type healthNote struct {
	marks           map[api.ID]string // "✗ down", "! failing"… by session
	pending, logs   int               // logs still being read, of all
	down, attention int               // sessions down, and needing attention
}

// readHealth marks the sessions that need looking at, from the health
// board the Health pane shows: the list just read feeds it, and what the
// log streams brought is taken in.
func (m *Model) readHealth(list []api.Session) {
	mon := m.ctx.HealthMonitor()
	mon.SetSessions(list)
	mon.Pump()
	m.markHealth()
}

// markHealth reads the board's verdicts into the marks.
func (m *Model) markHealth() {
	m.health = healthNote{}
	rows := m.ctx.HealthRows()
	m.health.marks = make(map[api.ID]string, len(rows))
	for _, r := range rows {
		if f := healthtext.Flag(r); f != "" {
			m.health.marks[api.ID(r.ID)] = f
		}
	}
	t := healthtext.TallyOf(rows)
	m.health.down, m.health.attention = t.Down, t.Attention
	m.health.pending, m.health.logs = m.ctx.HealthMonitor().Pending()
}

// healthMsg is the next look at the health board, between two refreshes
// of the list, of one polling chain.
type healthMsg struct {
	gen   uint64
	chain int
}

// healthEvery is how often the pane takes what the log streams brought
// while it is in front: the marks follow within a second.
const healthEvery = time.Second

func (m *Model) healthTick(chain int) tea.Cmd {
	gen := m.gen
	return m.ctx.After(healthEvery, func(time.Time) tea.Msg { return healthMsg{gen: gen, chain: chain} })
}

// onHealth takes what the streams brought; when a mark changed, the
// health column is written again (nothing else of the rows is).
func (m *Model) onHealth() {
	if !m.ctx.HealthMonitor().Pump() {
		return
	}
	before := m.health
	m.markHealth()
	if maps.Equal(before.marks, m.health.marks) {
		return
	}
	for _, r := range m.rows {
		r.cells[colHealth] = m.mark(r.s.ID)
		r.search = haystack(r.cells)
	}
	m.widths = table.CellWidths(len(columns()), len(m.rows), func(i int) []string { return m.rows[i].cells })
	m.refreshView()
}

// text is the status line's word on health: how the reading goes, or how
// many sessions need looking at.
func (n healthNote) text() string {
	var parts []string
	if n.down > 0 {
		parts = append(parts, strconv.Itoa(n.down)+" down")
	}
	if n.attention > 0 {
		parts = append(parts, strconv.Itoa(n.attention)+" need attention")
	}
	switch {
	case n.pending > 0:
		parts = append(parts, "reading the logs: "+strconv.Itoa(n.logs-n.pending)+" of "+strconv.Itoa(n.logs))
	case len(parts) == 0:
		return ""
	}
	return "health: " + strings.Join(parts, ", ") + " (:health)"
}

// mark is the health column's text of a session.
func (m *Model) mark(id api.ID) string { return m.health.marks[id] }

// markStyle colours a health mark: red for down, yellow for the rest.
func (m *Model) markStyle(mark string) lipgloss.Style {
	if strings.HasPrefix(mark, "✗") {
		return m.ctx.Styles.Error
	}
	return m.ctx.Styles.Warn
}
