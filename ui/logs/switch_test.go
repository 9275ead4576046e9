package logs

import (
	"testing"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/common"
)

// onlyOf fails unless every line shown is of session.
func onlyOf(t *testing.T, h *harness, session api.ID, when string) {
	t.Helper()
	if len(h.entries()) == 0 {
		t.Fatalf("%s: no lines", when)
	}
	for _, e := range h.entries() {
		if e.session != session {
			t.Fatalf("%s: a line of session %s among those of %s: %q", when, e.session, session, e.text)
		}
	}
}

// Opening one session's logs from all sessions (the Health pane's enter,
// the picker) shows that session's lines only, then and after more polls.
func TestSwitchingFromAllSessionsShowsOnlyTheChosenOne(t *testing.T) {
	h := newHarness(t, allSessions)
	h.p.Send(common.ShowLogsMsg{Session: "12"})
	onlyOf(t, h, "12", "shown from another pane")
	h.env.Fake.AddMessageLogs(11, 3)
	h.env.Fake.AddMessageLogs(12, 2)
	h.poll(time.Second)
	onlyOf(t, h, "12", "after a poll")

	h = newHarness(t, allSessions)
	h.press("p")
	h.p.Type("sales")
	h.press("enter")
	h.poll(time.Second)
	onlyOf(t, h, "12", "picked")
}

// What the old choice's streams bring after a switch is dropped: its
// drain, delivered late, neither adds lines nor starts a second drain.
func TestAnOldStreamsDrainAfterASwitchIsIgnored(t *testing.T) {
	h := newHarness(t, allSessions)
	old := drainMsg{gen: h.m.gen, selGen: h.m.selGen}
	h.p.Send(common.ShowLogsMsg{Session: "12"})
	h.env.Fake.AddMessageLogs(11, 3)
	h.env.Poll()
	timers, shown := h.p.Timers(), len(h.entries())
	h.p.Send(old)
	if h.p.Timers() != timers || len(h.entries()) != shown {
		t.Fatalf("the old drain was taken: %d timers (was %d), %d lines (was %d)", h.p.Timers(), timers, len(h.entries()), shown)
	}
	onlyOf(t, h, "12", "after the old drain")
}
