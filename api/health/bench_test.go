package health

import (
	"fmt"
	"testing"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/tail"
)

// busyBoard is n sessions with an hour of traffic each: a message every
// 5 s (720), one in ten failed with one of three reasons, and a state
// change every 10 minutes; a few are down.
func busyBoard(n int) (*Board, time.Time) {
	b := NewBoard(Thresholds{})
	now := t0.Add(time.Hour)
	var list []api.Session
	for i := range n {
		st := "connected"
		if i%10 == 9 {
			st = "disconnected"
		}
		list = append(list, session(fmt.Sprint(i), fmt.Sprintf("Session %03d", i), st))
	}
	b.SetSessions(list, now)
	reasons := []string{"message timed out", "recipient not on WhatsApp", "invalid WhatsApp number"}
	for i, s := range list {
		var ms []api.MessageLog
		for k := range 720 {
			st, why := "sent", ""
			if (k+i)%10 == 0 {
				st, why = "failed", reasons[k%3]
			}
			ms = append(ms, mlog(fmt.Sprintf("%d-%d", i, k), now.Add(-time.Hour+time.Duration(k)*5*time.Second), st, why))
		}
		var ls []api.SessionLog
		for k := range 6 {
			ls = append(ls, slog(fmt.Sprintf("%d-s%d", i, k), now.Add(-time.Hour+time.Duration(k)*10*time.Minute), []string{"connecting", "connected"}[k%2]))
		}
		b.MessageLogs(s.ID, tail.Batch[api.MessageLog]{New: ms}, now)
		b.SessionLogs(s.ID, tail.Batch[api.SessionLog]{New: ls}, now)
		b.Read(s.ID, SessionLogs, true, tail.Status{}, now)
		b.Read(s.ID, MessageLogs, true, tail.Status{}, now)
	}
	return b, now
}

// The rows of 500 busy sessions, recomputed as a live view would once a
// second: the window slides (old messages leave it) and every row, with
// its reasons and its failures per 5 minutes, is built and sorted.
func BenchmarkRows500(b *testing.B) {
	board, now := busyBoard(500)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		rows := board.Rows(now.Add(time.Duration(i%600) * time.Millisecond))
		if len(rows) != 500 {
			b.Fatal(len(rows))
		}
	}
}

// What feeding costs: one poll's batch (a few new messages and a settled
// one) for each of 500 sessions.
func BenchmarkFeed500(b *testing.B) {
	board, now := busyBoard(500)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		at := now.Add(time.Duration(i) * time.Second)
		for s := range 500 {
			id := api.ID(fmt.Sprint(s))
			board.MessageLogs(id, tail.Batch[api.MessageLog]{
				New:     []api.MessageLog{mlog(fmt.Sprintf("n%d-%d", s, i), at, "in_progress", "")},
				Updated: []api.MessageLog{mlog(fmt.Sprintf("n%d-%d", s, i-1), at.Add(-time.Second), "sent", "")},
			}, at)
		}
	}
}
