// Package sessions is the sessions pane: the account's WhatsApp sessions
// and their details. What an operator does to a session lives in
// sessionops, so other panes can offer the same actions.
package sessions

import (
	"strconv"
	"time"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/input"
	"github.com/wasender-tui/wasender-tui/ui/components/table"
	"github.com/wasender-tui/wasender-tui/ui/keys"
	"github.com/wasender-tui/wasender-tui/ui/pairview"
	"github.com/wasender-tui/wasender-tui/ui/sessionops"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// Model is the sessions pane: the list, the bottom of its stack.
type Model struct {
	ctx   *common.Context
	stack *view.Stack
	ops   *sessionops.Ops
	gen   uint64

	table    table.Model
	rows     []*row
	widths   []int // the widest cell per column
	view     rowsView
	filter   textinput.Model
	sortCol  int
	sortDesc bool

	width, height int
	active        bool
	chain         int
	loading       bool
	loaded        bool
	lastFetch     time.Time
	health        healthNote

	view.Tables // the list's, and the filter's while it is typed
}

// New returns the pane; the views it opens go on stack.
func New(ctx *common.Context, stack *view.Stack) *Model {
	m := &Model{ctx: ctx, stack: stack, ops: sessionops.New(ctx, stack), gen: common.NextGen(), sortCol: colID}
	m.table = table.New(ctx.Styles, columns(), rowsView{})
	m.table.Empty = "no sessions"
	m.filter = input.New(ctx.Styles, "/", "filter by name, phone, status or id", 100)
	filtered := func() bool { return m.filter.Value() != "" }
	m.Own = append([]keys.Action{
		keys.Open.Does(func() tea.Cmd { return m.openDetail(m.selected().s) }).When(m.hasSelection),
		keys.Filter.Does(func() tea.Cmd { m.Typing = true; return m.filter.Focus() }),
		keys.New("clear filter", "esc").Doing(m.clearFilter).When(filtered),
		keys.Sort.Doing(m.nextSort),
		keys.Reverse.Doing(func() { m.sortDesc = !m.sortDesc; m.refreshView() }),
		keys.New("refresh", "r", "ctrl+r").Does(m.refresh),
		m.ops.Create(),
	}, m.ops.Actions(m.selectedSession)...)
	m.Own = append(m.Own, keys.Navigation(&m.table)...)
	m.Field = []keys.Action{
		keys.New("clear filter", "esc").Doing(func() { m.clearFilter(); m.stopFiltering() }),
		keys.New("keep filter", "enter").Doing(m.stopFiltering),
	}
	m.Field = append(m.Field, keys.Arrows(&m.table)...)
	return m
}

// Name is the pane's command and tab.
func (m *Model) Name() string { return "sessions" }

// SetSize gives the pane its space.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.table.SetSize(w, max(h-1, 1))
	m.filter.Width = max(w-20, 10)
}

// SetActive starts a fresh polling chain when shown and ends it when hidden.
func (m *Model) SetActive(active bool) tea.Cmd {
	m.active = active
	m.chain++
	if !active {
		return nil
	}
	cmds := []tea.Cmd{m.tick(m.chain), m.healthTick(m.chain)}
	if !m.loading && (m.lastFetch.IsZero() || m.ctx.Now().Sub(m.lastFetch) >= m.ctx.Poll()) {
		m.loading = true
		cmds = append(cmds, m.fetchList())
	}
	return tea.Batch(cmds...)
}

// Status is the header's count line, the list's freshness and the action
// under way.
func (m *Model) Status() view.Status {
	st := view.Status{Updated: m.lastFetch, Err: m.ctx.Sessions.Err(), Busy: m.ops.Busy()}
	if m.loaded {
		up := 0
		for _, r := range m.rows {
			if r.s.Status.Is(api.StatusConnected) {
				up++
			}
		}
		st.Summary = common.Plural(len(m.rows), "session", "sessions") + " · " + strconv.Itoa(up) + " connected"
	}
	return st
}

// Update handles messages for the pane.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case listMsg:
		m.onList(msg)
		return nil
	case tickMsg:
		if msg.gen != m.gen || msg.chain != m.chain || !m.active {
			return nil // a superseded chain ends here
		}
		return tea.Batch(m.tick(m.chain), m.refresh())
	case healthMsg:
		if msg.gen != m.gen || msg.chain != m.chain || !m.active {
			return nil
		}
		m.onHealth()
		return m.healthTick(m.chain)
	case sessionops.DoneMsg, pairview.DoneMsg:
		// Whichever pane acted, the list shows the outcome.
		return tea.Batch(m.ops.Update(msg), m.refresh())
	case tea.KeyMsg:
		if m.Typing {
			var cmd tea.Cmd
			m.filter, cmd = m.filter.Update(msg)
			m.refreshView()
			return cmd
		}
		return nil
	}
	return m.ops.Update(msg)
}

func (m *Model) onList(msg listMsg) {
	if msg.gen != m.gen {
		return
	}
	m.loading = false
	m.ctx.Sessions.Fail(msg.err, msg.at) // every pane of the list says so
	if msg.err == nil {
		m.ctx.Sessions.Set(msg.sessions, msg.at)
		m.readHealth(msg.sessions)
		m.rows = m.buildRows(msg.sessions)
		m.loaded = true
		m.lastFetch = msg.at
		m.refreshView()
	}
}

// refresh fetches the list now unless a fetch is in flight.
func (m *Model) refresh() tea.Cmd {
	if m.loading {
		return nil
	}
	m.loading = true
	return m.fetchList()
}

func (m *Model) clearFilter() {
	m.filter.SetValue("")
	m.refreshView()
}

func (m *Model) stopFiltering() {
	m.filter.Blur()
	m.Typing = false
}

func (m *Model) hasSelection() bool { return m.selected() != nil }

func (m *Model) selectedSession() (api.Session, bool) {
	if r := m.selected(); r != nil {
		return r.s, true
	}
	return api.Session{}, false
}

// session is the newest copy of session id in the list.
func (m *Model) session(id api.ID) (api.Session, bool) {
	for _, r := range m.rows {
		if r.s.ID == id {
			return r.s, true
		}
	}
	return api.Session{}, false
}
