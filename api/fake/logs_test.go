package fake

import (
	"fmt"
	"regexp"
	"strconv"
	"testing"
	"time"
)

var (
	occurredAtForm = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$`)
	logTimeForm    = regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$`)
)

type logPage struct {
	items                                  []map[string]any
	total, from, to, lastPage, perPage, cp int
	next, prev                             any
}

func readLogPage(h *harness, target string) logPage {
	h.t.Helper()
	data := h.get(target, h.pat(), 200)["data"].(map[string]any)
	num := func(k string) int {
		if data[k] == nil {
			return -1
		}
		return int(data[k].(float64))
	}
	p := logPage{total: num("total"), from: num("from"), to: num("to"), lastPage: num("last_page"),
		perPage: num("per_page"), cp: num("current_page"), next: data["next_page_url"], prev: data["prev_page_url"]}
	for _, it := range data["data"].([]any) {
		p.items = append(p.items, it.(map[string]any))
	}
	return p
}

func idOf(item map[string]any) int {
	switch v := item["id"].(type) {
	case float64:
		return int(v)
	case string:
		n, _ := strconv.Atoi(v)
		return n
	}
	return 0
}

func TestLogsAreNewestFirstWithLaravelPagination(t *testing.T) {
	h := newHarness(t, Options{})
	for _, kind := range []string{"session-logs", "message-logs"} {
		t.Run(kind, func(t *testing.T) {
			base := "/api/whatsapp-sessions/11/" + kind
			first := readLogPage(h, base+"?per_page=7")
			if first.total < 24 {
				t.Fatalf("only %d %s in the seeded history", first.total, kind)
			}
			if want := (first.total + 6) / 7; first.lastPage != want {
				t.Errorf("last_page %d, want %d", first.lastPage, want)
			}
			seen := map[int]bool{}
			prevID := int(^uint(0) >> 1)
			count := 0
			for page := 1; page <= first.lastPage; page++ {
				p := readLogPage(h, fmt.Sprintf("%s?per_page=7&page=%d", base, page))
				if p.cp != page || p.perPage != 7 || p.total != first.total {
					t.Fatalf("page %d: current_page %d per_page %d total %d", page, p.cp, p.perPage, p.total)
				}
				if p.from != (page-1)*7+1 || p.to != p.from+len(p.items)-1 {
					t.Errorf("page %d: from %d to %d with %d items", page, p.from, p.to, len(p.items))
				}
				if (page == 1) != (p.prev == nil) || (page == first.lastPage) != (p.next == nil) {
					t.Errorf("page %d: prev %v next %v", page, p.prev, p.next)
				}
				if page < first.lastPage && p.next != fmt.Sprintf("%s?page=%d", base, page+1) {
					t.Errorf("page %d: next_page_url %v", page, p.next)
				}
				for _, it := range p.items {
					id := idOf(it)
					if seen[id] || id >= prevID {
						t.Fatalf("page %d: id %d after %d (duplicate or not newest first)", page, id, prevID)
					}
					seen[id], prevID = true, id
					count++
					if kind == "session-logs" && !occurredAtForm.MatchString(it["occurred_at"].(string)) {
						t.Errorf("occurred_at %v", it["occurred_at"])
					}
					if kind == "message-logs" && (!logTimeForm.MatchString(it["created_at"].(string)) || !logTimeForm.MatchString(it["updated_at"].(string))) {
						t.Errorf("message-log times %v / %v", it["created_at"], it["updated_at"])
					}
				}
			}
			if count != first.total {
				t.Errorf("walked %d entries, total says %d", count, first.total)
			}
			past := readLogPage(h, fmt.Sprintf("%s?per_page=7&page=%d", base, first.lastPage+1))
			if len(past.items) != 0 || past.from != -1 || past.to != -1 || past.prev == nil || past.next != nil {
				t.Errorf("page past the end: %+v", past)
			}
		})
	}
}

func TestLogPageParameters(t *testing.T) {
	h := newHarness(t, Options{MaxPerPage: 50})
	for query, want := range map[string][2]int{
		"":                           {1, 10},
		"?per_page=1000":             {1, 50},
		"?per_page=abc&page=-3":      {1, 10},
		"?per_page=0&page=2":         {2, 10},
		"?page=99999999999999999":    {1000000000, 10},
		"?page=99999999999999999999": {1, 10},
	} {
		p := readLogPage(h, "/api/whatsapp-sessions/11/session-logs"+query)
		if p.cp != want[0] || p.perPage != want[1] {
			t.Errorf("%q: page %d per_page %d, want %v", query, p.cp, p.perPage, want)
		}
	}
	if p := readLogPage(h, "/api/whatsapp-sessions/11/session-logs?page=1000000000"); len(p.items) != 0 || p.cp != 1000000000 {
		t.Errorf("huge page: %+v", p)
	}
}

func TestMessageLogsGrowAndSettle(t *testing.T) {
	h := newHarness(t, Options{})
	before := readLogPage(h, "/api/whatsapp-sessions/12/message-logs?per_page=100")
	for _, it := range before.items[:3] {
		if it["status"] != "in_progress" {
			t.Errorf("seeded history should end with messages in flight: %v", it)
		}
	}
	h.clock.Advance(10 * time.Second)
	h.srv.AddMessageLogs(salesEU, 5)
	grown := readLogPage(h, "/api/whatsapp-sessions/12/message-logs?per_page=100")
	if grown.total != before.total+5 {
		t.Fatalf("total %d, want %d", grown.total, before.total+5)
	}
	for i, it := range grown.items[:5] {
		if it["status"] != "in_progress" || it["created_at"] != "2025-09-23 12:00:10" || it["failed_reason"] != nil {
			t.Errorf("new entry %d: %v", i, it)
		}
	}
	for _, it := range grown.items[5:8] {
		if it["status"] == "in_progress" {
			t.Errorf("seeded in-flight message did not settle: %v", it)
		}
	}
	h.clock.Advance(10 * time.Second)
	settled := readLogPage(h, "/api/whatsapp-sessions/12/message-logs?per_page=100")
	for i, it := range settled.items[:5] {
		if idOf(it) != idOf(grown.items[i]) {
			t.Fatalf("entry %d moved: id %v, was %v", i, it["id"], grown.items[i]["id"])
		}
		switch it["status"] {
		case "sent":
			if it["failed_reason"] != nil {
				t.Errorf("sent with a reason: %v", it)
			}
		case "failed":
			if it["failed_reason"] == nil {
				t.Errorf("failed without a reason: %v", it)
			}
		default:
			t.Errorf("entry %d still %v after 10 s", i, it["status"])
		}
		if it["updated_at"] == it["created_at"] {
			t.Errorf("updated_at did not move when it settled: %v", it)
		}
	}
}

func TestSessionLogsGrow(t *testing.T) {
	h := newHarness(t, Options{})
	before := readLogPage(h, "/api/whatsapp-sessions/11/session-logs")
	h.clock.Advance(90 * time.Second)
	h.srv.AddSessionLogs(supportDesk, 4)
	after := readLogPage(h, "/api/whatsapp-sessions/11/session-logs")
	if after.total != before.total+4 {
		t.Fatalf("total %d, want %d", after.total, before.total+4)
	}
	for _, it := range after.items[:4] {
		if it["occurred_at"] != "2025-09-23T12:01:30.000000Z" || it["status"] != "connected" || it["whatsapp_session_id"] != float64(11) {
			t.Errorf("new entry %v", it)
		}
	}
	if statusOf(h, supportDesk) != "connected" {
		t.Error("AddSessionLogs changed the status")
	}
}

func TestMessageLogStatusFilterAndPrivacy(t *testing.T) {
	h := newHarness(t, Options{})
	all := readLogPage(h, "/api/whatsapp-sessions/11/message-logs?per_page=100")
	failed := readLogPage(h, "/api/whatsapp-sessions/11/message-logs?per_page=100&status=failed")
	if failed.total == 0 || failed.total >= all.total {
		t.Fatalf("failed %d of %d", failed.total, all.total)
	}
	for _, it := range failed.items {
		if it["status"] != "failed" || it["failed_reason"] == nil {
			t.Errorf("filtered entry %v", it)
		}
	}
	hidden := readLogPage(h, "/api/whatsapp-sessions/13/message-logs")
	for _, it := range hidden.items {
		if it["to"] != nil || it["content"] != nil {
			t.Errorf("log_messages=false but to/content shown: %v", it)
		}
	}
	for _, it := range all.items {
		if _, isString := it["content"].(string); !isString {
			t.Errorf("content is not a JSON-encoded string: %v", it["content"])
		}
	}
}

// With LogActivity the world moves on its own, and how often it is looked
// at does not change what happens (for gaps shorter than catchUpWindow).
func TestActivityIsDeterministicWhateverThePolling(t *testing.T) {
	snapshot := func(steps int) []string {
		h := newHarness(t, Options{LogActivity: true})
		for range steps {
			h.clock.Advance(14 * time.Minute / time.Duration(steps))
			h.do("GET", "/api/status", h.key(supportDesk), nil)
		}
		var out []string
		for _, id := range []int{supportDesk, salesEU, orderUpdates} {
			for _, kind := range []string{"session-logs", "message-logs"} {
				r := h.do("GET", fmt.Sprintf("/api/whatsapp-sessions/%d/%s?per_page=100", id, kind), h.pat(), nil)
				out = append(out, string(r.body))
			}
		}
		return out
	}
	once, often := snapshot(1), snapshot(97)
	quiet := newHarness(t, Options{})
	quiet.clock.Advance(14 * time.Minute)
	base := readLogPage(quiet, "/api/whatsapp-sessions/11/message-logs")
	for i := range once {
		if once[i] != often[i] {
			t.Fatalf("snapshot %d differs between 1 step and 97 steps", i)
		}
	}
	h := newHarness(t, Options{LogActivity: true})
	h.clock.Advance(14 * time.Minute)
	msgs := readLogPage(h, "/api/whatsapp-sessions/11/message-logs")
	sess := readLogPage(h, "/api/whatsapp-sessions/11/session-logs")
	t.Logf("14 min of activity: +%d message logs, +%d session logs", msgs.total-base.total, sess.total-readLogPage(quiet, "/api/whatsapp-sessions/11/session-logs").total)
	if msgs.total < base.total+100 {
		t.Errorf("14 minutes of activity added only %d message logs", msgs.total-base.total)
	}
	if sess.items[0]["occurred_at"].(string) < "2025-09-23T12:00:00" {
		t.Errorf("no session log during 14 minutes of activity: newest %v", sess.items[0])
	}
}

func TestLogsArePrunedLikeAServerWould(t *testing.T) {
	h := newHarness(t, Options{})
	h.srv.mu.Lock()
	oldestMsgID := h.srv.sessions[salesEU].messageLogs[0].msgID
	h.srv.mu.Unlock()
	h.get("/api/messages/"+itoa(oldestMsgID)+"/info", h.key(salesEU), 200)
	h.srv.AddMessageLogs(salesEU, defaultKeepLogs)
	p := readLogPage(h, "/api/whatsapp-sessions/12/message-logs?per_page=1")
	if p.total > defaultKeepLogs || p.total < defaultKeepLogs*8/10 {
		t.Errorf("total %d after overflowing the cap", p.total)
	}
	if r := h.do("GET", "/api/messages/"+itoa(oldestMsgID)+"/info", h.key(salesEU), nil); r.status != 404 {
		t.Errorf("a pruned message still has info: %d", r.status)
	}
}

func TestLongPauseCatchesUpQuickly(t *testing.T) {
	h := newHarness(t, Options{LogActivity: true})
	h.clock.Advance(24 * time.Hour)
	start := time.Now()
	h.get("/api/status", h.key(supportDesk), 200)
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("catching up a day took %v", took)
	}
	newest := readLogPage(h, "/api/whatsapp-sessions/11/message-logs?per_page=1").items[0]["created_at"].(string)
	if newest < "2025-09-24 11:59:00" {
		t.Errorf("after a day away the newest message is from %s; the tail should look live", newest)
	}
	h.clock.Advance(10 * time.Second)
	before := readLogPage(h, "/api/whatsapp-sessions/11/message-logs").total
	h.clock.Advance(time.Minute)
	if after := readLogPage(h, "/api/whatsapp-sessions/11/message-logs").total; after <= before {
		t.Error("activity stopped after the catch-up")
	}
}
