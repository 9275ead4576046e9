package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/wasender-tui/wasender-tui/api/health"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/healthtext"
)

// statusTable is the status command's table: a line per session, worst
// first, then its reasons and its last error on lines of their own, so
// nothing the API said is cut at 80 columns.
type statusTable struct {
	rows    []health.Row
	window  time.Duration
	now     time.Time
	width   int
	height  int // lines it may take (0: any): the rest is counted on the last line
	listErr error
}

// The columns around the session's: the verdict before; state, since,
// changes, sent, failed and the last activity after.
const (
	verdictW = 13 // "! attention" and two spaces
	stateW   = 12
	restW    = verdictW + stateW + 1 + 5 + 1 + 7 + 1 + 5 + 1 + 6 + 1 + 6 + 1
	maxNameW = 40
)

func (t statusTable) String() string {
	var b strings.Builder
	t.detail(&b, fmt.Sprintf("%s over the last %s · %s", healthtext.Counts(t.rows), health.FormatWindow(t.window), t.now.UTC().Format("15:04:05 UTC")), 0)
	if t.listErr != nil {
		t.detail(&b, "warning: the session list could not be read; the last reading is shown: "+common.ErrorText(t.listErr), 0)
	}
	if len(t.rows) == 0 {
		return b.String()
	}
	idW := 2
	for _, r := range t.rows {
		idW = max(idW, min(ansi.StringWidth(common.Clean(r.ID)), 10))
	}
	nameW := min(max(t.width-restW-idW-1, 12), maxNameW)
	b.WriteString("\n")
	fmt.Fprintf(&b, "%-*s%s %s %s %5s %7s %5s %6s %6s\n", verdictW, "  VERDICT", pad("ID", idW, true), pad("SESSION", nameW, false),
		pad("STATE", stateW, false), "SINCE", "CHANGES", "SENT", "FAILED", "ACTIVE")
	// A terminal scrolls when its last line is written: the table keeps
	// to height-1 lines, the last of them saying what did not fit.
	used, limit := strings.Count(b.String(), "\n"), t.height-1
	for i, r := range t.rows {
		row := t.row(r, idW, nameW)
		n := strings.Count(row, "\n")
		if fits := used+n <= limit-1 || i == len(t.rows)-1 && used+n <= limit; t.height > 0 && !fits {
			fmt.Fprintf(&b, "… and %s more: a taller terminal shows every one\n", common.Plural(len(t.rows)-i, "session", "sessions"))
			break
		}
		b.WriteString(row)
		used += n
	}
	return b.String()
}

// row is a session's line and its details.
func (t statusTable) row(r health.Row, idW, nameW int) string {
	mark, word := healthtext.Mark(r)
	state := common.Clean(r.Status)
	if state == "" {
		state = "-"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %-11s%s %s %s %5s %7d %5d %6d %6s\n", mark, word, pad(common.Clean(r.ID), idW, true), pad(healthtext.Name(r), nameW, false),
		pad(state, stateW, false), healthtext.Since(t.now, r), r.Changes, r.Sent, r.Failed, common.Ago(t.now, r.LastActivity))
	for _, line := range healthtext.Details(t.now, r) {
		t.detail(&b, line, 4)
	}
	return b.String()
}

// detail writes text indented, wrapped to the width, continued further in.
func (t statusTable) detail(b *strings.Builder, text string, indent int) {
	w := max(t.width-indent, 20)
	first, rest, _ := strings.Cut(ansi.Wrap(text, w, ""), "\n")
	b.WriteString(strings.Repeat(" ", indent) + first + "\n")
	if rest == "" {
		return
	}
	for _, line := range strings.Split(ansi.Wrap(strings.ReplaceAll(rest, "\n", " "), w-2, ""), "\n") {
		b.WriteString(strings.Repeat(" ", indent+2) + line + "\n")
	}
}

// pad fits s to w columns: cut with "…", filled with spaces (on the left
// when right-aligned).
func pad(s string, w int, right bool) string {
	s = ansi.Truncate(s, w, "…")
	fill := strings.Repeat(" ", max(w-ansi.StringWidth(s), 0))
	if right {
		return fill + s
	}
	return s + fill
}
