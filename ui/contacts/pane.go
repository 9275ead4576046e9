// Package contacts is the contacts pane: a session's address book, loaded
// page by page, filtered instantly however large, with each contact's
// details and a test message to send it.
package contacts

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/finder"
	"github.com/wasender-tui/wasender-tui/ui/components/pages"
	"github.com/wasender-tui/wasender-tui/ui/components/scope"
	"github.com/wasender-tui/wasender-tui/ui/components/search"
	"github.com/wasender-tui/wasender-tui/ui/components/table"
)

type mode int

const (
	modeList mode = iota
	modeDetail
)

// Model is the contacts pane.
type Model struct {
	ctx  *common.Context
	keys keyMap
	gen  uint64

	session  api.ID
	contacts []api.Contact
	loader   *pages.Loader[api.Contact]
	finder   finder.Model
	table    table.Model

	width, height int

	mode   mode
	scope  *scope.Scope
	detail detail
}

// New returns the contacts pane.
func New(ctx *common.Context) *Model {
	gen := common.NextGen()
	m := &Model{ctx: ctx, keys: newKeyMap(), gen: gen, loader: pages.New[api.Contact](gen, ctx.Now)}
	m.scope = scope.New(ctx, gen, "Show the contacts of", false)
	m.finder = finder.New(ctx.Styles, ctx.Clock, gen, "name, phone or about; fuzzy after a pause")
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
	return m.finder.Typing || m.scope.Picking || (m.mode == modeDetail && m.detail.capturing())
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
	return common.Plural(len(m.contacts), "contact", "contacts") + " · " + m.ctx.Sessions.Name(m.session)
}

// SetActive loads the first connected session's contacts when first shown.
// Contacts are not polled: r reloads.
func (m *Model) SetActive(active bool) tea.Cmd {
	if !active || m.session != "" {
		return nil
	}
	if chosen, cmd := m.scope.Start(); !chosen {
		return cmd
	}
	return m.load(api.ID(m.scope.Session))
}

// load starts loading session's contacts, page by page.
func (m *Model) load(session api.ID) tea.Cmd {
	m.session = session
	m.contacts = m.contacts[:0:0]
	m.finder.Reset()
	m.table.SetSource(view{m})
	m.table.SetCursor(0)
	sc := m.ctx.Client.Session(session)
	return m.loader.Start(m.ctx.Lifetime, func(ctx context.Context, page, limit int) (api.Page[api.Contact], error) {
		return sc.ContactsPage(ctx, page, limit)
	})
}

// Update handles messages.
func (m *Model) Update(msg tea.Msg) (common.Pane, tea.Cmd) {
	if m.scope.Update(msg) {
		return m, m.load(api.ID(m.scope.Session))
	}
	switch msg := msg.(type) {
	case pages.Msg[api.Contact]:
		items, next, ok := m.loader.Handle(msg)
		if !ok {
			return m, nil
		}
		m.add(items)
		// New contacts may match: search again, which costs ~1 ms.
		return m, tea.Batch(next, m.finder.Rerun())
	case search.ResultMsg, search.FuzzyMsg:
		changed, cmd := m.finder.Update(msg)
		if changed {
			m.showResult()
		}
		return m, cmd
	case tea.KeyMsg:
		return m, m.onKey(msg)
	}
	// A contact's answers, and a send's, are handled whether or not its
	// details are still open: an operator who left must still hear how
	// the message went.
	return m, m.detail.update(m, msg)
}

func (m *Model) add(items []api.Contact) {
	for _, c := range items {
		m.contacts = append(m.contacts, c)
		m.finder.Index.Add(string(c.Name) + " " + string(c.Notify) + " " + string(c.VerifiedName) + " " + c.Phone() + " " + c.JID + " " + string(c.Status))
	}
	m.table.SetSource(view{m})
}

// showResult shows a new filter result, keeping the selected contact
// selected when it is still shown.
func (m *Model) showResult() {
	selected := m.selectedIndex()
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
	case m.scope.Picking:
		if chosen, cmd := m.scope.Key(k); !chosen {
			return cmd
		}
		return m.load(api.ID(m.scope.Session))
	case m.mode == modeDetail:
		return m.detail.onKey(m, k)
	case m.finder.Typing:
		cmd, handled := m.finder.Key(k)
		if !handled {
			m.table, _ = m.table.Update(k)
		}
		return cmd
	}
	c, keys := m.ctx, m.keys
	switch {
	case c.Matches(k, keys.Pick):
		m.scope.Open()
	case c.Matches(k, keys.Filter):
		return m.finder.Focus()
	case k.String() == "esc" && m.finder.Query() != "":
		return m.finder.Clear()
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

// Actions lists what the current view offers.
func (m *Model) Actions() []common.Action {
	k := m.keys
	if m.scope.Picking {
		return nil
	}
	switch m.mode {
	case modeDetail:
		return m.detail.actions(m)
	}
	has := m.view().Len() > 0
	return []common.Action{k.Pick, k.Filter, k.Open.When(has), k.Copy.When(has), k.Send.When(has), k.Reload}
}

// View renders the pane in exactly its height.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	st := m.ctx.Styles
	switch {
	case m.scope.Picking:
		return m.scope.View(m.width, m.height)
	case m.mode == modeDetail:
		return m.detail.view(m)
	case m.session == "" && m.scope.Err != nil:
		return common.FitHeight(st.Error.Render("✗ "+common.ErrorText(m.scope.Err)), m.height)
	case m.session == "":
		return common.FitHeight(st.Dim.Render("no session to show contacts of yet (p picks one)"), m.height)
	}
	title := st.Title.Render("Contacts") + st.Dim.Render(" of ") + st.Bold.Render(m.ctx.Sessions.Name(m.session)) + st.Dim.Render("  p pick session")
	return title + "\n" + m.table.View() + "\n" + m.statusLine()
}

func (m *Model) statusLine() string {
	st := m.ctx.Styles
	count := m.finder.Count(m.view().Len())
	if m.finder.Typing {
		return m.finder.View(m.width-30) + st.Dim.Render("  "+count)
	}
	line := m.loader.Status(st, "contacts")
	if q := m.finder.Query(); q != "" {
		line += st.Dim.Render(" · ") + "filter " + st.Bold.Render(q) + st.Dim.Render(" "+count+", esc clears")
	}
	return line
}

// view is the rows shown: every contact, or the filter's matches.
type view struct{ m *Model }

func (v view) Len() int {
	if matches, ok := v.m.finder.Matches(); ok {
		return len(matches)
	}
	return len(v.m.contacts)
}

func (v view) index(i int) int {
	if matches, ok := v.m.finder.Matches(); ok {
		return matches[i]
	}
	return i
}

func (v view) Cells(i int) []string {
	c := &v.m.contacts[v.index(i)]
	return []string{common.Clean(string(c.Name)), common.Clean(string(c.Notify)), common.Clean(string(c.VerifiedName)), c.Phone(), common.Clean(string(c.Status))}
}

func (v view) Style(int, int) (lipgloss.Style, bool) { return lipgloss.Style{}, false }
