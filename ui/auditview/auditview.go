// Package auditview is the Audit pane: the last entries of the audit
// trail, newest at the bottom, read again on its own while the pane is in
// front, filterable, each entry shown in full on enter.
package auditview

import (
	"os"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/wasender-tui/wasender-tui/api/audit"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/input"
	"github.com/wasender-tui/wasender-tui/ui/components/table"
	"github.com/wasender-tui/wasender-tui/ui/keys"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// shown is how many entries the pane reads.
const shown = 1000

// Every is how often the pane looks at the file while in front: a stat,
// and a read only when the file changed.
const Every = 2 * time.Second

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
	ctx   *common.Context
	stack *view.Stack
	id    uint64 // the pane's, on its ticks
	gen   uint64 // the latest read: a slower, older one must not win
	chain int    // the refresh ticks of one stay in front

	entries []audit.Entry
	cells   [][]string // each entry's cells, cleaned once
	search  []string   // each entry's lower-case text, for the filter
	widths  []int
	shown   []int // the rows: indices into entries
	stamp   fileStamp
	filter  textinput.Model
	table   table.Model
	loaded  time.Time
	err     error
	active  bool
	width   int
	height  int

	view.Tables // the list's, and the filter's while it is typed
}

// fileStamp is what says the file changed.
type fileStamp struct {
	size int64
	mod  time.Time
}

type loadedMsg struct {
	gen     uint64
	entries []audit.Entry
	stamp   fileStamp
	same    bool // the file had not changed: nothing was read
	err     error
	at      time.Time
}

type tickMsg struct {
	id    uint64
	chain int
}

// New returns the pane; its entries open on stack.
func New(ctx *common.Context, stack *view.Stack) *Model {
	m := &Model{ctx: ctx, stack: stack, id: common.NextGen()}
	m.table = table.New(ctx.Styles, []table.Column{
		colTime:    {Title: "TIME (UTC)", Width: 19},
		colActor:   {Title: "WHO", Width: 12, Flex: 1},
		colProfile: {Title: "PROFILE", Width: 8, MinTerm: 120},
		colAction:  {Title: "ACTION", Width: 18},
		colTarget:  {Title: "TARGET", Width: 8},
		// The result is what an operator reads the trail for: it has
		// the room left at 80 columns, before who did it.
		colResult: {Title: "RESULT", Width: 19, Flex: 3},
	}, rows{m})
	m.table.Empty = "nothing changed yet"
	m.filter = input.New(ctx.Styles, "/", "filter: who, profile, action, target or result", 100)
	has := func() bool { return len(m.shown) > 0 }
	filtered := func() bool { return m.filter.Value() != "" }
	m.Own = append([]keys.Action{
		keys.Open.Does(m.openEntry).When(has),
		keys.Filter.Does(func() tea.Cmd { m.Typing = true; return m.filter.Focus() }),
		keys.New("clear filter", "esc").Doing(func() { m.filter.SetValue(""); m.refilter() }).When(filtered),
		keys.Reload.Does(func() tea.Cmd { return m.load(true) }),
	}, keys.Navigation(&m.table)...)
	m.Field = append([]keys.Action{
		keys.New("clear filter", "esc").Doing(func() { m.filter.SetValue(""); m.stopTyping() }),
		keys.New("keep filter", "enter").Doing(m.stopTyping),
	}, keys.Arrows(&m.table)...)
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
	m.filter.Width = max(w-30, 10)
}

// SetActive reads the trail when the pane comes to the front, and looks
// at it every few seconds while it stays there.
func (m *Model) SetActive(active bool) tea.Cmd {
	m.active = active
	m.chain++
	if !active || m.ctx.Audit == nil {
		return nil
	}
	return tea.Batch(m.load(true), m.tick())
}

func (m *Model) tick() tea.Cmd {
	id, chain := m.id, m.chain
	return m.ctx.After(Every, func(time.Time) tea.Msg { return tickMsg{id: id, chain: chain} })
}

// load reads the trail off the Update path: always when asked (r), else
// only if the file changed since the last read.
func (m *Model) load(always bool) tea.Cmd {
	if m.ctx.Audit == nil {
		return nil
	}
	m.gen = common.NextGen()
	path, gen, now, last := m.ctx.Audit.Path(), m.gen, m.ctx.Now, m.stamp
	return func() tea.Msg {
		var st fileStamp
		if fi, err := os.Stat(path); err == nil {
			st = fileStamp{size: fi.Size(), mod: fi.ModTime()}
		}
		if !always && st == last {
			return loadedMsg{gen: gen, stamp: st, same: true, at: now()}
		}
		entries, err := audit.Tail(path, shown)
		return loadedMsg{gen: gen, entries: entries, stamp: st, err: err, at: now()}
	}
}

// Update takes the trail as read, the refresh ticks and the filter's keys.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.gen != m.gen {
			return nil
		}
		m.loaded, m.err = msg.at, msg.err
		if !msg.same && msg.err == nil {
			m.stamp = msg.stamp
			m.set(msg.entries)
		}
	case tickMsg:
		if msg.id != m.id || msg.chain != m.chain || !m.active {
			return nil
		}
		return tea.Batch(m.load(false), m.tick())
	case tea.KeyMsg:
		if m.Typing {
			var cmd tea.Cmd
			m.filter, cmd = m.filter.Update(msg)
			m.refilter()
			return cmd
		}
	}
	return nil
}

// set takes a fresh read. The view follows the newest entry when it was on
// the newest, else keeps the entry it was on.
func (m *Model) set(entries []audit.Entry) {
	follow := len(m.shown) == 0 || m.table.Cursor() == len(m.shown)-1
	var was audit.Entry
	if !follow {
		was = m.entries[m.shown[m.table.Cursor()]]
	}
	m.entries = entries
	m.cells = make([][]string, len(entries))
	m.search = make([]string, len(entries))
	for i, e := range entries {
		m.cells[i] = []string{
			colTime:    e.Time.UTC().Format("2006-01-02 15:04:05"),
			colActor:   common.Clean(e.Actor),
			colProfile: common.Clean(e.Profile),
			colAction:  common.Clean(e.Action),
			colTarget:  common.Clean(e.Target),
			colResult:  common.Clean(e.Result),
		}
		m.search[i] = strings.ToLower(strings.Join(m.cells[i], " "))
	}
	m.widths = table.CellWidths(colResult+1, len(entries), func(i int) []string { return m.cells[i] })
	m.refilter()
	if follow {
		m.table.End()
		return
	}
	for r, i := range m.shown {
		if m.entries[i] == was {
			m.table.SetCursor(r)
			return
		}
	}
}

// refilter shows the entries that hold every word typed.
func (m *Model) refilter() {
	words := strings.Fields(strings.ToLower(m.filter.Value()))
	m.shown = m.shown[:0]
	for i, s := range m.search {
		if matchesAll(s, words) {
			m.shown = append(m.shown, i)
		}
	}
	m.table.SetSource(rows{m})
}

func matchesAll(s string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(s, w) {
			return false
		}
	}
	return true
}

func (m *Model) stopTyping() {
	m.filter.Blur()
	m.Typing = false
	m.refilter()
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
	return m.table.View() + "\n" + m.statusLine()
}

func (m *Model) statusLine() string {
	st := m.ctx.Styles
	if m.Typing {
		return m.filter.View() + st.Dim.Render("  "+common.Plural(len(m.shown), "match", "matches"))
	}
	path := common.Clean(m.ctx.Audit.Path())
	line := st.Dim.Render("the last " + common.Plural(len(m.entries), "entry", "entries") + " of " + path + ", read again as it grows")
	if len(m.entries) == 0 {
		line = st.Dim.Render("no entries yet in " + path + ", read again as it grows")
	}
	if q := m.filter.Value(); q != "" {
		line = "filter " + st.Bold.Render(q) + st.Dim.Render(" ("+common.Itoa(len(m.shown))+" of "+common.Itoa(len(m.entries))+", esc clears) · "+path)
	}
	if m.err != nil {
		line = st.Error.Render("✗ reading " + path + ": " + common.ErrorText(m.err))
	}
	return ansi.Truncate(line, m.width, "…")
}

// rows are the entries shown, as the table draws them.
type rows struct{ m *Model }

func (v rows) Len() int             { return len(v.m.shown) }
func (v rows) Cells(i int) []string { return v.m.cells[v.m.shown[i]] }
func (v rows) Widths() []int        { return v.m.widths }

// Style colours the result: the cell's text alone decides the colour.
func (v rows) Style(i, col int) (lipgloss.Style, bool) {
	if col != colResult {
		return lipgloss.Style{}, false
	}
	return resultStyle(v.m.ctx, v.m.entries[v.m.shown[i]].Result), true
}

func resultStyle(ctx *common.Context, r string) lipgloss.Style {
	switch {
	case r == "ok":
		return ctx.Styles.OK
	case strings.HasPrefix(r, "refused"):
		return ctx.Styles.Warn
	}
	return ctx.Styles.Error
}
