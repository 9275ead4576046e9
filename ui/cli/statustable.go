package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/wasender-tui/wasender-tui/api/health"
	"github.com/wasender-tui/wasender-tui/ui/common"
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
	t.detail(&b, fmt.Sprintf("%s over the last %s · %s", t.summary(), health.FormatWindow(t.window), t.now.UTC().Format("15:04:05 UTC")), 0)
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
	mark, word := r.Verdict.Symbol(), r.Verdict.String()
	if !r.Ready && r.Verdict != health.Down {
		mark, word = "…", "reading"
	}
	name := common.Clean(r.Name)
	if name == "" {
		name = "(no name)"
	}
	state := common.Clean(r.Status)
	if state == "" {
		state = "-"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %-11s%s %s %s %5s %7d %5d %6d %6s\n", mark, word, pad(common.Clean(r.ID), idW, true), pad(name, nameW, false),
		pad(state, stateW, false), t.since(r), r.Changes, r.Sent, r.Failed, common.Ago(t.now, r.LastActivity))
	t.details(&b, r)
	return b.String()
}

// summary counts the verdicts: "6 sessions: 3 down, 2 need attention, 1 ok".
func (t statusTable) summary() string {
	var down, attention, ok, reading int
	for _, r := range t.rows {
		switch {
		case !r.Ready && r.Verdict != health.Down:
			reading++
		case r.Verdict == health.Down:
			down++
		case r.Verdict == health.Attention:
			attention++
		default:
			ok++
		}
	}
	var parts []string
	for _, p := range []struct {
		n    int
		what string
	}{{down, "down"}, {attention, "need attention"}, {ok, "ok"}, {reading, "still being read"}} {
		if p.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", p.n, p.what))
		}
	}
	s := common.Plural(len(t.rows), "session", "sessions")
	if len(parts) > 0 {
		s += ": " + strings.Join(parts, ", ")
	}
	return s
}

// since is how long the state has held: "5h", ">20d" when it held
// through every entry read, "-" when the logs do not say.
func (t statusTable) since(r health.Row) string {
	if r.Since.IsZero() {
		return "-"
	}
	ago := common.Ago(t.now, r.Since)
	if r.SinceAtLeast {
		return ">" + ago
	}
	return ago
}

// details are a row's reasons, its last error and what its logs missed.
func (t statusTable) details(b *strings.Builder, r health.Row) {
	said := ""
	for _, why := range r.Reasons {
		text := common.Clean(why.String())
		t.detail(b, text, 4)
		said += text
	}
	if r.LastError != "" && !strings.Contains(said, common.Clean(r.LastError)) {
		t.detail(b, "last error "+common.Since(t.now, r.LastErrorAt)+": "+common.Clean(r.LastError), 4)
	}
	if r.Missing > 0 {
		t.detail(b, fmt.Sprintf("the logs may be missing %s of the window: the counts may be short", common.Plural(r.Missing, "entry", "entries")), 4)
	}
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
