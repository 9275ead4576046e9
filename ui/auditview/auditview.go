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
	"github.com/wasender-tui/wasender-tui/ui/keys"
	"github.com/wasender-tui/wasender-tui/ui/view"
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
	actions []keys.Action
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
	m := &Model{ctx: ctx, gen: common.NextGen()}
	m.table = table.New(ctx.Styles, []table.Column{
		colTime:    {Title: "TIME (UTC)", Width: 19},
		colActor:   {Title: "WHO", Width: 16, Flex: 2},
		colProfile: {Title: "PROFILE", Width: 8, MinTerm: 120},
		colAction:  {Title: "ACTION", Width: 18},
		colTarget:  {Title: "TARGET", Width: 10, Flex: 1},
		colResult:  {Title: "RESULT", Width: 10, Flex: 2},
	}, rows{m})
	m.table.Empty = "nothing changed yet"
	m.actions = append([]keys.Action{keys.Reload.Does(m.load)}, keys.Navigation(&m.table)...)
	return m
}

// Name is the pane's command and tab.
func (m *Model) Name() string { return "audit" }

// Status is the header's line: the count, and when the trail was read.
func (m *Model) Status() view.Status {
	return view.Status{Summary: common.Plural(len(m.entries), "audit entry", "audit entries"), Updated: m.loaded, Err: m.err}
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

// Actions are the pane's keys.
func (m *Model) Actions() []keys.Action { return m.actions }

// Update takes the trail as read.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(loadedMsg); ok && msg.gen == m.gen {
		m.entries, m.err, m.loaded = msg.entries, msg.err, msg.at
		m.table.SetSource(rows{m})
		m.table.SetCursor(len(m.entries) - 1)
	}
	return nil
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

// rows are the entries as the table shows them.
type rows struct{ m *Model }

func (v rows) Len() int { return len(v.m.entries) }

func (v rows) Cells(i int) []string {
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
func (v rows) Style(i, col int) (lipgloss.Style, bool) {
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
