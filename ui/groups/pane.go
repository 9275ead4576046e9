// Package groups is the groups pane: a session's groups, and each group's
// metadata, members, invite link and picture, cached because the API
// allows only 10 metadata reads a minute per session.
package groups

import (
	"context"
	"slices"
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

const (
	colName = iota
	colJID
	colSize
)

// Model is the groups pane.
type Model struct {
	ctx  *common.Context
	keys keyMap
	gen  uint64

	session  api.ID
	groups   []api.Group
	order    []int // groups sorted; the filter keeps this order
	index    search.Index
	searcher *search.Searcher
	loader   *pages.Loader[api.Group]
	result   *search.ResultMsg
	shown    []int // indices into groups, in display order
	query    string
	filter   textinput.Model
	typing   bool
	table    table.Model
	sortCol  int
	sortDesc bool

	width, height int
	sessionsErr   error

	mode   mode
	picker picker.Model
	cache  map[string]*groupDetail // by jid; survives closing the details
	open   *groupDetail
}

// New returns the groups pane.
func New(ctx *common.Context) *Model {
	gen := common.NextGen()
	m := &Model{ctx: ctx, keys: newKeyMap(), gen: gen, searcher: search.New(gen), loader: pages.New[api.Group](gen, ctx.Now), cache: map[string]*groupDetail{}}
	m.filter = input.New(ctx.Styles, "/", "name or jid; fuzzy after a pause", 100)
	m.table = table.New(ctx.Styles, []table.Column{
		colName: {Title: "NAME", Width: 16, Flex: 1},
		colJID:  {Title: "JID", Width: 28},
		colSize: {Title: "MEMBERS", Width: 7, Right: true},
	}, view{m})
	m.table.SortCol = colName
	m.table.Empty = "no groups"
	return m
}

func (m *Model) Name() string     { return "groups" }
func (m *Model) Title() string    { return "Groups" }
func (m *Model) Init() tea.Cmd    { return nil }
func (m *Model) Fullscreen() bool { return false }

// Freshness is when the last page arrived, and a loading error.
func (m *Model) Freshness() (time.Time, error) {
	_, _, _, err := m.loader.Progress()
	return m.loader.At(), err
}
func (m *Model) Busy() string { return "" }

// Capturing is true while typing the filter or choosing a session.
func (m *Model) Capturing() bool { return m.typing || m.mode == modePicker }

// SetSize gives the pane its space.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.table.SetSize(w, max(h-2, 1))
}

// Summary is the header's line.
func (m *Model) Summary() string {
	if m.session == "" {
		return ""
	}
	return common.Itoa(len(m.groups)) + " groups · " + m.ctx.Sessions.Name(m.session)
}

type sessionsMsg struct {
	gen  uint64
	list []api.Session
	err  error
}

// SetActive loads the first connected session's groups when first shown.
func (m *Model) SetActive(active bool) tea.Cmd {
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

func (m *Model) load(session api.ID) tea.Cmd {
	if session != m.session {
		clear(m.cache)
	}
	m.session = session
	m.groups, m.order, m.shown = nil, nil, nil
	m.index.Reset()
	m.result, m.query = nil, ""
	m.filter.SetValue("")
	m.refresh()
	m.table.SetCursor(0)
	sc := m.ctx.Client.Session(session)
	return m.loader.Start(m.ctx.Lifetime, func(ctx context.Context, page, limit int) (api.Page[api.Group], error) {
		return sc.GroupsPage(ctx, page, limit)
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
	case pages.Msg[api.Group]:
		items, next, ok := m.loader.Handle(msg)
		if !ok {
			return m, nil
		}
		for _, g := range items {
			m.groups = append(m.groups, g)
			m.index.Add(g.Name + " " + g.JID)
		}
		m.resort()
		cmds := []tea.Cmd{next}
		if m.query != "" {
			cmds = append(cmds, m.runQuery())
		}
		return m, tea.Batch(cmds...)
	case search.ResultMsg:
		if msg.Owner != m.gen || !m.searcher.Current(msg.Gen) {
			return m, nil
		}
		if msg.Query == "" {
			m.result = nil
		} else {
			m.result = &msg
		}
		m.refresh()
		m.table.SetCursor(0)
		if !msg.Fuzzy && msg.Query != "" {
			return m, m.searcher.AfterPause(msg.Gen)
		}
		return m, nil
	case search.FuzzyMsg:
		if msg.Owner != m.gen || !m.searcher.Current(msg.Gen) || m.result == nil {
			return m, nil
		}
		return m, m.searcher.Fuzzy(&m.index, *m.result)
	case detailMsg:
		return m, m.onDetail(msg)
	case tea.KeyMsg:
		return m, m.onKey(msg)
	}
	return m, nil
}

func (m *Model) runQuery() tea.Cmd {
	_, cmd := m.searcher.Query(&m.index, m.query)
	return cmd
}

// resort orders the groups by the sort column.
func (m *Model) resort() {
	m.order = m.order[:0]
	for i := range m.groups {
		m.order = append(m.order, i)
	}
	g := m.groups
	slices.SortStableFunc(m.order, func(a, b int) int {
		var c int
		switch m.sortCol {
		case colJID:
			c = strings.Compare(g[a].JID, g[b].JID)
		case colSize:
			c = g[a].Size - g[b].Size
		default:
			c = strings.Compare(strings.ToLower(g[a].Name), strings.ToLower(g[b].Name))
		}
		if m.sortDesc {
			return -c
		}
		return c
	})
	m.refresh()
}

// refresh recomputes the shown rows: the filter's matches (substring and
// fuzzy alike) in sort order, or all groups.
func (m *Model) refresh() {
	if m.result == nil {
		m.shown = m.order
	} else {
		rank := make(map[int]int, len(m.result.Matches))
		for i, idx := range m.result.Matches {
			rank[idx] = i
		}
		m.shown = make([]int, 0, len(m.result.Matches))
		for _, idx := range m.order {
			if _, ok := rank[idx]; ok {
				m.shown = append(m.shown, idx)
			}
		}
	}
	m.table.SortCol, m.table.SortDesc = m.sortCol, m.sortDesc
	m.table.SetSource(view{m})
}

func (m *Model) selected() *api.Group {
	if len(m.shown) == 0 {
		return nil
	}
	return &m.groups[m.shown[m.table.Cursor()]]
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
		return m.onDetailKey(k)
	case m.typing:
		return m.onFilterKey(k)
	}
	c, keys := m.ctx, m.keys
	switch {
	case c.Matches(k, keys.Pick):
		list, _ := c.Sessions.Sessions()
		m.picker = picker.Sessions(c.Styles, "Show the groups of", list, string(m.session), false)
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
	case c.Matches(k, keys.Sort):
		m.sortCol = (m.sortCol + 1) % 3
		m.resort()
	case c.Matches(k, keys.Reverse):
		m.sortDesc = !m.sortDesc
		m.resort()
	case c.Matches(k, keys.Reload):
		if _, _, _, err := m.loader.Progress(); err != nil {
			return m.loader.Retry()
		}
		if m.session != "" {
			return m.load(m.session)
		}
	case c.Matches(k, keys.Open):
		if g := m.selected(); g != nil {
			return m.openDetail(*g)
		}
	case c.Matches(k, keys.CopyJID):
		if g := m.selected(); g != nil {
			return c.Copy("the group's jid", g.JID)
		}
	default:
		m.table, _ = m.table.Update(k)
	}
	return nil
}

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
		return m.detailActions()
	}
	has := len(m.shown) > 0
	on := func(a common.Action, enabled bool) common.Action {
		a.SetEnabled(enabled)
		return a
	}
	return []common.Action{k.Pick, k.Filter, k.Sort, k.Reverse, on(k.Open, has), on(k.CopyJID, has), k.Reload}
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
		return m.detailView()
	case m.session == "" && m.sessionsErr != nil:
		return common.FitHeight(st.Error.Render("✗ "+common.ErrorText(m.sessionsErr)), m.height)
	case m.session == "":
		return common.FitHeight(st.Dim.Render("no session to show groups of yet (p picks one)"), m.height)
	}
	title := st.Title.Render("Groups") + st.Dim.Render(" of ") + st.Bold.Render(m.ctx.Sessions.Name(m.session)) + st.Dim.Render("  p pick session")
	return title + "\n" + m.table.View() + "\n" + m.statusLine()
}

func (m *Model) statusLine() string {
	st := m.ctx.Styles
	count := ""
	if m.result != nil {
		count = common.Itoa(len(m.shown)) + " match"
		if !m.result.Fuzzy {
			count += " (fuzzy next)"
		}
	}
	if m.typing {
		m.filter.Width = max(m.width-30, 10)
		return m.filter.View() + st.Dim.Render("  "+count)
	}
	loaded, total, done, err := m.loader.Progress()
	var parts []string
	switch {
	case err != nil:
		parts = append(parts, st.Error.Render("✗ loading stopped at "+common.Itoa(loaded)+": "+common.ErrorText(err)+" (r resumes)"))
	case !done && total > 0:
		parts = append(parts, st.Info.Render("loading "+common.Itoa(loaded)+" / "+common.Itoa(total)))
	case !done:
		parts = append(parts, st.Info.Render("loading…"))
	default:
		parts = append(parts, st.Dim.Render(common.Itoa(loaded)+" groups"))
	}
	if m.query != "" {
		parts = append(parts, "filter "+st.Bold.Render(m.query)+st.Dim.Render(" "+count+", esc clears"))
	}
	return strings.Join(parts, st.Dim.Render(" · "))
}

// view is the rows shown.
type view struct{ m *Model }

func (v view) Len() int { return len(v.m.shown) }

func (v view) Cells(i int) []string {
	g := &v.m.groups[v.m.shown[i]]
	size := "?"
	if d, ok := v.m.cache[g.JID]; ok && d.meta != nil {
		size = common.Itoa(len(d.meta.Participants))
	} else if g.Size > 0 {
		size = common.Itoa(g.Size)
	}
	return []string{common.Clean(g.Name), g.JID, size}
}

func (v view) Style(int, int) (lipgloss.Style, bool) { return lipgloss.Style{}, false }
