package logs

import (
	"encoding/json"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/ui/uitest"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

func messageLog(i int, at time.Time) api.MessageLog {
	statuses := []string{"sent", "sent", "sent", "failed", "in_progress"}
	content, _ := json.Marshal(fmt.Sprintf(`{"text":"Hello customer %d, your order #%d has shipped and will arrive tomorrow."}`, i, 10000+i))
	l := api.MessageLog{
		ID: api.ID(fmt.Sprint(i)), SessionID: "11", To: api.Text(fmt.Sprintf("+4915%08d", i)),
		Content: api.Content{Raw: content}, Status: api.Status(statuses[i%len(statuses)]),
		CreatedAt: api.Time{Time: at}, UpdatedAt: api.Time{Time: at},
	}
	if l.Status == "failed" {
		l.FailedReason = "invalid WhatsApp number"
	}
	return l
}

// filled is a logs pane whose buffer holds n message-log lines.
func filled(tb testing.TB, n int) *Model {
	env := uitest.New(tb, fake.Options{})
	m := New(env.Ctx, &view.Stack{})
	m.scope.Session, m.kind, m.active = "11", kindMessage, true
	m.SetSize(200, 56)
	start := uitest.Epoch.Add(-time.Duration(n) * time.Second)
	for done := 0; done < n; done += 100 {
		var r streamResult
		for i := done; i < min(done+100, n); i++ {
			r.news = append(r.news, fromMessageLog("11", messageLog(i, start.Add(time.Duration(i)*time.Second))))
		}
		m.onResults([]streamResult{r})
	}
	return m
}

// BenchmarkView10k: View() of the logs pane at 200x60 holding 10,000
// lines, following (the frame after every poll).
func BenchmarkView10k(b *testing.B) {
	m := filled(b, 10_000)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		_ = m.View()
	}
}

// BenchmarkPoll10k: what the pane does with one poll bringing 5 new lines
// and 2 status updates while 10,000 are buffered: O(new), not O(buffer).
func BenchmarkPoll10k(b *testing.B) {
	m := filled(b, 10_000)
	next := 10_000
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		var r streamResult
		for range 5 {
			r.news = append(r.news, fromMessageLog("11", messageLog(next, uitest.Epoch)))
			next++
		}
		for k := 1; k <= 2; k++ {
			u := messageLog(next-k-3, uitest.Epoch)
			u.Status = "sent"
			r.updates = append(r.updates, fromMessageLog("11", u))
		}
		m.onResults([]streamResult{r})
	}
}

// BenchmarkFilterKeystroke10k: re-filtering 10,000 buffered lines as a
// filter character is typed.
func BenchmarkFilterKeystroke10k(b *testing.B) {
	m := filled(b, 10_000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		m.list.Term = []string{"order #1", "order #12", "customer 3"}[i%3]
		m.refilter()
	}
}

// TestMemoryOf10k reports the heap the buffer holds for 10,000 lines (run
// with -v); it asserts nothing about time.
func TestMemoryOf10k(t *testing.T) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	m := filled(t, 10_000)
	runtime.GC()
	runtime.ReadMemStats(&after)
	if m.ring.len() != 10_000 {
		t.Fatalf("ring holds %d", m.ring.len())
	}
	t.Logf("heap for 10,000 message-log lines: %.1f MiB (%.0f bytes a line)",
		float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), float64(after.HeapAlloc-before.HeapAlloc)/10_000)
	runtime.KeepAlive(m)
}
