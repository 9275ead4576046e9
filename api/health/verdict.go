package health

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
)

// Rows are every listed session's health at now, worst first.
func (b *Board) Rows(now time.Time) []Row {
	start := now.Add(-b.th.Window)
	rows := make([]Row, 0, len(b.order))
	for _, id := range b.order {
		rows = append(rows, b.row(b.tracks[id], start, now))
	}
	Sort(rows)
	return rows
}

// Ready reports whether every listed session has a verdict that stands on
// its whole window.
func (b *Board) Ready() bool {
	if !b.listed {
		return false
	}
	for _, t := range b.tracks {
		if !b.ready(t) {
			return false
		}
	}
	return true
}

// Pending counts the logs of listed sessions still being read.
func (b *Board) Pending() (pending, all int) {
	for _, t := range b.tracks {
		if t.noID {
			continue
		}
		for k := range t.reads {
			all++
			if !b.readDone(t, Kind(k)) {
				pending++
			}
		}
	}
	return pending, all
}

func (b *Board) ready(t *track) bool {
	return t.noID || b.readDone(t, SessionLogs) && b.readDone(t, MessageLogs)
}

func (b *Board) readDone(t *track, k Kind) bool {
	_, bad := b.unreadable(t, k)
	return t.reads[k].covered || bad
}

func (b *Board) row(t *track, start, now time.Time) Row {
	t.prune(start)
	st := t.status()
	r := Row{
		ID:           string(t.id),
		Name:         t.name,
		Status:       st.Norm(),
		Changes:      t.changes(start),
		Sent:         t.sent,
		Failed:       t.failed,
		Failures:     t.buckets(start, b.th.Window),
		LastError:    t.lastErr,
		LastErrorAt:  t.errAt,
		LastActivity: t.lastActivity(),
		Ready:        b.ready(t),
	}
	if t.noID {
		r.ID = ""
	}
	r.Since, r.SinceAtLeast = t.since(st)
	if total := r.Sent + r.Failed; total > 0 {
		r.FailureRate = float64(r.Failed) / float64(total)
	}
	if n := len(t.fails); n > 0 {
		r.LastFailedReason = t.fails[n-1].reason
		r.LastFailedCount = t.reasons[r.LastFailedReason]
	}
	for _, g := range t.gaps {
		r.Missing += g.missing
	}
	b.judge(&r, t)
	return r
}

// judge gives the verdict and its reasons.
func (b *Board) judge(r *Row, t *track) {
	switch {
	case api.Status(r.Status).Is(api.StatusConnected):
	case r.Status == "":
		r.Reasons = append(r.Reasons, Reason{NotConnected, "the API gave no state"})
	default:
		r.Reasons = append(r.Reasons, Reason{NotConnected, r.Status})
	}
	if r.Changes >= b.th.Flapping {
		r.Reasons = append(r.Reasons, Reason{Flapping, fmt.Sprintf("%d state changes in %s", r.Changes, FormatWindow(b.th.Window))})
	}
	if total := r.Sent + r.Failed; total >= b.th.MinMessages && r.FailureRate >= b.th.FailureRate {
		what := fmt.Sprintf("%s of %d messages failed", percent(r.FailureRate), total)
		if r.LastFailedReason != "" {
			what += fmt.Sprintf(", latest %q (%d)", r.LastFailedReason, r.LastFailedCount)
		}
		if most, n := t.commonest(); n > r.LastFailedCount {
			what += fmt.Sprintf(", most %q (%d)", most, n)
		}
		r.Reasons = append(r.Reasons, Reason{Failing, what})
	}
	if t.noID {
		r.Reasons = append(r.Reasons, Reason{Unreadable, "the API listed it without an id"})
	}
	for k := range t.reads {
		if why, bad := b.unreadable(t, Kind(k)); bad {
			r.Reasons = append(r.Reasons, why)
		}
	}
	switch {
	case len(r.Reasons) > 0 && r.Reasons[0].Kind == NotConnected:
		r.Verdict = Down
	case len(r.Reasons) > 0:
		r.Verdict = Attention
	}
}

// percent prints a rate as a whole percentage, or with one decimal below 10%.
func percent(f float64) string {
	if f < 0.1 && f > 0 {
		return strings.TrimSuffix(fmt.Sprintf("%.1f", f*100), ".0") + "%"
	}
	return fmt.Sprintf("%.0f%%", f*100)
}

// Sort orders rows worst first: down, then attention, then ok; within a
// verdict more reasons first, then more failures, more changes, the most
// recent change of state, and then by name and id.
func Sort(rows []Row) {
	type keyed struct {
		name string // lower case, computed once
		i    int
	}
	ks := make([]keyed, len(rows))
	for i := range rows {
		ks[i] = keyed{strings.ToLower(rows[i].Name), i}
	}
	slices.SortFunc(ks, func(x, y keyed) int {
		a, b := &rows[x.i], &rows[y.i]
		return cmp.Or(
			cmp.Compare(b.Verdict, a.Verdict),
			cmp.Compare(len(b.Reasons), len(a.Reasons)),
			cmp.Compare(b.Failed, a.Failed),
			cmp.Compare(b.Changes, a.Changes),
			b.Since.Compare(a.Since),
			cmp.Compare(x.name, y.name),
			cmp.Compare(a.ID, b.ID),
		)
	})
	sorted := make([]Row, len(rows))
	for i, k := range ks {
		sorted[i] = rows[k.i]
	}
	copy(rows, sorted)
}
