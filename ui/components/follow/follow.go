// Package follow is what the Logs and Events panes share: a list of lines
// that follows its newest line, a cursor on it and the first line drawn,
// a count of the lines come while paused, and the filter typed at the
// foot. Each pane holds a List, so that both move alike.
package follow

import (
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/search"
	"github.com/wasender-tui/wasender-tui/ui/keys"
	"github.com/wasender-tui/wasender-tui/ui/styles"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// List is a pane's Lines (the sequence numbers of the lines shown, oldest
// first), Rows of them on screen, and its key tables: the pane's, and the
// filter's while it is typed.
type List struct {
	view.Tables
	Lines           []uint64
	Cursor          int // index into Lines
	Offset          int // first line drawn
	Unseen          int // lines come while paused
	Follow          bool
	Term            string // the filter's, folded as the filters compare it
	Rows            func() int
	Refilter        func() // after Term changed
	Moved, Scrolled func() // before a move, after the window moved; either may be nil
	Filter          textinput.Model
}

// Page is how far a page key moves.
func (l *List) Page() int { return max(l.Rows()-1, 1) }

// Home moves to the oldest line.
func (l *List) Home() { l.Move(-len(l.Lines)) }

// End follows the newest line.
func (l *List) End() {
	l.Follow, l.Unseen = true, 0
	l.Cursor = len(l.Lines) - 1
	l.Scroll()
}

// Move moves the cursor; moving up from the newest line pauses, reaching
// it again follows.
func (l *List) Move(n int) {
	if l.Moved != nil {
		l.Moved()
	}
	before := l.Cursor
	l.Cursor += n
	l.clamp()
	switch {
	case l.Cursor < before:
		l.Follow = false
	case l.Cursor == len(l.Lines)-1:
		l.Follow, l.Unseen = true, 0
	}
	l.Scroll()
}

func (l *List) clamp() { l.Cursor = max(0, min(l.Cursor, len(l.Lines)-1)) }

// Scroll keeps the cursor on screen, the newest line at the bottom while
// following.
func (l *List) Scroll() {
	rows, n := l.Rows(), len(l.Lines)
	if l.Follow {
		l.Offset = n - rows
	}
	if l.Cursor < l.Offset {
		l.Offset = l.Cursor
	}
	if l.Cursor >= l.Offset+rows {
		l.Offset = l.Cursor - rows + 1
	}
	l.Offset = max(0, min(l.Offset, n-rows))
	if l.Scrolled != nil {
		l.Scrolled()
	}
}

// Fit brings the cursor and the window back within the lines.
func (l *List) Fit() {
	l.clamp()
	l.Scroll()
}

// SetWidth gives the filter its room in a pane w wide.
func (l *List) SetWidth(w int) {
	l.Filter.Width = max(w-30, 10)
	l.Fit()
}

// Added follows the newest of the lines just added, or counts those shown
// while paused.
func (l *List) Added(shown int) {
	if l.Follow {
		l.Cursor = len(l.Lines) - 1
	} else {
		l.Unseen += shown
	}
	l.Fit()
}

// Drop lets the n oldest lines go.
func (l *List) Drop(n int) {
	l.Lines = l.Lines[n:]
	l.Cursor -= n
	l.Offset = max(l.Offset-n, 0)
}

// Refill puts in the lines fill appends, in order, and keeps the cursor on
// the line it was on (on the newest while following).
func (l *List) Refill(fill func([]uint64) []uint64, order func(a, b uint64) int) {
	var selected uint64
	had := l.Cursor >= 0 && l.Cursor < len(l.Lines)
	if had {
		selected = l.Lines[l.Cursor]
	}
	l.Lines = fill(l.Lines[:0])
	if l.Follow || !had {
		l.Cursor = len(l.Lines) - 1
	} else {
		i, _ := slices.BinarySearchFunc(l.Lines, selected, order)
		l.Cursor = min(i, len(l.Lines)-1)
	}
	l.Fit()
}

// Shown draws the lines on screen with line.
func (l *List) Shown(line func(seq uint64, selected bool) string) []string {
	var out []string
	for i := l.Offset; i < len(l.Lines) && len(out) < l.Rows(); i++ {
		out = append(out, line(l.Lines[i], i == l.Cursor))
	}
	return out
}

// FollowKey is f: follow again, while paused.
func (l *List) FollowKey() keys.Action {
	return keys.New("follow", "f", "G", "end").Doing(l.End).When(func() bool { return !l.Follow })
}

// FilterKey is /: type the filter.
func (l *List) FilterKey() keys.Action {
	return keys.Filter.Does(func() tea.Cmd {
		l.Typing = true
		l.Filter.SetValue(l.Term)
		l.Filter.CursorEnd()
		return l.Filter.Focus()
	})
}

// FieldKeys are the keys while the filter is typed; c takes the arrows.
func (l *List) FieldKeys(c keys.Cursor) []keys.Action {
	return append([]keys.Action{
		keys.New("clear filter", "esc").Doing(func() { l.stopFilter(); l.Term = ""; l.Refilter() }),
		keys.New("keep filter", "enter").Doing(l.stopFilter),
	}, keys.Arrows(c)...)
}

func (l *List) stopFilter() {
	l.Typing = false
	l.Filter.Blur()
}

// TypeFilter types a key into the filter. The panes hold a bounded count
// of lines (10,000 by default), so filtering while typing is a plain pass
// over their folded text: about a millisecond.
func (l *List) TypeFilter(k tea.KeyMsg) tea.Cmd {
	var cmd tea.Cmd
	l.Filter, cmd = l.Filter.Update(k)
	l.Term = search.Fold(strings.TrimSpace(l.Filter.Value()))
	l.Refilter()
	return cmd
}

// State is the status line's word on following: following, or paused
// with the count of new lines.
func (l *List) State(st *styles.Styles) string {
	if l.Follow {
		return st.OK.Render("● following")
	}
	p := st.Warn.Render("⏸ paused")
	if l.Unseen > 0 {
		p += st.Warn.Render(" · " + common.Itoa(l.Unseen) + " new")
	}
	return p + st.Dim.Render(" (f follows)")
}

// Frame lays out a pane in exactly height lines: the title, the body cut
// or padded, the status line.
func Frame(title string, body []string, status string, height int) string {
	out := make([]string, 0, height)
	out = append(append(out, title), body...)
	for len(out) < height-1 {
		out = append(out, "")
	}
	return strings.Join(append(out[:height-1], status), "\n")
}
