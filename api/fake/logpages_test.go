package fake

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// ids of a page, in the order served.
func pageIDs(h *harness, target string) []string {
	var out []string
	for _, it := range readLogPage(h, target).items {
		out = append(out, fmt.Sprint(it["id"]))
	}
	return out
}

func TestShuffledTiesChangeOrderPerRequestButNotMembership(t *testing.T) {
	h := newHarness(t, Options{Logs: LogOptions{ShuffleTies: true}})
	h.srv.AddMessageLogs(salesEU, 60) // one second: one block of 60
	const target = "/api/whatsapp-sessions/12/message-logs?per_page=100"
	first := pageIDs(h, target)
	orders := map[string]bool{}
	for range 5 {
		got := pageIDs(h, target)
		if a, b := slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(first)); !slices.Equal(a, b) {
			t.Fatalf("a page of 100 holding the whole block changed membership")
		}
		orders[fmt.Sprint(got[:60])] = true
	}
	if len(orders) < 2 {
		t.Error("entries of one second came back in the same order every time")
	}
	// Split across pages of 40, the block's entries move between pages.
	moved := false
	p1 := pageIDs(h, "/api/whatsapp-sessions/12/message-logs?per_page=40&page=1")
	for range 5 {
		again := pageIDs(h, "/api/whatsapp-sessions/12/message-logs?per_page=40&page=1")
		if !slices.Equal(slices.Sorted(slices.Values(p1)), slices.Sorted(slices.Values(again))) {
			moved = true
		}
	}
	if !moved {
		t.Error("page 1 of a block straddling pages always held the same entries")
	}
}

func TestStableTiesByDefault(t *testing.T) {
	h := newHarness(t, Options{})
	h.srv.AddMessageLogs(salesEU, 30)
	const target = "/api/whatsapp-sessions/12/message-logs?per_page=20&page=1"
	if a, b := pageIDs(h, target), pageIDs(h, target); !slices.Equal(a, b) {
		t.Errorf("stable ties changed order: %v then %v", a, b)
	}
}

func TestOldestFirstListsTheOldestOnPageOne(t *testing.T) {
	h := newHarness(t, Options{Logs: LogOptions{OldestFirst: true}})
	p := readLogPage(h, "/api/whatsapp-sessions/12/session-logs?per_page=5")
	last := readLogPage(h, fmt.Sprintf("/api/whatsapp-sessions/12/session-logs?per_page=5&page=%d", p.lastPage))
	first, newest := p.items[0]["occurred_at"].(string), last.items[len(last.items)-1]["occurred_at"].(string)
	if first > newest {
		t.Errorf("page 1 starts at %s, the last page ends at %s: not oldest first", first, newest)
	}
}

func TestChurnWritesBetweenPageRequests(t *testing.T) {
	h := newHarness(t, Options{Logs: LogOptions{Churn: 5}})
	before := readLogPage(h, "/api/whatsapp-sessions/12/message-logs").total
	for range 10 {
		readLogPage(h, "/api/whatsapp-sessions/12/message-logs")
	}
	if after := readLogPage(h, "/api/whatsapp-sessions/12/message-logs").total; after <= before {
		t.Errorf("total %d then %d: churn wrote nothing", before, after)
	}
}

func TestKeepExactPrunesOneForOne(t *testing.T) {
	h := newHarness(t, Options{Logs: LogOptions{Keep: 50, KeepExact: true}})
	h.srv.AddSessionLogs(salesEU, 80)
	if p := readLogPage(h, "/api/whatsapp-sessions/12/session-logs"); p.total != 50 {
		t.Errorf("total %d, want exactly the 50 kept", p.total)
	}
	h2 := newHarness(t, Options{Logs: LogOptions{Keep: 50}})
	h2.srv.AddSessionLogs(salesEU, 80)
	if p := readLogPage(h2, "/api/whatsapp-sessions/12/session-logs"); p.total > 50 || p.total < 45 {
		t.Errorf("total %d, want the newest nine tenths of 50 after a prune", p.total)
	}
}

func TestLogErrorRate(t *testing.T) {
	h := newHarness(t, Options{Logs: LogOptions{ErrorRate: 1}})
	if r := h.do("GET", "/api/whatsapp-sessions/12/session-logs", h.pat(), nil); r.status != 500 {
		t.Errorf("status %d with ErrorRate 1, want 500", r.status)
	}
}

func TestActivityRateAndBursts(t *testing.T) {
	h := newHarness(t, Options{LogActivity: true, Logs: LogOptions{Rate: 40, Burst: 500, BurstEvery: 30 * time.Second}})
	before := readLogPage(h, "/api/whatsapp-sessions/11/message-logs").total
	h.clock.Advance(60 * time.Second)
	got := readLogPage(h, "/api/whatsapp-sessions/11/message-logs").total - before
	// 40/s for 60 s plus two bursts of 500; the session may flap meanwhile.
	if got < 1500 || got > 3700 {
		t.Errorf("%d messages in a minute at 40/s with two bursts of 500", got)
	}
}
