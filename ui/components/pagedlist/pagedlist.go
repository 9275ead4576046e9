// Package pagedlist is a pane listing one session's items (groups,
// contacts): the session chosen from the account's session list, its
// items loaded page by page, filtered off the Update path however many
// there are, drawn a window at a time. A pane says what an item is and
// adds its own actions and detail view.
package pagedlist

import (
	"context"
	"slices"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/finder"
	"github.com/wasender-tui/wasender-tui/ui/components/pages"
	"github.com/wasender-tui/wasender-tui/ui/components/scope"
	"github.com/wasender-tui/wasender-tui/ui/components/search"
	"github.com/wasender-tui/wasender-tui/ui/components/table"
	"github.com/wasender-tui/wasender-tui/ui/keys"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// Config is what a pane says about its items.
type Config[T any] struct {
	Name        string // the pane's command and the noun of counts: "groups"
	One         string // one item: "group"
	Title       string // "Groups"
	PickTitle   string // heads the session picker: "Show the groups of"
	Placeholder string // the filter's
	Columns     []table.Column
	Fetch       func(ctx context.Context, sc *api.SessionClient, page, limit int) (api.Page[T], error)
	Search      func(*T) string   // the text the filter searches
	Cells       func(*T) []string // one row's plain text
	// Sorts order the items by the table's columns, cycled by s; none
	// keeps the order the API gave (and no s or S).
	Sorts []Sort[T]
	// Unsorted starts in the order the API gave, sorting on the first s:
	// for lists so long that keeping them sorted while pages arrive costs
	// more than it is worth before anyone asks.
	Unsorted bool
	// Open opens an item's details; Actions are the pane's other actions
	// on the list's selection (see Selected).
	Open    func(item T) tea.Cmd
	Actions func(l *List[T]) []keys.Action
	// Started is told that a session's items start loading afresh, and
	// Added of each page that arrives.
	Started func(session api.ID)
	Added   func(session api.ID, items []T)
}

// Sort orders items by one column.
type Sort[T any] struct {
	Col     int
	Compare func(a, b *T) int
}

// List is the pane.
type List[T any] struct {
	cfg   Config[T]
	ctx   *common.Context
	stack *view.Stack
	gen   uint64

	session  api.ID
	items    []T
	order    []int // items in sort order (sortable lists); the filter keeps it
	shown    []int // the rows, indices into items; nil: every item in load order
	widths   []int // the widest cell per column, over every item loaded
	loader   *pages.Loader[T]
	finder   finder.Model
	table    table.Model
	scope    *scope.Scope
	sort     int // index into cfg.Sorts; -1: the API's order
	sortDesc bool

	width, height int

	listActions, filterActions []keys.Action
	pick                       keys.Action
}

// New returns the pane; its views open on stack.
func New[T any](ctx *common.Context, stack *view.Stack, cfg Config[T]) *List[T] {
	gen := common.NextGen()
	l := &List[T]{cfg: cfg, ctx: ctx, stack: stack, gen: gen, loader: pages.New[T](gen, ctx.Now)}
	l.scope = scope.New(ctx, gen, cfg.PickTitle, false)
	l.finder = finder.New(ctx.Styles, ctx.Clock, gen, cfg.Placeholder)
	l.table = table.New(ctx.Styles, cfg.Columns, rows[T]{l})
	l.table.Empty = "no " + cfg.Name
	switch {
	case len(cfg.Sorts) == 0 || cfg.Unsorted:
		l.sort = -1
	default:
		l.table.SortCol = cfg.Sorts[0].Col
	}
	has := func() bool { return l.rowCount() > 0 }
	filtered := func() bool { return l.finder.Query() != "" }
	l.pick = keys.Pick.Doing(func() { l.scope.Pick(stack, func() tea.Cmd { return l.load(api.ID(l.scope.Session)) }) })
	l.listActions = []keys.Action{
		l.pick,
		keys.Filter.Does(l.finder.Focus),
		keys.New("clear filter", "esc").Does(l.finder.Clear).When(filtered),
	}
	if len(cfg.Sorts) > 0 {
		l.listActions = append(l.listActions,
			keys.Sort.Doing(func() { l.sort = (l.sort + 1) % len(cfg.Sorts); l.resort() }),
			keys.Reverse.Doing(func() { l.sort, l.sortDesc = max(l.sort, 0), !l.sortDesc; l.resort() }))
	}
	l.listActions = append(l.listActions, keys.Open.Does(func() tea.Cmd { item, _ := l.Selected(); return cfg.Open(*item) }).When(has))
	if cfg.Actions != nil {
		l.listActions = append(l.listActions, cfg.Actions(l)...)
	}
	l.listActions = append(l.listActions, keys.Reload.Does(l.reload).When(func() bool { return l.session != "" }))
	l.listActions = append(l.listActions, keys.Navigation(&l.table)...)
	l.filterActions = []keys.Action{
		keys.New("clear filter", "esc").Does(func() tea.Cmd { return l.finder.Stop(true) }),
		keys.New("keep filter", "enter").Does(func() tea.Cmd { return l.finder.Stop(false) }),
	}
	l.filterActions = append(l.filterActions, keys.Arrows(&l.table)...)
	return l
}

// Name is the pane's command and tab.
func (l *List[T]) Name() string { return l.cfg.Name }

// Session is the session shown ("" before the first choice).
func (l *List[T]) Session() api.ID { return l.session }

// Selected is the item under the cursor.
func (l *List[T]) Selected() (*T, bool) {
	if l.rowCount() == 0 {
		return nil, false
	}
	return &l.items[l.index(l.table.Cursor())], true
}

// Select puts the cursor on row i.
func (l *List[T]) Select(i int) { l.table.SetCursor(i) }

// Rows is how many rows are shown.
func (l *List[T]) Rows() int { return l.rowCount() }

// HasSelection reports whether an item is under the cursor.
func (l *List[T]) HasSelection() bool { return l.rowCount() > 0 }

// Redraw draws the rows again (a pane learnt something they show).
func (l *List[T]) Redraw() { l.table.SetSource(rows[T]{l}) }

// Status is the header's line: the count and the session, and when the
// last page arrived.
func (l *List[T]) Status() view.Status {
	_, _, _, err := l.loader.Progress()
	st := view.Status{Updated: l.loader.At(), Err: err}
	if l.session == "" && l.scope.Err != nil {
		st.Err = l.scope.Err // no session to list: the session list failed
	}
	if l.session != "" {
		st.Summary = common.Plural(len(l.items), l.cfg.One, l.cfg.Name) + " · " + l.ctx.Sessions.Name(l.session)
		if l.loading() {
			st.Summary = "loading " + l.cfg.Name + " · " + l.ctx.Sessions.Name(l.session)
		}
	}
	return st
}

// Focus is Text while the filter is typed.
func (l *List[T]) Focus() view.Focus {
	if l.finder.Typing {
		return view.Text
	}
	return view.Normal
}

// Actions are the list's keys, or the filter's while it is typed.
func (l *List[T]) Actions() []keys.Action {
	if l.finder.Typing {
		return l.filterActions
	}
	return l.listActions
}

// SetSize gives the pane its space: title, table, status line.
func (l *List[T]) SetSize(w, h int) {
	l.width, l.height = w, h
	l.table.SetSize(w, max(h-2, 1))
	l.finder.SetWidth(w - 30)
}

// SetActive loads the first connected session's items when first shown.
// They are not polled: r reloads.
func (l *List[T]) SetActive(active bool) tea.Cmd {
	if !active || l.session != "" {
		return nil
	}
	if chosen, cmd := l.scope.Start(); !chosen {
		return cmd
	}
	return l.load(api.ID(l.scope.Session))
}

// load starts loading session's items, page by page. A filter typed
// before the first session was chosen (typed ahead while the session
// list loads) is kept for its items; another session starts unfiltered.
func (l *List[T]) load(session api.ID) tea.Cmd {
	if l.session == "" {
		l.finder.Forget()
	} else {
		l.finder.Reset()
	}
	l.session = session
	l.items, l.order, l.shown = nil, nil, nil
	l.widths = make([]int, len(l.cfg.Columns))
	l.table.SetSource(rows[T]{l})
	l.table.SetCursor(0)
	if l.cfg.Started != nil {
		l.cfg.Started(session)
	}
	sc, fetch := l.ctx.Client.Session(session), l.cfg.Fetch
	defer func() { l.table.Empty = l.emptyText() }()
	return l.loader.Start(l.ctx.Lifetime, func(ctx context.Context, page, limit int) (api.Page[T], error) {
		return fetch(ctx, sc, page, limit)
	})
}

// reload resumes a load that failed, else loads afresh.
func (l *List[T]) reload() tea.Cmd {
	if _, _, _, err := l.loader.Progress(); err != nil {
		return l.loader.Retry()
	}
	return l.load(l.session)
}

// Update takes pages, search answers, the session list and typed keys.
func (l *List[T]) Update(msg tea.Msg) tea.Cmd {
	if l.scope.Update(msg) {
		return l.load(api.ID(l.scope.Session))
	}
	switch msg := msg.(type) {
	case pages.Msg[T]:
		items, next, ok := l.loader.Handle(msg)
		if !ok {
			return nil
		}
		l.table.Empty = l.emptyText()
		l.add(items)
		if l.cfg.Added != nil {
			l.cfg.Added(l.session, items)
		}
		// New items may match: search again, which costs ~1 ms.
		return tea.Batch(next, l.finder.Rerun())
	case search.ResultMsg, search.FuzzyMsg:
		changed, cmd := l.finder.Update(msg)
		if changed {
			l.reshow()
		}
		return cmd
	case tea.KeyMsg:
		if l.finder.Typing {
			return l.finder.Key(msg)
		}
	}
	return nil
}

// add appends a page; a sorted list merges it into its order, which costs
// the page's own sort and one pass, not a sort of everything loaded.
func (l *List[T]) add(items []T) {
	from := len(l.items)
	if len(l.widths) != len(l.cfg.Columns) {
		l.widths = make([]int, len(l.cfg.Columns))
	}
	for i := range items {
		l.items = append(l.items, items[i])
		item := &l.items[len(l.items)-1]
		l.finder.Index.Add(l.cfg.Search(item))
		table.Widen(l.widths, l.cfg.Cells(item))
	}
	if l.sorted() {
		added := make([]int, 0, len(l.items)-from)
		for i := from; i < len(l.items); i++ {
			added = append(added, i)
		}
		slices.SortFunc(added, l.compare)
		l.order = merge(l.order, added, l.compare)
	}
	l.reshow()
}

func merge(a, b []int, cmp func(x, y int) int) []int {
	out := make([]int, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if cmp(a[i], b[j]) <= 0 {
			out = append(out, a[i])
			i++
		} else {
			out = append(out, b[j])
			j++
		}
	}
	return append(append(out, a[i:]...), b[j:]...)
}

// sorted reports whether the rows are in a column's order, not the API's.
func (l *List[T]) sorted() bool { return l.sort >= 0 }

// compare orders two items by the sort column, then by load order.
func (l *List[T]) compare(a, b int) int {
	c := l.cfg.Sorts[l.sort].Compare(&l.items[a], &l.items[b])
	if c == 0 {
		c = a - b
	}
	if l.sortDesc {
		return -c
	}
	return c
}

// resort orders every item afresh (the sort column changed).
func (l *List[T]) resort() {
	l.order = l.order[:0]
	for i := range l.items {
		l.order = append(l.order, i)
	}
	slices.SortFunc(l.order, l.compare)
	l.table.SortCol, l.table.SortDesc = l.cfg.Sorts[l.sort].Col, l.sortDesc
	l.reshow()
}

// reshow recomputes the rows: the filter's matches (substring and fuzzy
// alike) in sort order, or all, keeping the selected item selected.
func (l *List[T]) reshow() {
	selected := -1
	if l.rowCount() > 0 {
		selected = l.index(l.table.Cursor())
	}
	matches, filtered := l.finder.Matches()
	switch {
	case !l.sorted() && filtered:
		l.shown = matches
	case !l.sorted():
		l.shown = nil
	case !filtered:
		l.shown = l.order
	default:
		match := make(map[int]bool, len(matches))
		for _, idx := range matches {
			match[idx] = true
		}
		l.shown = make([]int, 0, len(matches))
		for _, idx := range l.order {
			if match[idx] {
				l.shown = append(l.shown, idx)
			}
		}
	}
	l.table.SetSource(rows[T]{l})
	l.table.SetCursor(0)
	// Look for the selection among the first rows only: a 100,000-row
	// search per result would cost more than the filter itself.
	for i := 0; i < l.rowCount() && i < 10_000; i++ {
		if l.index(i) == selected {
			l.table.SetCursor(i)
			break
		}
	}
}

func (l *List[T]) rowCount() int {
	if l.shown == nil && !l.sorted() {
		if _, filtered := l.finder.Matches(); !filtered {
			return len(l.items)
		}
	}
	return len(l.shown)
}

// index is the item shown on row i.
func (l *List[T]) index(i int) int {
	if l.shown == nil && !l.sorted() {
		return i
	}
	return l.shown[i]
}

// rows are the items as the table shows them.
type rows[T any] struct{ l *List[T] }

func (r rows[T]) Len() int             { return r.l.rowCount() }
func (r rows[T]) Cells(i int) []string { return r.l.cfg.Cells(&r.l.items[r.l.index(i)]) }
func (r rows[T]) Widths() []int        { return r.l.widths }
func (r rows[T]) Style(int, int) (lipgloss.Style, bool) {
	return lipgloss.Style{}, false
}

// emptyText is what the table says with nothing to show: of a session not
// connected, that it is not, and the API's words when it refused; else
// the API's words, "loading groups of Sales EU…" before the first page,
// or "no groups".
func (l *List[T]) emptyText() string {
	_, _, _, err := l.loader.Progress()
	text := "no " + l.cfg.Name
	if st, ok := l.ctx.Sessions.Status(l.session); ok && !st.Is(api.StatusConnected) {
		text = l.ctx.Sessions.Name(l.session) + " is not connected (" + l.ctx.Styles.Status(st.Norm()).Plain() + ")"
		if err != nil {
			return text + ": " + common.ErrorText(err)
		}
		return text
	}
	if err != nil {
		return "✗ " + common.ErrorText(err)
	}
	if l.loading() {
		return "loading " + l.cfg.Name + " of " + l.ctx.Sessions.Name(l.session) + "…"
	}
	return text
}

// loading reports a load under way with nothing in yet: not "no groups".
func (l *List[T]) loading() bool {
	loaded, _, done, err := l.loader.Progress()
	return !done && err == nil && loaded == 0
}
