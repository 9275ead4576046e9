// Package finder is the "/" filter of a large list: the input, the
// searchable index and the background search, for panes whose lists can
// hold a hundred thousand items.
package finder

import (
	"github.com/wasender-tui/wasender-tui/ui/common"
	"strings"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/ui/clock"
	"github.com/wasender-tui/wasender-tui/ui/components/input"
	"github.com/wasender-tui/wasender-tui/ui/components/search"
	"github.com/wasender-tui/wasender-tui/ui/styles"
)

// Model is a list's filter.
type Model struct {
	Index    search.Index
	Typing   bool
	query    string
	result   *search.ResultMsg // the filter's answer; nil = everything
	owner    uint64
	searcher *search.Searcher
	input    textinput.Model
}

// New returns a filter whose search results carry owner.
func New(st *styles.Styles, clk clock.Clock, owner uint64, placeholder string) Model {
	return Model{owner: owner, searcher: search.New(owner, clk), input: input.New(st, "/", placeholder, 100)}
}

// Query is the text being filtered by.
func (f *Model) Query() string { return f.query }

// Matches are the indices of the items shown, or nil when all are.
func (f *Model) Matches() ([]int, bool) {
	if f.result == nil {
		return nil, false
	}
	return f.result.Matches, true
}

// Reset forgets the items and the filter (a new list is loading); a
// search still running is made stale, so its answer cannot index the new
// list.
func (f *Model) Reset() {
	f.Forget()
	f.query, f.result = "", nil
	f.input.SetValue("")
}

// Forget forgets the items but keeps the filter, matching nothing until
// it is run over the items that come (Rerun): a filter typed before
// there was a list applies to the first one.
func (f *Model) Forget() {
	f.searcher.Cancel()
	f.Index.Reset()
	if f.query != "" {
		f.result = &search.ResultMsg{Owner: f.owner, Query: f.query}
	}
}

// Focus starts typing.
func (f *Model) Focus() tea.Cmd {
	f.Typing = true
	f.input.SetValue(f.query)
	f.input.CursorEnd()
	return f.input.Focus()
}

// Clear drops the filter: everything is shown again.
func (f *Model) Clear() tea.Cmd {
	f.query = ""
	f.input.SetValue("")
	return f.run()
}

// Rerun searches again, after items were added.
func (f *Model) Rerun() tea.Cmd {
	if f.query == "" {
		return nil
	}
	return f.run()
}

func (f *Model) run() tea.Cmd {
	_, cmd := f.searcher.Query(&f.Index, f.query)
	return cmd
}

// Stop ends typing, keeping the filter or clearing it.
func (f *Model) Stop(clear bool) tea.Cmd {
	f.Typing = false
	f.input.Blur()
	if clear {
		return f.Clear()
	}
	return nil
}

// Key types a key (or a paste) into the filter: every change starts a
// background search, so typing never waits for it.
func (f *Model) Key(k tea.KeyMsg) tea.Cmd {
	var cmd tea.Cmd
	f.input, cmd = f.input.Update(k)
	if q := strings.TrimSpace(f.input.Value()); q != f.query {
		f.query = q
		return tea.Batch(cmd, f.run())
	}
	return cmd
}

// Update takes the search's answers. changed reports a new result to show;
// stale answers (the operator typed on) are dropped.
func (f *Model) Update(msg tea.Msg) (changed bool, cmd tea.Cmd) {
	switch msg := msg.(type) {
	case search.ResultMsg:
		if msg.Owner != f.owner || !f.searcher.Current(msg.Gen) {
			return false, nil
		}
		f.result = nil
		if msg.Query != "" {
			f.result = &msg
		}
		if !msg.Fuzzy && msg.Query != "" {
			return true, f.searcher.AfterPause(msg.Gen)
		}
		return true, nil
	case search.FuzzyMsg:
		if msg.Owner != f.owner || !f.searcher.Current(msg.Gen) || f.result == nil {
			return false, nil
		}
		return false, f.searcher.Fuzzy(&f.Index, *f.result)
	}
	return false, nil
}

// Count describes the result: "37 matches (fuzzy next)".
func (f *Model) Count(shown int) string {
	if f.result == nil {
		return ""
	}
	s := common.Plural(shown, "match", "matches")
	if !f.result.Fuzzy {
		s += " (fuzzy next)"
	}
	return s
}

// SetWidth makes the input line width cells wide.
func (f *Model) SetWidth(width int) { f.input.Width = max(width, 10) }

// View is the input line.
func (f *Model) View() string { return f.input.View() }

// Fuzzy reports whether the current result includes fuzzy matches.
func (f *Model) Fuzzy() bool { return f.result != nil && f.result.Fuzzy }

// Current reports whether the latest query has been answered.
func (f *Model) Current() bool {
	return f.query == "" || (f.result != nil && f.searcher.Current(f.result.Gen))
}
