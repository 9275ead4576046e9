package tail

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
)

// memLog is a lean newest-first log for benchmarks: no shuffles, pages
// served from a reused buffer, so what is measured is the Tail.
type memLog struct {
	items []entry // oldest first
	buf   []entry
}

func (m *memLog) Fetch(_ context.Context, page, perPage int) (api.LogPage[entry], error) {
	pp := min(max(perPage, 1), 100)
	n := len(m.items)
	off, end := min((page-1)*pp, n), min(page*pp, n)
	m.buf = m.buf[:0]
	for pos := off; pos < end; pos++ {
		m.buf = append(m.buf, m.items[n-1-pos])
	}
	return api.LogPage[entry]{CurrentPage: api.Int(page), PerPage: api.Int(pp), Total: api.Int(n), LastPage: api.Int(max(1, (n+pp-1)/pp)), Data: m.buf}, nil
}

func memEntries(from, n int, status string) []entry {
	out := make([]entry, n)
	for i := range out {
		at := epoch.Add(time.Duration(from+i) * time.Millisecond)
		out[i] = entry{ID: api.ID(strconv.Itoa(from + i)), At: at, Updated: at, Status: status}
	}
	return out
}

// BenchmarkSteadyPoll is one poll of a stream that has already delivered
// 10,000 entries, with 5 new ones: one request of 25 entries.
func BenchmarkSteadyPoll(b *testing.B) {
	for _, kind := range []struct {
		name     string
		versions bool
	}{{"session-logs", false}, {"message-logs", true}} {
		b.Run(kind.name, func(b *testing.B) {
			m := &memLog{items: memEntries(0, 10_000, stSent)}
			src := Source[entry]{Fetch: m.Fetch, ID: func(e entry) api.ID { return e.ID }, Time: func(e entry) time.Time { return e.At }}
			if kind.versions {
				src.Version = entryVersion
				src.Pending = func(e entry) bool { return e.Status == stInProgress }
			}
			tl := New(src, Options{Backfill: 10_000, MaxPages: 100}) // to deliver 10,000 first
			if bt, err := tl.Poll(context.Background()); err != nil || len(bt.New) != 10_000 {
				b.Fatalf("backfill: %d, %v", len(bt.New), err)
			}
			fresh := memEntries(10_000, 5*b.N, stSent)
			m.items = append(make([]entry, 0, len(m.items)+len(fresh)), m.items...) // appends below cost nothing
			requests := 0
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				m.items = append(m.items, fresh[5*i:5*i+5]...)
				bt, err := tl.Poll(context.Background())
				if err != nil || len(bt.New) != 5 {
					b.Fatalf("poll %d: %d new, %v", i, len(bt.New), err)
				}
				requests += bt.Requests
			}
			b.ReportMetric(float64(requests)/float64(b.N), "requests/poll")
		})
	}
}

// BenchmarkThroughput finds the highest steady write rate (entries per
// second of virtual time) a tail with per_page 100 and a 2 s interval
// delivers exactly once with no gap, against the in-memory fake; and how
// many entries per second of CPU time it processes at that rate.
func BenchmarkThroughput(b *testing.B) {
	sustained := func(rate float64) (result, bool) {
		r := run(scenario{seed: 1, polls: 60, gran: time.Microsecond, rate: rate, history: 100, shuffle: true})
		return r, r.lost == 0 && r.gaps == 0 && r.dups == 0 && r.extra == 0
	}
	var best float64
	var at result
	for range b.N {
		lo, hi := 10.0, 4000.0 // lo sustains, hi does not
		for hi-lo > 1 {
			mid := (lo + hi) / 2
			if r, ok := sustained(mid); ok {
				lo, at = mid, r
			} else {
				hi = mid
			}
		}
		best = lo
	}
	b.ReportMetric(best, "max-entries/s")
	b.ReportMetric(float64(at.requests)/float64(at.polls), "requests/poll")
	b.ReportMetric(float64(at.delivered)/at.elapsed.Seconds(), "delivered/s-cpu")
}

// Steady state at the default 2 s interval costs 30 requests a minute per
// stream: one page of 25 per poll, also while statuses settle.
func TestRequestsPerMinuteSteady(t *testing.T) {
	for _, sc := range []scenario{
		{seed: 1, polls: 300, rate: 2, history: 100},                 // session logs
		{seed: 2, polls: 300, rate: 2, history: 100, statuses: true}, // messages settling
	} {
		r := run(sc)
		steady := r.requests - 1 - 8 // the backfill, the quiet polls at the end
		perMinute := float64(steady) / (float64(sc.polls-1) * 2 / 60)
		t.Logf("rate %.0f/s, statuses %v: %.1f requests a minute per stream (%s)", sc.rate, sc.statuses, perMinute, r)
		if perMinute > 30.5 || r.lost != 0 || r.gaps != 0 {
			t.Errorf("%.1f requests a minute (want 30), lost %d, gaps %d", perMinute, r.lost, r.gaps)
		}
	}
}

// The same against the real fake over HTTP: messages written and settling.
func TestRequestsPerMinuteOverHTTP(t *testing.T) {
	e := newFakeEnv(t)
	src := MessageLogs(e.c, "11")
	tl := New(src, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const polls = 31 // the backfill and one minute of polls
	virtual(tl, e.clock, func(n int) {
		if n == polls {
			cancel()
			return
		}
		e.f.AddMessageLogs(supportDesk, 3)
	})
	updates := 0
	if err := Follow(ctx, tl, func(b Batch[api.MessageLog]) { updates += len(b.Updated) }, func(err error) { t.Error(err) }); err != nil {
		t.Fatal(err)
	}
	n := e.f.Requests("/api/whatsapp-sessions/11/message-logs")
	t.Logf("%d requests in one minute of steady polling (plus the backfill), %d updates", n-1, updates)
	if n-1 > 30 || updates == 0 {
		t.Errorf("%d requests a minute, %d updates; want 30 and settlements", n-1, updates)
	}
}
