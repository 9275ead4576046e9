// Package healthtext writes a session's health (api/health's Row) for a
// screen: its mark, how long its state has held, its reasons in full and
// its failures as a sparkline. The status command, the Health pane and the
// Sessions pane write it the same way; every string from the API is
// cleaned here.
package healthtext

import (
	"fmt"
	"strings"
	"time"

	"github.com/wasender-tui/wasender-tui/api/health"
	"github.com/wasender-tui/wasender-tui/ui/common"
)

// Reading reports a row whose verdict does not stand on its whole window
// yet: its logs are still being read. A session that is not connected is
// down at once.
func Reading(r health.Row) bool { return !r.Ready && r.Verdict != health.Down }

// Mark is the verdict as a symbol and a word ("! attention"), or
// "… reading" while the logs are read: never colour alone.
func Mark(r health.Row) (symbol, word string) {
	if Reading(r) {
		return "…", "reading"
	}
	return r.Verdict.Symbol(), r.Verdict.String()
}

// Flag is the short mark of a session that needs looking at, for a column
// beside its state: "✗ down", or "!" and the kind of its first reason
// ("! failing", "! flapping", "! unreadable"); "" for one that is ok or
// still being read.
func Flag(r health.Row) string {
	switch {
	case Reading(r), r.Verdict == health.OK:
		return ""
	case r.Verdict == health.Down || len(r.Reasons) == 0:
		return r.Verdict.Symbol() + " " + r.Verdict.String()
	}
	return r.Verdict.Symbol() + " " + r.Reasons[0].Kind
}

// Name is the session's name, cleaned, or "(no name)".
func Name(r health.Row) string {
	if n := common.Clean(r.Name); n != "" {
		return n
	}
	return "(no name)"
}

// Since is how long the state has held: "5h", ">20d" when it held
// through every entry read, "-" when the logs do not say.
func Since(now time.Time, r health.Row) string {
	if r.Since.IsZero() {
		return "-"
	}
	ago := common.Ago(now, r.Since)
	if r.SinceAtLeast {
		return ">" + ago
	}
	return ago
}

// Reasons are the reasons in one line, cleaned: "failing: 84% of …; flapping: …".
func Reasons(r health.Row) string {
	out := make([]string, len(r.Reasons))
	for i, why := range r.Reasons {
		out[i] = common.Clean(why.String())
	}
	return strings.Join(out, "; ")
}

// Details are everything a row says beyond its columns, a line each: its
// reasons, its last error (unless a reason says it already) and what its
// logs missed.
func Details(now time.Time, r health.Row) []string {
	var out []string
	said := ""
	for _, why := range r.Reasons {
		text := common.Clean(why.String())
		out = append(out, text)
		said += text
	}
	if r.LastError != "" && !strings.Contains(said, common.Clean(r.LastError)) {
		out = append(out, "last error "+common.Since(now, r.LastErrorAt)+": "+common.Clean(r.LastError))
	}
	if r.Missing > 0 {
		out = append(out, fmt.Sprintf("the logs may be missing %s of the window: the counts may be short", common.Plural(r.Missing, "entry", "entries")))
	}
	return out
}

// levels are the sparkline's bars: a count of 1 is the lowest, and each
// bar above holds twice as many, so bars compare across sessions.
var levels = []rune("▁▂▃▄▅▆▇█")

// Spark draws counts (failures per health.Bucket, oldest first) in at
// most cells cells, adding neighbouring buckets together when there are
// more of them; per is the span of one cell. A cell without failures is
// "·"; 1 is ▁, 2–3 ▂, 4–7 ▃ … 128 or more █.
func Spark(counts []int, cells int) (spark string, per time.Duration) {
	if len(counts) == 0 || cells <= 0 {
		return "", health.Bucket
	}
	k := (len(counts) + cells - 1) / cells // buckets per cell
	var b strings.Builder
	b.Grow(3 * (len(counts)/k + 1))
	for i := 0; i < len(counts); i += k {
		n := 0
		for _, c := range counts[i:min(i+k, len(counts))] {
			n += c
		}
		b.WriteRune(bar(n))
	}
	return b.String(), time.Duration(k) * health.Bucket
}

func bar(n int) rune {
	if n <= 0 {
		return '·'
	}
	level := 0
	for n > 1 && level < len(levels)-1 {
		n >>= 1
		level++
	}
	return levels[level]
}

// Tally counts rows by verdict; those still being read count apart.
type Tally struct{ Down, Attention, OK, Reading int }

// TallyOf counts rows.
func TallyOf(rows []health.Row) Tally {
	var t Tally
	for _, r := range rows {
		switch {
		case Reading(r):
			t.Reading++
		case r.Verdict == health.Down:
			t.Down++
		case r.Verdict == health.Attention:
			t.Attention++
		default:
			t.OK++
		}
	}
	return t
}

// Counts sums the verdicts: "6 sessions: 3 down, 2 need attention, 1 ok".
func Counts(rows []health.Row) string {
	t := TallyOf(rows)
	var parts []string
	for _, p := range []struct {
		n    int
		what string
	}{{t.Down, "down"}, {t.Attention, "need attention"}, {t.OK, "ok"}, {t.Reading, "still being read"}} {
		if p.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", p.n, p.what))
		}
	}
	s := common.Plural(len(rows), "session", "sessions")
	if len(parts) > 0 {
		s += ": " + strings.Join(parts, ", ")
	}
	return s
}
