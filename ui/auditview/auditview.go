// Package auditview is the Audit pane: the last entries of the audit
// trail, newest at the bottom.
package auditview

import (
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/wasender-tui/wasender-tui/api/audit"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/table"
)

// shown is how many entries the pane reads.
const shown = 1000

const (
	colTime = iota
	colActor
	colProfile
	colAction
	colTarget
	colResult
)

// Model is the audit pane.
type Model struct {
	ctx     *common.Context
	refresh common.Action
	gen     uint64
	entries []audit.Entry
	table   table.Model
	loaded  time.Time
	err     error
	width   int
	height  int
}

type loadedMsg struct {
	gen     uint64
	entries []audit.Entry
	err     error
	at      time.Time
}

// New returns the pane.
func New(ctx *common.Context) *Model {
	m := &Model{ctx: ctx, gen: common.NextGen(), refresh: common.NewAction("r", "reload", "r")}
	m.table = table.New(ctx.Styles, []table.Column{
		colTime:    {Title: "TIME (UTC)", Width: 19},
		colActor:   {Title: "WHO", Width: 16, Flex: 2},
		colProfile: {Title: "PROFILE", Width: 8, MinTerm: 120},
		colAction:  {Title: "ACTION", Width: 18},
		colTarget:  {Title: "TARGET", Width: 10, Flex: 1},
		colResult:  {Title: "RESULT", Width: 10, Flex: 2},
	}, view{m})
	m.table.Empty = "nothing changed yet"
	return m
}

func (m *Model) Name() string     { return "audit" }
func (m *Model) Title() string    { return "Audit" }
func (m *Model) Init() tea.Cmd    { return nil }
func (m *Model) Fullscreen() bool { return false }
func (m *Model) Capturing() bool  { return false }
func (m *Model) Busy() string     { return "" }

// Freshness is when the trail was read.
func (m *Model) Freshness() (time.Time, error) { return m.loaded, m.err }

// Summary is the header's line.
func (m *Model) Summary() string {
	return common.Plural(len(m.entries), "audit entry", "audit entries")
}

// SetSize gives the pane its space.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.table.SetSize(w, max(h-1, 1))
}

// SetActive reads the trail each time the pane comes to the front.
func (m *Model) SetActive(active bool) tea.Cmd {
	if !active {
		return nil
	}
	return m.load()
}

func (m *Model) load() tea.Cmd {
	if m.ctx.Audit == nil {
		return nil
	}
	m.gen = common.NextGen() // a slower, older read must not win
	path, gen, now := m.ctx.Audit.Path(), m.gen, m.ctx.Now
	return func() tea.Msg {
		entries, err := audit.Tail(path, shown)
		return loadedMsg{gen: gen, entries: entries, err: err, at: now()}
	}
}

// Actions lists the pane's keys.
func (m *Model) Actions() []common.Action { return []common.Action{m.refresh} }

// Update handles messages.
func (m *Model) Update(msg tea.Msg) (common.Pane, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.gen == m.gen {
			m.entries, m.err, m.loaded = msg.entries, msg.err, msg.at
			m.table.SetSource(view{m})
			m.table.SetCursor(len(m.entries) - 1)
		}
	case tea.KeyMsg:
		if m.ctx.Matches(msg, m.refresh) {
			return m, m.load()
		}
		m.table, _ = m.table.Update(msg)
	}
	return m, nil
}

// View renders the pane in exactly its height.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	st := m.ctx.Styles
	if m.ctx.Audit == nil {
		return common.FitHeight(st.Dim.Render("No audit trail is kept by this console."), m.height)
	}
	status := st.Dim.Render("the last " + common.Itoa(len(m.entries)) + " entries of " + m.ctx.Audit.Path())
	if m.err != nil {
		status = st.Error.Render("✗ reading " + m.ctx.Audit.Path() + ": " + m.err.Error())
	}
	return m.table.View() + "\n" + status
}

type view struct{ m *Model }

func (v view) Len() int { return len(v.m.entries) }

func (v view) Cells(i int) []string {
	e := v.m.entries[i]
	return []string{
		colTime:    e.Time.UTC().Format("2006-01-02 15:04:05"),
		colActor:   common.Clean(e.Actor),
		colProfile: common.Clean(e.Profile),
		colAction:  common.Clean(e.Action),
		colTarget:  common.Clean(e.Target),
		colResult:  common.Clean(e.Result),
	}
}

// Style colours the result: the cell's text alone decides the colour.
func (v view) Style(i, col int) (lipgloss.Style, bool) {
	if col != colResult {
		return lipgloss.Style{}, false
	}
	r := v.m.entries[i].Result
	switch {
	case r == "ok":
		return v.m.ctx.Styles.OK, true
	case strings.HasPrefix(r, "refused"):
		return v.m.ctx.Styles.Warn, true
	}
	return v.m.ctx.Styles.Error, true
}
