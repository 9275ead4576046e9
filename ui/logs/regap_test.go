package logs

import (
	"testing"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/tail"
)

// stubFeed hands the pane one result, as a stream would after a gap.
type stubFeed struct {
	id  api.ID
	res streamResult
}

func (f *stubFeed) session() api.ID    { return f.id }
func (f *stubFeed) take() streamResult { r := f.res; f.res = streamResult{}; return r }
func (f *stubFeed) status() tail.Status {
	return tail.Status{Every: 2 * time.Second}
}
func (f *stubFeed) setVisible(bool) {}
func (f *stubFeed) close()          {}

// After a gap the tail no longer knows what it delivered before it, so a
// message shown in progress may come again as new, sent: its line changes
// in place instead of a second one appearing. An id used again for
// another message (created at another time: a server that reused ids)
// is a line of its own.
func TestAMessageSeenAgainAfterAGapChangesInPlace(t *testing.T) {
	h := newHarness(t, "12")
	es := h.entries()
	shown := *es[len(es)-1]
	shown.status = "in_progress"
	h.m.update(shown)
	again := shown
	again.status = "sent"
	other := shown
	other.at = shown.at.Add(time.Minute)
	other.status = "failed"
	h.m.feeds = []feed{&stubFeed{id: "12", res: streamResult{
		gaps: []entry{fromGap("12", tail.Gap{From: shown.at.Add(-time.Minute), To: shown.at, Missing: 20})},
		news: []entry{again, other},
	}}}
	before := len(h.m.list.Lines)
	h.p.Send(drainMsg{gen: h.m.gen, selGen: h.m.selGen})
	var lines []*entry
	for _, e := range h.entries() {
		if e.kind != kindGap && e.id == shown.id {
			lines = append(lines, e)
		}
	}
	if got := len(h.m.list.Lines) - before; got != 2 {
		t.Errorf("%d lines added, want 2 (the gap and the other message)", got)
	}
	if len(lines) != 2 || lines[0].status != "sent" || !lines[0].at.Equal(shown.at) || lines[1].status != "failed" {
		for _, l := range lines {
			t.Logf("line of %s: %s at %v", l.id, l.status, l.at)
		}
		t.Fatalf("%d lines of id %s, want the message sent in place and the other one", len(lines), shown.id)
	}
}
