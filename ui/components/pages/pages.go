// Package pages loads a paginated list (contacts, groups) page by page in
// the background, so the first rows show at once and the rest follow with
// a progress count.
package pages

import (
	"context"
	"strconv"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/styles"
)

// Limit is the page size asked for; the API clamps what it allows.
const Limit = 100

// Fetch loads one page.
type Fetch[T any] func(ctx context.Context, page, limit int) (api.Page[T], error)

// Msg is one loaded page.
type Msg[T any] struct {
	owner, gen uint64
	page       int
	res        api.Page[T]
	err        error
}

// Loader tracks one load; Start again restarts it (older pages are dropped).
type Loader[T any] struct {
	owner      uint64
	gen        uint64
	fetch      Fetch[T]
	ctx        context.Context
	page       int // last page received
	loaded     int
	total      int
	totalPages int
	done       bool
	err        error
	at         time.Time // when the last page arrived
	now        func() time.Time
}

// New returns a loader whose messages carry owner; now is the clock.
func New[T any](owner uint64, now func() time.Time) *Loader[T] {
	return &Loader[T]{owner: owner, now: now, done: true}
}

// Start loads from page 1 with fetch.
func (l *Loader[T]) Start(ctx context.Context, fetch Fetch[T]) tea.Cmd {
	*l = Loader[T]{owner: l.owner, now: l.now, gen: common.NextGen(), fetch: fetch, ctx: ctx}
	return l.get(1)
}

func (l *Loader[T]) get(page int) tea.Cmd {
	owner, gen, fetch, ctx := l.owner, l.gen, l.fetch, l.ctx
	return func() tea.Msg {
		res, err := fetch(ctx, page, Limit)
		return Msg[T]{owner: owner, gen: gen, page: page, res: res, err: err}
	}
}

// Handle takes a page: it returns the items to add and the command for the
// next page. ok is false for a message of another loader or an older load.
func (l *Loader[T]) Handle(msg Msg[T]) (items []T, next tea.Cmd, ok bool) {
	if msg.owner != l.owner || msg.gen != l.gen {
		return nil, nil, false
	}
	if msg.err != nil {
		l.err, l.done = msg.err, true
		return nil, nil, true
	}
	p := msg.res.Pagination
	l.at = l.now()
	l.page = msg.page
	l.loaded += len(msg.res.Items)
	l.total = max(int(p.Total), l.loaded)
	l.totalPages = int(p.TotalPages)
	if msg.page >= l.totalPages || len(msg.res.Items) == 0 {
		l.done = true
		return msg.res.Items, nil, true
	}
	return msg.res.Items, l.get(msg.page + 1), true
}

// Retry resumes after an error from the page that failed.
func (l *Loader[T]) Retry() tea.Cmd {
	if l.err == nil || l.fetch == nil {
		return nil
	}
	l.err, l.done = nil, false
	return l.get(l.page + 1)
}

// At is when the last page arrived.
func (l *Loader[T]) At() time.Time { return l.at }

// Progress reports how far the load is.
func (l *Loader[T]) Progress() (loaded, total int, done bool, err error) {
	return l.loaded, l.total, l.done, l.err
}

// Status describes the load for a status line: "loading 3400 / 100000
// (3%)", "100000 contacts", or where it stopped.
func (l *Loader[T]) Status(st *styles.Styles, one, many string) string {
	switch {
	case l.err != nil:
		return st.Error.Render("✗ loading stopped at " + strconv.Itoa(l.loaded) + ": " + common.ErrorText(l.err) + " (r resumes)")
	case !l.done && l.total > 0:
		return st.Info.Render("loading " + strconv.Itoa(l.loaded) + " / " + strconv.Itoa(l.total) + " (" + strconv.Itoa(l.loaded*100/l.total) + "%)")
	case !l.done:
		return st.Info.Render("loading…")
	}
	return st.Dim.Render(common.Plural(l.loaded, one, many))
}
