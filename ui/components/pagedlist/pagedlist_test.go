package pagedlist

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/ui/components/table"
	"github.com/wasender-tui/wasender-tui/ui/uitest"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// contacts is a list of contacts, unsorted; groups one sorted by name.
func contacts(opts fake.Options) Config[api.Contact] {
	return Config[api.Contact]{
		Name: "contacts", One: "contact", Title: "Contacts", PickTitle: "Show the contacts of",
		Columns: []table.Column{{Title: "NAME", Width: 20, Flex: 1}, {Title: "PHONE", Width: 16}},
		Fetch: func(ctx context.Context, sc *api.SessionClient, page, limit int) (api.Page[api.Contact], error) {
			return sc.ContactsPage(ctx, page, limit)
		},
		Search: func(c *api.Contact) string { return string(c.Name) + " " + c.Phone() },
		Cells:  func(c *api.Contact) []string { return []string{string(c.Name), c.Phone()} },
		Open:   func(api.Contact) tea.Cmd { return nil },
	}
}

func groups() Config[api.Group] {
	return Config[api.Group]{
		Name: "groups", One: "group", Title: "Groups", PickTitle: "Show the groups of",
		Columns: []table.Column{{Title: "NAME", Width: 20, Flex: 1}, {Title: "JID", Width: 28}},
		Fetch: func(ctx context.Context, sc *api.SessionClient, page, limit int) (api.Page[api.Group], error) {
			return sc.GroupsPage(ctx, page, limit)
		},
		Search: func(g *api.Group) string { return g.Name + " " + g.JID },
		Cells:  func(g *api.Group) []string { return []string{g.Name, g.JID} },
		Sorts: []Sort[api.Group]{
			{Col: 0, Compare: func(a, b *api.Group) int { return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)) }},
			{Col: 1, Compare: func(a, b *api.Group) int { return strings.Compare(a.JID, b.JID) }},
		},
		Open: func(api.Group) tea.Cmd { return nil },
	}
}

func start[T any](t testing.TB, opts fake.Options, cfg Config[T]) (*uitest.Pane, *List[T]) {
	env := uitest.New(t, opts)
	var l *List[T]
	p := env.NewPane(t, 160, 30, func(s *view.Stack) view.Pane { l = New(env.Ctx, s, cfg); return l })
	return p, l
}

func TestStaleSearchResultsAreDropped(t *testing.T) {
	p, l := start(t, fake.Options{}, contacts(fake.Options{}))
	p.Press("/")
	// The search for "a" is made stale by "b" before its answer is read.
	old := l.finder.Key(uitest.Key("a"))
	fresh := l.finder.Key(uitest.Key("b"))
	p.Run(fresh)
	want := l.Rows()
	p.Run(old)
	if l.finder.Query() != "ab" || l.Rows() != want {
		t.Fatalf("a stale result replaced the current one: %d shown, want %d", l.Rows(), want)
	}
}

// A search answer for the previous session's list must not be applied to
// the next one: it would index past its end.
func TestSearchOfAnOldListIsDropped(t *testing.T) {
	p, l := start(t, fake.Options{Contacts: 500}, contacts(fake.Options{}))
	p.Press("/")
	pending := l.finder.Key(uitest.Key("a"))
	p.Run(l.load("12")) // another session: a new, shorter list loads
	p.Run(pending)
	for i := 0; i < l.Rows(); i++ {
		if l.index(i) >= len(l.items) {
			t.Fatalf("row %d points past the %d items", i, len(l.items))
		}
	}
	_ = l.View()
}

// Pages merged into the order as they arrive give the same order as one
// sort of everything, both ways.
func TestPagesMergeIntoTheSortedOrder(t *testing.T) {
	_, l := start(t, fake.Options{Groups: 1234}, groups())
	if len(l.order) != 1234 {
		t.Fatalf("%d in order", len(l.order))
	}
	merged := slices.Clone(l.order) // built page by page while loading
	l.resort()
	if !slices.Equal(merged, l.order) {
		t.Fatal("merging pages gave another order than sorting everything")
	}
}

func TestSortFilterAndKeepTheSelection(t *testing.T) {
	p, l := start(t, fake.Options{Groups: 300}, groups())
	name := func(i int) string { return strings.ToLower(l.items[l.index(i)].Name) }
	for i := 1; i < l.Rows(); i++ {
		if name(i-1) > name(i) {
			t.Fatalf("not sorted by name: %q before %q", name(i-1), name(i))
		}
	}
	p.Press("S")
	if name(0) < name(l.Rows()-1) {
		t.Fatal("S did not reverse")
	}
	target := l.items[l.index(7)]
	l.Select(7)
	p.Press("/")
	p.Type(target.JID[:14])
	p.Advance(200 * time.Millisecond) // typing pauses: the fuzzy phase runs
	if g, ok := l.Selected(); !ok || g.JID != target.JID || l.Rows() > 50 {
		t.Fatalf("filter by jid prefix: %d shown, selected %v", l.Rows(), g)
	}
	p.Press("esc")
	if l.Rows() != 300 || l.finder.Typing {
		t.Fatalf("esc: %d shown", l.Rows())
	}
}

func BenchmarkLoadingPages5000(b *testing.B) {
	env := uitest.New(b, fake.Options{Groups: 5000})
	var pages [][]api.Group
	for page := 1; page <= 50; page++ {
		p, _ := env.Ctx.Client.Session("11").GroupsPage(b.Context(), page, 100)
		pages = append(pages, p.Items)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		l := New(env.Ctx, &view.Stack{}, groups())
		l.session = "11"
		for _, items := range pages {
			l.add(items)
		}
	}
}

// Before the first page the list says it is loading, in its body and its
// header: not "no groups", not "0 groups".
func TestALoadingListSaysSo(t *testing.T) {
	for _, name := range []string{"groups", "contacts"} {
		var p *uitest.Pane
		var status func() view.Status
		var load func() tea.Cmd
		if name == "groups" {
			gp, l := start(t, fake.Options{}, groups())
			p, status, load = gp, l.Status, func() tea.Cmd { return l.load("12") }
		} else {
			cp, l := start(t, fake.Options{}, contacts(fake.Options{}))
			p, status, load = cp, l.Status, func() tea.Cmd { return l.load("12") }
		}
		pending := load() // its first page not read yet
		v := p.View()
		if !strings.Contains(v, "loading "+name+" of Sales EU…") || strings.Contains(v, "no "+name) {
			t.Errorf("%s while loading:\n%s", name, v)
		}
		if s := status().Summary; strings.Contains(s, "0 "+name) || !strings.Contains(s, "loading") {
			t.Errorf("%s header while loading: %q", name, s)
		}
		p.Run(pending)
		if v := p.View(); strings.Contains(v, "loading "+name+" of") {
			t.Errorf("%s still loading once read:\n%s", name, v)
		}
	}
}
