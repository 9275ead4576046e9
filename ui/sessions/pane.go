// Package sessions is the sessions pane: the account's WhatsApp sessions,
// their details and the actions an operator takes on them.
package sessions

import (
	"github.com/wasender-tui/wasender-tui/ui/components/input"
	"strconv"
	"time"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/confirm"
	"github.com/wasender-tui/wasender-tui/ui/components/form"
	"github.com/wasender-tui/wasender-tui/ui/components/table"
	"github.com/wasender-tui/wasender-tui/ui/pairview"
)

type mode int

const (
	modeList mode = iota
	modeDetail
	modeForm
	modeConfirm
	modeUser
	modePair
)

// Model is the sessions pane.
type Model struct {
	ctx  *common.Context
	keys keyMap
	gen  uint64

	table     table.Model
	rows      []*row
	view      view
	filter    textinput.Model
	filtering bool
	sortCol   int
	sortDesc  bool

	width, height int
	active        bool
	chain         int
	loading       bool
	loaded        bool
	lastFetch     time.Time
	lastErr       error

	mode mode
	prev mode // where confirm and user info return to
	busy string

	detail detailState
	form   form.Model
	formID api.ID // "" while creating

	confirm confirm.Model
	onYes   tea.Cmd
	yesBusy string

	user    api.User
	userFor string

	pair *pairview.Model // connecting or pairing; nil otherwise
}

// New returns the pane.
func New(ctx *common.Context) *Model {
	m := &Model{ctx: ctx, keys: newKeyMap(), gen: common.NextGen(), sortCol: colID}
	m.table = table.New(ctx.Styles, columns(), view{})
	m.table.Empty = "no sessions"
	m.filter = input.New(ctx.Styles, "/", "filter by name, phone, status or id", 100)
	return m
}

func (m *Model) Name() string  { return "sessions" }
func (m *Model) Title() string { return "Sessions" }

// Init does nothing: the list loads when the pane is made active.
func (m *Model) Init() tea.Cmd { return nil }

// SetSize gives the pane its space.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.table.SetSize(w, max(h-1, 1))
	m.form.SetSize(w, h)
	if m.pair != nil {
		m.pair.SetSize(w, h)
	}
}

// Fullscreen is true while a QR code or passkey challenge is shown.
func (m *Model) Fullscreen() bool { return m.mode == modePair }

// SetActive starts a fresh polling chain when shown and ends it when hidden.
func (m *Model) SetActive(active bool) tea.Cmd {
	m.active = active
	m.chain++
	if !active {
		return nil
	}
	cmds := []tea.Cmd{m.tick(m.chain)}
	if !m.loading && (m.lastFetch.IsZero() || m.ctx.Now().Sub(m.lastFetch) >= m.ctx.Poll()) {
		m.loading = true
		cmds = append(cmds, m.fetchList())
	}
	return tea.Batch(cmds...)
}

// Capturing is true while typing into the filter, a form or a dialog.
func (m *Model) Capturing() bool {
	return m.filtering || m.mode == modeForm || m.mode == modeConfirm || m.mode == modePair
}

// Busy describes an action under way.
func (m *Model) Busy() string { return m.busy }

// Summary is the header's count line.
func (m *Model) Summary() string {
	if !m.loaded {
		return ""
	}
	up := 0
	for _, r := range m.rows {
		if r.s.Status.Is(api.StatusConnected) {
			up++
		}
	}
	return common.Plural(len(m.rows), "session", "sessions") + " · " + strconv.Itoa(up) + " connected"
}

// Update handles messages for the pane.
func (m *Model) Update(msg tea.Msg) (common.Pane, tea.Cmd) {
	switch msg := msg.(type) {
	case listMsg:
		return m, m.onList(msg)
	case tickMsg:
		if msg.gen != m.gen || msg.chain != m.chain || !m.active {
			return m, nil // a superseded chain ends here
		}
		cmds := []tea.Cmd{m.tick(m.chain)}
		if !m.loading {
			m.loading = true
			cmds = append(cmds, m.fetchList())
		}
		return m, tea.Batch(cmds...)
	case detailMsg:
		if msg.gen == m.gen && m.mode == modeDetail && msg.id == m.detail.id {
			m.detail.loading = false
			m.detail.err = msg.err
			if msg.err == nil {
				s := msg.session
				m.detail.full = &s
			}
		}
		return m, nil
	case actionMsg:
		if msg.gen != m.gen {
			return m, nil
		}
		return m, m.onAction(msg)
	case pairview.DoneMsg:
		return m, m.onPairDone(msg)
	case tea.KeyMsg:
		return m, m.onKey(msg)
	}
	if m.pair != nil {
		cmd := m.pair.Update(msg)
		m.syncPair()
		return m, cmd
	}
	if m.filtering {
		var cmd tea.Cmd
		m.filter, cmd = m.filter.Update(msg)
		return m, cmd
	}
	if m.mode == modeForm {
		var cmd tea.Cmd
		m.form, cmd = m.form.Update(msg)
		return m, cmd
	}
	return m, nil
}

func (m *Model) onList(msg listMsg) tea.Cmd {
	if msg.gen != m.gen {
		return nil
	}
	m.loading = false
	m.lastErr = msg.err
	if msg.err == nil {
		m.ctx.Sessions.Set(msg.sessions, msg.at)
		m.rows = m.buildRows(msg.sessions)
		m.loaded = true
		m.lastFetch = msg.at
		m.refreshView()
	}
	return nil
}

// Freshness is when the list was last read, and the last error.
func (m *Model) Freshness() (time.Time, error) { return m.lastFetch, m.lastErr }

// refresh fetches the list now unless a fetch is in flight.
func (m *Model) refresh() tea.Cmd {
	if m.loading {
		return nil
	}
	m.loading = true
	return m.fetchList()
}
