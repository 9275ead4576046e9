package logs

import (
	"strings"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/common"
)

// freshness is how fresh the streams shown are, taken when the pane last
// drained them (so View reads it without asking anyone).
type freshness struct {
	streams    int
	polled     time.Time     // the oldest last poll of a stream (zero: one has not been read yet)
	newest     time.Time     // the newest last poll
	every      time.Duration // the longest interval a stream is polled at now
	catchingUp int           // streams reading a backlog
	overdue    bool          // a stream's last good poll is old and its next is only now due: how the API is doing is not known yet
	late       time.Duration // the longest a due poll has waited for the request budget
	err        error         // the error of a stream's last poll
	errSession api.ID
	retryAt    time.Time // when that stream tries again
}

func (m *Model) freshness() freshness {
	f := freshness{streams: len(m.feeds)}
	now := m.ctx.Now()
	for i, fd := range m.feeds {
		st := fd.status()
		if i == 0 || st.Polled.Before(f.polled) {
			f.polled = st.Polled
		}
		if st.Polled.After(f.newest) {
			f.newest = st.Polled
		}
		f.every = max(f.every, st.Every)
		f.late = max(f.late, st.Late)
		if st.CatchingUp {
			f.catchingUp++
		}
		f.overdue = f.overdue || st.Overdue
		if st.Err != nil && f.err == nil {
			f.err, f.errSession, f.retryAt = st.Err, fd.session(), now.Add(st.Retry)
		}
	}
	return f
}

// parts are the status line's account of it: "polled just now",
// "every 2s", with how far apart the streams are when several are shown,
// a catch-up, and a wait for the budget, each a part that may give way on
// a narrow screen (keep says how much the first matters). A last poll
// that is old while the next is only now due (the pane was behind, polled
// rarely) is "polling now" in warn: nobody knows yet whether the API
// answers. Ages step by ten
// seconds, so an idle line stays as it is.
func (f freshness) parts(now time.Time, keep int, style, warn func(string) string) []common.Part {
	if f.streams == 0 {
		return nil
	}
	if f.polled.IsZero() {
		return []common.Part{{Text: style("first poll under way"), Keep: keep}}
	}
	s := "polled " + common.Since(now, f.newest)
	if a, b := common.Since(now, f.newest), common.Since(now, f.polled); f.streams > 1 && a != b {
		s = "polled " + strings.TrimSuffix(a, " ago") + " – " + b
	}
	polled := style(s)
	if f.overdue { // not yet known to be well (the state says when it last was)
		polled = warn("polling now")
	}
	out := []common.Part{{Text: polled, Keep: keep}, {Text: style("every " + roundDur(f.every)), Keep: keep - 2}}
	if f.catchingUp > 0 {
		c := "catching up"
		if f.streams > 1 {
			c += " " + common.Plural(f.catchingUp, "stream", "streams")
		}
		out = append(out, common.Part{Text: style(c), Keep: keep})
	}
	if f.late >= time.Second {
		out = append(out, common.Part{Text: style("the request budget holds polls back " + roundDur(f.late)), Keep: keep - 1})
	}
	return out
}

// roundDur is a duration as an operator reads it: 2s, 24s, 1m.
func roundDur(d time.Duration) string {
	switch {
	case d <= 0:
		return "-"
	case d < time.Minute:
		return d.Round(time.Second).String()
	}
	return shortDur(d.Round(time.Second))
}
