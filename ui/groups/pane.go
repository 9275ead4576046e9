// Package groups is the groups pane: a session's groups, and each group's
// metadata, members, invite link and picture, cached because the API
// allows only 10 metadata reads a minute per session.
package groups

import (
	"context"
	"slices"
	"strings"
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
	names    []string // lower-case group names, for sorting
	order    []int    // groups sorted; the filter keeps this order
	loader   *pages.Loader[api.Group]
	finder   finder.Model
	shown    []int // indices into groups, in display order
	table    table.Model
	sortCol  int
	sortDesc bool

	width, height int

	mode  mode
	scope *scope.Scope
	cache map[string]*groupDetail // by jid; survives closing the details
	open  *groupDetail
}

// New returns the groups pane.
func New(ctx *common.Context) *Model {
	gen := common.NextGen()
	m := &Model{ctx: ctx, keys: newKeyMap(), gen: gen, loader: pages.New[api.Group](gen, ctx.Now), cache: map[string]*groupDetail{}}
	m.scope = scope.New(ctx, gen, "Show the groups of", false)
	m.finder = finder.New(ctx.Styles, ctx.Clock, gen, "name or jid; fuzzy after a pause")
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
func (m *Model) Capturing() bool { return m.finder.Typing || m.scope.Picking }

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
	return common.Plural(len(m.groups), "group", "groups") + " · " + m.ctx.Sessions.Name(m.session)
}

// SetActive loads the first connected session's groups when first shown.
func (m *Model) SetActive(active bool) tea.Cmd {
	if !active || m.session != "" {
		return nil
	}
	if chosen, cmd := m.scope.Start(); !chosen {
		return cmd
	}
	return m.load(api.ID(m.scope.Session))
}

func (m *Model) load(session api.ID) tea.Cmd {
	if session != m.session {
		clear(m.cache)
	}
	m.session = session
	m.groups, m.names, m.order, m.shown = nil, nil, nil, nil
	m.finder.Reset()
	m.reshow()
	m.table.SetCursor(0)
	sc := m.ctx.Client.Session(session)
	return m.loader.Start(m.ctx.Lifetime, func(ctx context.Context, page, limit int) (api.Page[api.Group], error) {
		return sc.GroupsPage(ctx, page, limit)
	})
}

// Update handles messages.
func (m *Model) Update(msg tea.Msg) (common.Pane, tea.Cmd) {
	if m.scope.Update(msg) {
		return m, m.load(api.ID(m.scope.Session))
	}
	switch msg := msg.(type) {
	case pages.Msg[api.Group]:
		items, next, ok := m.loader.Handle(msg)
		if !ok {
			return m, nil
		}
		from := len(m.groups)
		for _, g := range items {
			m.groups = append(m.groups, g)
			m.names = append(m.names, strings.ToLower(g.Name))
			m.finder.Index.Add(g.Name + " " + g.JID)
		}
		m.insert(from)
		return m, tea.Batch(next, m.finder.Rerun())
	case search.ResultMsg, search.FuzzyMsg:
		changed, cmd := m.finder.Update(msg)
		if changed {
			m.reshow()
		}
		return m, cmd
	case detailMsg:
		return m, m.onDetail(msg)
	case tea.KeyMsg:
		return m, m.onKey(msg)
	}
	return m, nil
}

// compare orders two groups by the sort column.
func (m *Model) compare(a, b int) int {
	var c int
	switch m.sortCol {
	case colJID:
		c = strings.Compare(m.groups[a].JID, m.groups[b].JID)
	case colSize:
		c = m.groups[a].Size - m.groups[b].Size
	default:
		c = strings.Compare(m.names[a], m.names[b])
	}
	if c == 0 {
		c = a - b
	}
	if m.sortDesc {
		return -c
	}
	return c
}

// resort orders every group afresh (the sort column changed).
func (m *Model) resort() {
	m.order = m.order[:0]
	for i := range m.groups {
		m.order = append(m.order, i)
	}
	slices.SortFunc(m.order, m.compare)
	m.reshow()
}

// insert merges the groups from index from on into the sorted order: a
// page costs its own sort and one pass, not a sort of everything loaded.
func (m *Model) insert(from int) {
	added := make([]int, 0, len(m.groups)-from)
	for i := from; i < len(m.groups); i++ {
		added = append(added, i)
	}
	slices.SortFunc(added, m.compare)
	merged := make([]int, 0, len(m.order)+len(added))
	i, j := 0, 0
	for i < len(m.order) && j < len(added) {
		if m.compare(m.order[i], added[j]) <= 0 {
			merged = append(merged, m.order[i])
			i++
		} else {
			merged = append(merged, added[j])
			j++
		}
	}
	m.order = append(append(merged, m.order[i:]...), added[j:]...)
	m.reshow()
}

// reshow recomputes the shown rows: the filter's matches (substring and
// fuzzy alike) in sort order, or all groups.
func (m *Model) reshow() {
	selected := -1
	if len(m.shown) > 0 {
		selected = m.shown[m.table.Cursor()]
	}
	defer m.keepSelected(selected)
	if matches, ok := m.finder.Matches(); !ok {
		m.shown = m.order
	} else {
		match := make(map[int]bool, len(matches))
		for _, idx := range matches {
			match[idx] = true
		}
		m.shown = make([]int, 0, len(matches))
		for _, idx := range m.order {
			if match[idx] {
				m.shown = append(m.shown, idx)
			}
		}
	}
	m.table.SortCol, m.table.SortDesc = m.sortCol, m.sortDesc
	m.table.SetSource(view{m})
}

// keepSelected puts the cursor back on group index sel, or on the first
// row when it is no longer shown.
func (m *Model) keepSelected(sel int) {
	m.table.SetCursor(0)
	for i, idx := range m.shown {
		if idx == sel {
			m.table.SetCursor(i)
			return
		}
	}
}

func (m *Model) selected() *api.Group {
	if len(m.shown) == 0 {
		return nil
	}
	return &m.groups[m.shown[m.table.Cursor()]]
}

func (m *Model) onKey(k tea.KeyMsg) tea.Cmd {
	switch {
	case m.scope.Picking:
		if chosen, cmd := m.scope.Key(k); !chosen {
			return cmd
		}
		return m.load(api.ID(m.scope.Session))
	case m.mode == modeDetail:
		return m.onDetailKey(k)
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

// Actions lists what the current view offers.
func (m *Model) Actions() []common.Action {
	k := m.keys
	if m.scope.Picking {
		return nil
	}
	switch m.mode {
	case modeDetail:
		return m.detailActions()
	}
	has := len(m.shown) > 0
	return []common.Action{k.Pick, k.Filter, k.Sort, k.Reverse, k.Open.When(has), k.CopyJID.When(has), k.Reload}
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
		return m.detailView()
	case m.session == "" && m.scope.Err != nil:
		return common.FitHeight(st.Error.Render("✗ "+common.ErrorText(m.scope.Err)), m.height)
	case m.session == "":
		return common.FitHeight(st.Dim.Render("no session to show groups of yet (p picks one)"), m.height)
	}
	title := st.Title.Render("Groups") + st.Dim.Render(" of ") + st.Bold.Render(m.ctx.Sessions.Name(m.session)) + st.Dim.Render("  p pick session")
	return title + "\n" + m.table.View() + "\n" + m.statusLine()
}

func (m *Model) statusLine() string {
	st := m.ctx.Styles
	count := m.finder.Count(len(m.shown))
	if m.finder.Typing {
		return m.finder.View(m.width-30) + st.Dim.Render("  "+count)
	}
	line := m.loader.Status(st, "groups")
	if q := m.finder.Query(); q != "" {
		line += st.Dim.Render(" · ") + "filter " + st.Bold.Render(q) + st.Dim.Render(" "+count+", esc clears")
	}
	return line
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
