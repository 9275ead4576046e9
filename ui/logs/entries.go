package logs

import (
	"strings"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/tail"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/search"
)

func fromSessionLog(session api.ID, l api.SessionLog) entry {
	sl := l
	sl.Raw = nil
	e := entry{
		slog:    &sl,
		kind:    kindSession,
		id:      l.ID,
		session: session,
		at:      l.OccurredAt.Time,
		status:  l.Status.Norm(),
		event:   common.Clean(string(l.EventType)),
	}
	e.hay = search.Fold(e.status + " " + e.event + " " + string(e.id))
	return e
}

func fromMessageLog(session api.ID, l api.MessageLog) entry {
	m := l
	m.Raw = nil // the pane never prints the raw JSON; keep the buffer small
	e := entry{
		kind:    kindMessage,
		id:      l.ID,
		session: session,
		at:      l.CreatedAt.Time,
		status:  l.Status.Norm(),
		to:      common.MessageTo(l),
		text:    common.MessageText(l),
		failed:  common.Clean(string(l.FailedReason)),
		msg:     &m,
	}
	e.hay = search.Fold(e.status + " " + e.to + " " + e.text + " " + e.failed + " " + string(e.id))
	return e
}

// fromGap is a line saying where entries may be missing: from the newest
// entry shown before the hole to the oldest after it, and how many when
// the server's total tells.
func fromGap(session api.ID, g tail.Gap) entry {
	layout := time.TimeOnly
	if g.From.UTC().YearDay() != g.To.UTC().YearDay() || g.From.Year() != g.To.Year() {
		layout = time.DateTime
	}
	var text string
	switch {
	case g.From.IsZero() && g.To.IsZero():
		text = "entries may be missing: this console could not keep up with the stream"
	case g.From.IsZero():
		text = "entries before " + g.To.UTC().Format(layout) + " UTC may be missing"
	default:
		text = "entries may be missing between " + g.From.UTC().Format(layout) + " and " + g.To.UTC().Format(layout) + " UTC"
	}
	if g.Missing > 0 {
		text += ": " + common.Plural(g.Missing, "entry", "entries")
	}
	at := g.To
	if at.IsZero() {
		at = g.From
	}
	return entry{kind: kindGap, session: session, at: at, text: text, hay: search.Fold(text)}
}

// filters decide which entries are shown.
type filters struct {
	hide   bool          // hide entries not matching the term (else only highlight)
	status string        // "" = all
	event  string        // session logs: "" = all
	window time.Duration // 0 = everything loaded
}

// match says whether e is shown; term is the search term, folded ("" = none).
func (f filters) match(e *entry, term string, now time.Time) bool {
	if f.window > 0 && e.at.Before(now.Add(-f.window)) {
		return false
	}
	if e.kind == kindGap {
		return true
	}
	if f.status != "" && e.status != f.status {
		return false
	}
	if f.event != "" && e.event != f.event {
		return false
	}
	return term == "" || !f.hide || strings.Contains(e.hay, term)
}

// matchesTerm reports whether e contains the search term (for n/N).
func matchesTerm(e *entry, term string) bool {
	return term != "" && strings.Contains(e.hay, term)
}
