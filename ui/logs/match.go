package logs

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/mattn/go-runewidth"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/search"
	"github.com/wasender-tui/wasender-tui/ui/components/table"
)

// fitMatch is s in at most w cells, like table.Truncate, except that when
// the first match of term would be cut off it shows the part around the
// match instead ("…eached, timed out after 30s"), so a line found by the
// search shows why.
func fitMatch(s, term string, w int) string {
	if w <= 0 {
		return ""
	}
	if term == "" || runewidth.StringWidth(s) <= w {
		return table.Truncate(s, w)
	}
	folded := search.Fold(s)
	i := strings.Index(folded, term)
	if i < 0 || len(folded) != len(s) || runewidth.StringWidth(s[:i+len(term)]) < w {
		return table.Truncate(s, w)
	}
	// Start a few characters before the match, as many as leave it whole.
	start := i
	for back := 0; start > 0 && back < min(8, w-2-runewidth.StringWidth(term)); back++ {
		start--
		for start > 0 && !utf8Start(s[start]) {
			start--
		}
	}
	return "…" + table.Truncate(s[start:], w-1)
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// highlight marks every case-insensitive occurrence of term in s with
// match, and draws the rest with base (nil: as it is).
func highlight(s, term string, base func(string) string, match lipgloss.Style) string {
	if base == nil {
		base = func(s string) string { return s }
	}
	if term == "" {
		return base(s)
	}
	lower := search.Fold(s)
	if len(lower) != len(s) {
		return base(s) // folding changed byte offsets: leave it plain
	}
	var b strings.Builder
	for {
		i := strings.Index(lower, term)
		if i < 0 {
			if s != "" {
				b.WriteString(base(s))
			}
			return b.String()
		}
		if i > 0 {
			b.WriteString(base(s[:i]))
		}
		b.WriteString(match.Render(s[i : i+len(term)]))
		s, lower = s[i+len(term):], lower[i+len(term):]
	}
}

// countMatches notes where the cursor is among the lines matching the
// search term: "match 2/7". It is a pass over the lines shown, made when
// they or the cursor change, never in View.
func (m *Model) countMatches() {
	m.matches, m.matchAt = 0, 0
	if m.list.Term == "" {
		return
	}
	for i, seq := range m.list.Lines {
		if matchesTerm(m.ring.at(seq), m.list.Term) {
			m.matches++
			if i <= m.list.Cursor {
				m.matchAt = m.matches
			}
		}
	}
	if e := m.selected(); e == nil || !matchesTerm(e, m.list.Term) {
		m.matchAt = 0 // the cursor is between matches
	}
}

// searchPart is the status line's account of the search: where the cursor
// is among the matches, and that n or N found no more.
func (m *Model) searchPart() string {
	if m.list.Term == "" {
		return ""
	}
	st := m.ctx.Styles
	var s string
	switch {
	case m.matches == 0:
		return st.Warn.Render("no match")
	case m.matchAt > 0:
		s = "match " + common.Itoa(m.matchAt) + "/" + common.Itoa(m.matches)
	default:
		s = common.Plural(m.matches, "match", "matches")
	}
	if m.noMore != 0 {
		return st.Bold.Render(s) + st.Warn.Render(" · no more matches "+map[int]string{1: "below", -1: "above"}[m.noMore])
	}
	return st.Bold.Render(s)
}
