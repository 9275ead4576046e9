// Package groups is the groups pane: a session's groups, and each group's
// metadata, members, invite link and picture, cached because the API
// allows only 10 metadata reads a minute per session.
package groups

import (
	"cmp"
	"context"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/pagedlist"
	"github.com/wasender-tui/wasender-tui/ui/components/table"
	"github.com/wasender-tui/wasender-tui/ui/keys"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

const (
	colName = iota
	colJID
	colSize
)

// group is a group with its name lower-cased once, for sorting.
type group struct {
	api.Group
	name string
}

// Model is the groups pane.
type Model struct {
	*pagedlist.List[group]
	ctx   *common.Context
	stack *view.Stack
	gen   uint64

	cacheOf api.ID                  // the session cached
	cache   map[string]*groupDetail // by jid; survives closing the details
}

// New returns the groups pane; its views open on stack.
func New(ctx *common.Context, stack *view.Stack) *Model {
	m := &Model{ctx: ctx, stack: stack, gen: common.NextGen(), cache: map[string]*groupDetail{}}
	m.List = pagedlist.New(ctx, stack, pagedlist.Config[group]{
		Name: "groups", One: "group", Title: "Groups",
		PickTitle:   "Show the groups of",
		Placeholder: "name or jid; fuzzy after a pause",
		Columns: []table.Column{
			colName: {Title: "NAME", Width: 16, Flex: 1},
			colJID:  {Title: "JID", Width: 28},
			colSize: {Title: "MEMBERS", Width: 7, Right: true},
		},
		Fetch: func(ctx context.Context, sc *api.SessionClient, page, limit int) (api.Page[group], error) {
			p, err := sc.GroupsPage(ctx, page, limit)
			out := api.Page[group]{Pagination: p.Pagination, Items: make([]group, len(p.Items))}
			for i, g := range p.Items {
				out.Items[i] = group{Group: g, name: strings.ToLower(g.Name)}
			}
			return out, err
		},
		Search: func(g *group) string { return g.Name + " " + g.JID },
		Cells:  m.cells,
		Sorts: []pagedlist.Sort[group]{
			{Col: colName, Compare: func(a, b *group) int { return strings.Compare(a.name, b.name) }},
			{Col: colJID, Compare: func(a, b *group) int { return strings.Compare(a.JID, b.JID) }},
			{Col: colSize, Compare: func(a, b *group) int { return cmp.Compare(a.Size, b.Size) }},
		},
		Open: func(g group) tea.Cmd { return m.openDetail(g.Group) },
		Actions: func(l *pagedlist.List[group]) []keys.Action {
			return []keys.Action{copyJID.Does(func() tea.Cmd { g, _ := l.Selected(); return m.copyJID(g.JID) }).When(l.HasSelection)}
		},
		Started: func(session api.ID) {
			if session != m.cacheOf {
				clear(m.cache)
				m.cacheOf = session
			}
		},
	})
	return m
}

var copyJID = keys.New("copy jid", "y")

func (m *Model) copyJID(jid string) tea.Cmd { return m.ctx.Copy("the group's jid", jid) }

// Update takes the groups' details, and hands the rest to the list.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	if d, ok := msg.(detailMsg); ok {
		m.onDetail(d)
		return nil
	}
	return m.List.Update(msg)
}

func (m *Model) cells(g *group) []string {
	size := "?"
	if d, ok := m.cache[g.JID]; ok && d.meta != nil {
		size = common.Itoa(len(d.meta.Participants))
	} else if g.Size > 0 {
		size = common.Itoa(g.Size)
	}
	return []string{common.Clean(g.Name), common.Clean(g.JID), size}
}
