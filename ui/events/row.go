package events

import (
	"strings"
	"time"

	"github.com/wasender-tui/wasender-tui/api/webhook"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/search"
)

// row is one line of the pane, with everything drawing and filtering need
// made once when the event arrives: a frame and a filter keystroke decode
// nothing.
type row struct {
	ev      *webhook.Event // nil for a line saying events were missed
	at      time.Time      // the event's timestamp, else when it arrived
	session string         // the session's id
	name    string         // the session's name, cleaned
	event   string         // the name as sent, cleaned
	kind    string         // its documented spelling, for the event filter
	summary string         // cleaned
	hay     string         // folded text the filter searches
	missed  uint64         // a missed line: how many
}

func fromEvent(e *webhook.Event) row {
	r := row{ev: e, at: e.Timestamp, session: e.Session.ID, name: common.Clean(e.Session.Name),
		event: common.Clean(e.Event), kind: common.Clean(e.Kind), summary: common.Clean(e.WideSummary())}
	if r.at.IsZero() {
		r.at = e.ReceivedAt
	}
	if r.name == "" {
		r.name = "session " + common.Clean(e.Session.ID)
	}
	r.hay = search.Fold(strings.Join([]string{r.name, r.session, r.event, r.summary}, " "))
	return r
}

// fromMissed is the line saying the pane fell behind and n events were
// not shown.
func fromMissed(n uint64, at time.Time) row {
	return row{at: at, missed: n, summary: "⚠ " + common.Itoa(int(n)) + " events were not shown: the console fell behind"}
}

// size is what the row holds of the event.
func (r *row) size() int {
	if r.ev == nil {
		return 256
	}
	return len(r.ev.Body) + 256
}

// filters choose the rows shown.
type filters struct {
	kind    string // "" = every event
	session string // "" = every session
}

// match says whether r is shown; term is the filter's, folded ("" = none).
func (f filters) match(r *row, term string) bool {
	if r.ev == nil {
		return true // a missed line stays in view whatever the filters
	}
	return (f.kind == "" || r.kind == f.kind) && (f.session == "" || r.session == f.session) &&
		(term == "" || strings.Contains(r.hay, term))
}

func (f filters) any(term string) bool { return f.kind != "" || f.session != "" || term != "" }
