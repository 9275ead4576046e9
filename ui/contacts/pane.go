// Package contacts is the contacts pane: a session's address book, loaded
// page by page, filtered instantly however large, with each contact's
// details and a test message to send it.
package contacts

import (
	"context"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/input"
	"github.com/wasender-tui/wasender-tui/ui/components/pages"
	"github.com/wasender-tui/wasender-tui/ui/components/picker"
	"github.com/wasender-tui/wasender-tui/ui/components/search"
	"github.com/wasender-tui/wasender-tui/ui/components/table"
)

type mode int

const (
	modeList mode = iota
	modePicker
	modeDetail
)

// Model is the contacts pane.
type Model struct {
	ctx  *common.Context
	keys keyMap
	gen  uint64

	session  api.ID
	contacts []api.Contact
	index    search.Index
	searcher *search.Searcher
	loader   *pages.Loader[api.Contact]
	result   *search.ResultMsg // the shown filter result; nil = everything
	query    string
	filter   textinput.Model
	typing   bool
	table    table.Model

	width, height int
	active        bool
	sessionsErr   error

	mode   mode
	picker picker.Model
	detail detail
}

// New returns the contacts pane.
func New(ctx *common.Context) *Model {
	gen := common.NextGen()
	m := &Model{ctx: ctx, keys: newKeyMap(), gen: gen, searcher: search.New(gen), loader: pages.New[api.Contact](gen, ctx.Now)}
	m.filter = input.New(ctx.Styles, "/", "name, phone or about; fuzzy after a pause", 100)
	m.table = table.New(ctx.Styles, []table.Column{
		{Title: "NAME", Width: 12, Flex: 3},
		{Title: "NOTIFY NAME", Width: 10, Flex: 2},
		{Title: "VERIFIED NAME", Width: 12, Flex: 2, MinTerm: 110},
		{Title: "PHONE", Width: 16},
		{Title: "ABOUT", Width: 10, Flex: 3, MinTerm: 140},
	}, view{m})
	m.table.Empty = "no contacts"
	return m
}

func (m *Model) Name() string     { return "contacts" }
func (m *Model) Title() string    { return "Contacts" }
func (m *Model) Init() tea.Cmd    { return nil }
func (m *Model) Fullscreen() bool { return false }

// Freshness is when the last page arrived, and a loading error.
func (m *Model) Freshness() (time.Time, error) {
	_, _, _, err := m.loader.Progress()
	return m.loader.At(), err
}

// Capturing is true while typing the filter or in a dialog.
func (m *Model) Capturing() bool {
	return m.typing || m.mode == modePicker || (m.mode == modeDetail && m.detail.capturing())
}

// Busy reports the send in progress.
func (m *Model) Busy() string { return m.detail.busy }

// SetSize gives the pane its space: title, table, status line.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.table.SetSize(w, max(h-2, 1))
}

// Summary is the header's line.
func (m *Model) Summary() string {
	if m.session == "" {
		return ""
	}
	return common.Itoa(len(m.contacts)) + " contacts · " + m.ctx.Sessions.Name(m.session)
}

// SetActive loads the first connected session's contacts when first shown.
// Contacts are not polled: r reloads.
func (m *Model) SetActive(active bool) tea.Cmd {
	m.active = active
	if !active || m.session != "" {
		return nil
	}
	if id := m.ctx.Sessions.FirstConnected(); id != "" {
		return m.load(id)
	}
	fetch, gen, ctx := m.ctx.ListSessions, m.gen, m.ctx.Lifetime
	return func() tea.Msg {
		list, err := fetch(ctx)
		return sessionsMsg{gen: gen, list: list, err: err}
	}
}

type sessionsMsg struct {
	gen  uint64
	list []api.Session
	err  error
}

// load starts loading session's contacts, page by page.
func (m *Model) load(session api.ID) tea.Cmd {
	m.session = session
	m.contacts = m.contacts[:0:0]
	m.index.Reset()
	m.result, m.query = nil, ""
	m.filter.SetValue("")
	m.table.SetSource(view{m})
	m.table.SetCursor(0)
	sc := m.ctx.Client.Session(session)
	return m.loader.Start(m.ctx.Lifetime, func(ctx context.Context, page, limit int) (api.Page[api.Contact], error) {
		return sc.ContactsPage(ctx, page, limit)
	})
}

// Update handles messages.
func (m *Model) Update(msg tea.Msg) (common.Pane, tea.Cmd) {
	switch msg := msg.(type) {
	case sessionsMsg:
		if msg.gen != m.gen {
			return m, nil
		}
		if msg.err != nil {
			m.sessionsErr = msg.err
			return m, nil
		}
		m.ctx.Sessions.Set(msg.list, m.ctx.Now())
		if id := m.ctx.Sessions.FirstConnected(); id != "" {
			return m, m.load(id)
		}
		return m, nil
	case pages.Msg[api.Contact]:
		items, next, ok := m.loader.Handle(msg)
		if !ok {
			return m, nil
		}
		m.add(items)
		cmds := []tea.Cmd{next}
		if m.query != "" {
			// New contacts may match: search again, which costs ~1 ms.
			cmds = append(cmds, m.runQuery())
		}
		return m, tea.Batch(cmds...)
	case search.ResultMsg:
		if msg.Owner != m.gen || !m.searcher.Current(msg.Gen) {
			return m, nil // typed on since: a stale answer
		}
		m.showResult(msg)
		if !msg.Fuzzy && msg.Query != "" {
			return m, m.searcher.AfterPause(msg.Gen)
		}
		return m, nil
	case search.FuzzyMsg:
		if msg.Owner != m.gen || !m.searcher.Current(msg.Gen) || m.result == nil {
			return m, nil
		}
		return m, m.searcher.Fuzzy(&m.index, *m.result)
	case tea.KeyMsg:
		return m, m.onKey(msg)
	}
	if m.mode == modeDetail {
		return m, m.detail.update(m, msg)
	}
	return m, nil
}

func (m *Model) add(items []api.Contact) {
	for _, c := range items {
		m.contacts = append(m.contacts, c)
		m.index.Add(string(c.Name) + " " + string(c.Notify) + " " + string(c.VerifiedName) + " " + c.Phone() + " " + c.JID + " " + string(c.Status))
	}
	m.table.SetSource(view{m})
}

func (m *Model) runQuery() tea.Cmd {
	_, cmd := m.searcher.Query(&m.index, m.query)
	return cmd
}

func (m *Model) showResult(r search.ResultMsg) {
	selected := m.selectedIndex()
	if r.Query == "" {
		m.result = nil
	} else {
		m.result = &r
	}
	m.table.SetSource(view{m})
	m.table.SetCursor(0)
	for i := 0; i < m.view().Len() && i < 10_000; i++ {
		if m.view().index(i) == selected {
			m.table.SetCursor(i)
			break
		}
	}
}

func (m *Model) view() view { return view{m} }

// selectedIndex is the contacts index under the cursor, or -1.
func (m *Model) selectedIndex() int {
	v := m.view()
	if v.Len() == 0 {
		return -1
	}
	return v.index(m.table.Cursor())
}

func (m *Model) onKey(k tea.KeyMsg) tea.Cmd {
	switch {
	case m.mode == modePicker:
		var cmd tea.Cmd
		m.picker, cmd = m.picker.Update(k)
		if o, ok := m.picker.Chosen(); ok {
			m.mode = modeList
			return m.load(api.ID(o.Key))
		}
		if m.picker.Cancelled() {
			m.mode = modeList
		}
		return cmd
	case m.mode == modeDetail:
		return m.detail.onKey(m, k)
	case m.typing:
		return m.onFilterKey(k)
	}
	c, keys := m.ctx, m.keys
	switch {
	case c.Matches(k, keys.Pick):
		list, _ := c.Sessions.Sessions()
		m.picker = picker.Sessions(c.Styles, "Show the contacts of", list, string(m.session), false)
		m.mode = modePicker
	case c.Matches(k, keys.Filter):
		m.typing = true
		m.filter.SetValue(m.query)
		m.filter.CursorEnd()
		return m.filter.Focus()
	case k.String() == "esc" && m.query != "":
		m.query = ""
		m.filter.SetValue("")
		return m.runQuery()
	case c.Matches(k, keys.Reload):
		if _, _, done, err := m.loader.Progress(); err != nil {
			return m.loader.Retry()
		} else if done && m.session != "" {
			return m.load(m.session)
		}
	case c.Matches(k, keys.Open):
		if i := m.selectedIndex(); i >= 0 {
			return m.openDetail(m.contacts[i])
		}
	case c.Matches(k, keys.Copy):
		if i := m.selectedIndex(); i >= 0 {
			return c.Copy("the phone number", m.contacts[i].Phone())
		}
	case c.Matches(k, keys.Send):
		if i := m.selectedIndex(); i >= 0 {
			cmd := m.openDetail(m.contacts[i])
			m.detail.compose(m)
			return cmd
		}
	default:
		m.table, _ = m.table.Update(k)
	}
	return nil
}

// onFilterKey types into the filter; every keystroke starts a background
// search, so typing never waits for it.
func (m *Model) onFilterKey(k tea.KeyMsg) tea.Cmd {
	switch k.String() {
	case "esc":
		m.typing = false
		m.filter.Blur()
		m.query = ""
		m.filter.SetValue("")
		return m.runQuery()
	case "enter":
		m.typing = false
		m.filter.Blur()
		return nil
	case "up", "down", "pgup", "pgdown":
		m.table, _ = m.table.Update(k)
		return nil
	}
	var cmd tea.Cmd
	m.filter, cmd = m.filter.Update(k)
	if q := strings.TrimSpace(m.filter.Value()); q != m.query {
		m.query = q
		return tea.Batch(cmd, m.runQuery())
	}
	return cmd
}

// Actions lists what the current view offers.
func (m *Model) Actions() []common.Action {
	k := m.keys
	switch m.mode {
	case modePicker:
		return nil
	case modeDetail:
		return m.detail.actions(m)
	}
	has := m.view().Len() > 0
	on := func(a common.Action, enabled bool) common.Action {
		a.SetEnabled(enabled)
		return a
	}
	return []common.Action{k.Pick, k.Filter, on(k.Open, has), on(k.Copy, has), on(k.Send, has), k.Reload}
}

// View renders the pane in exactly its height.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	st := m.ctx.Styles
	switch {
	case m.mode == modePicker:
		return common.FitHeight(lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center, m.picker.View(m.width, m.height)), m.height)
	case m.mode == modeDetail:
		return m.detail.view(m)
	case m.session == "" && m.sessionsErr != nil:
		return common.FitHeight(st.Error.Render("✗ "+common.ErrorText(m.sessionsErr)), m.height)
	case m.session == "":
		return common.FitHeight(st.Dim.Render("no session to show contacts of yet (p picks one)"), m.height)
	}
	title := st.Title.Render("Contacts") + st.Dim.Render(" of ") + st.Bold.Render(m.ctx.Sessions.Name(m.session)) + st.Dim.Render("  p pick session")
	return title + "\n" + m.table.View() + "\n" + m.statusLine()
}

func (m *Model) statusLine() string {
	st := m.ctx.Styles
	if m.typing {
		m.filter.Width = max(m.width-30, 10)
		return m.filter.View() + st.Dim.Render("  "+m.matchCount())
	}
	loaded, total, done, err := m.loader.Progress()
	var parts []string
	switch {
	case err != nil:
		parts = append(parts, st.Error.Render("✗ loading stopped at "+common.Itoa(loaded)+": "+common.ErrorText(err)+" (r resumes)"))
	case !done && total > 0:
		parts = append(parts, st.Info.Render("loading "+common.Itoa(loaded)+" / "+common.Itoa(total)+" ("+common.Itoa(loaded*100/total)+"%)"))
	case !done:
		parts = append(parts, st.Info.Render("loading…"))
	default:
		parts = append(parts, st.Dim.Render(common.Itoa(loaded)+" contacts"))
	}
	if m.query != "" {
		parts = append(parts, "filter "+st.Bold.Render(m.query)+st.Dim.Render(" "+m.matchCount()+", esc clears"))
	}
	return strings.Join(parts, st.Dim.Render(" · "))
}

func (m *Model) matchCount() string {
	if m.result == nil {
		return ""
	}
	s := common.Itoa(len(m.result.Matches)) + " match"
	if !m.result.Fuzzy {
		s += " (fuzzy next)"
	}
	return s
}

// view is the rows shown: every contact, or the filter's matches.
type view struct{ m *Model }

func (v view) Len() int {
	if v.m.result != nil {
		return len(v.m.result.Matches)
	}
	return len(v.m.contacts)
}

func (v view) index(i int) int {
	if v.m.result != nil {
		return v.m.result.Matches[i]
	}
	return i
}

func (v view) Cells(i int) []string {
	c := &v.m.contacts[v.index(i)]
	return []string{common.Clean(string(c.Name)), common.Clean(string(c.Notify)), common.Clean(string(c.VerifiedName)), c.Phone(), common.Clean(string(c.Status))}
}

func (v view) Style(int, int) (lipgloss.Style, bool) { return lipgloss.Style{}, false }
