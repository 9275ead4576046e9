package tail

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/fake"
)

// A burst far beyond the backlog: what the tail reads is exact, and the
// rest is one gap with the real range and the exact count.
func TestBacklogBeyondTheCapIsOneHonestGap(t *testing.T) {
	clock := newClock()
	log := newSimLog(world{shuffle: true}, clock, 1)
	log.write(50)
	clock.Advance(time.Second)
	tl := New(entrySource(log.Fetch), Options{Backlog: 2000})
	tl.now = clock.Now
	seen := map[api.ID]int{}
	var gaps []Gap
	poll := func() {
		b, err := tl.Poll(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range b.New {
			seen[e.ID]++
		}
		gaps = append(gaps, b.Gaps...)
	}
	poll()
	lastBefore := clock.Now().Add(-time.Second)
	for range 30 { // 30 s of 200 a second: 6,000 entries
		log.write(200)
		clock.Advance(time.Second)
	}
	for range 4 { // the newest second, bigger than a page, is read once it is over
		poll()
		clock.Advance(2 * time.Second)
	}
	lost, oldestAfter := 0, time.Time{}
	for _, it := range log.all[50:] {
		switch n := seen[it.id]; {
		case n > 1:
			t.Fatalf("%s delivered %d times", it.id, n)
		case n == 0:
			lost++
			if testing.Verbose() {
				t.Logf("lost %s at second %d", it.id, it.at.Unix()-epoch.Unix())
			}
		case oldestAfter.IsZero():
			oldestAfter = it.at
		}
	}
	if len(gaps) != 1 {
		t.Fatalf("gaps %v: want one", gaps)
	}
	g := gaps[0]
	if g.Missing != lost || lost < 3800 {
		t.Errorf("gap says %d missing, %d were (the cap was 2,000 of 6,000)", g.Missing, lost)
	}
	if g.From.Unix() != lastBefore.Unix() || g.To.Unix() > oldestAfter.Unix() || g.To.Unix() < oldestAfter.Unix()-1 {
		t.Errorf("gap %s..%s: want from the newest entry before it (%s) to the oldest after it (%s)", g.From, g.To, lastBefore, oldestAfter)
	}
}

func TestBackfillIsTheNewestWholeSecondsOrSince(t *testing.T) {
	clock := newClock()
	log := newSimLog(world{shuffle: true}, clock, 2)
	for range 60 {
		log.write(7)
		clock.Advance(time.Second)
	}
	tl := New(entrySource(log.Fetch), Options{})
	b, err := tl.Poll(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(b.New) > 100 || len(b.New) < 93 || len(b.Gaps) != 0 {
		t.Errorf("backfill of %d entries, gaps %v: want the newest whole seconds up to 100", len(b.New), b.Gaps)
	}
	for i := 1; i < len(b.New); i++ {
		if b.New[i].At.Before(b.New[i-1].At) {
			t.Fatal("backfill not oldest first")
		}
	}

	since := clock.Now().Add(-30 * time.Second)
	tl = New(entrySource(log.Fetch), Options{Since: since})
	b, _ = tl.Poll(context.Background())
	if len(b.New) != 30*7 || b.New[0].At.Before(since) {
		t.Errorf("since 30 s ago: %d entries from %s; want all 210 of the last 30 seconds", len(b.New), b.New[0].At)
	}
}

// pages is a source that serves the pages a test scripts.
type pages struct {
	serve func(page, perPage int) (api.LogPage[entry], error)
	reqs  int
}

func (p *pages) source() Source[entry] {
	return entrySource(func(_ context.Context, page, perPage int) (api.LogPage[entry], error) {
		p.reqs++
		return p.serve(page, perPage)
	})
}

func ent(id, sec int) entry {
	return entry{ID: api.ID(strconv.Itoa(id)), At: epoch.Add(time.Duration(sec) * time.Second), Status: "sent"}
}

// newestPage lays entries (newest first) out as page 1 of a log of total.
func newestPage(total int, es ...entry) api.LogPage[entry] {
	return api.LogPage[entry]{CurrentPage: 1, PerPage: 100, Total: api.Int(total), From: 1, Data: es}
}

func TestBadPagesNeitherPanicNorDuplicate(t *testing.T) {
	ctx := context.Background()
	t.Run("times both ways", func(t *testing.T) {
		p := &pages{serve: func(int, int) (api.LogPage[entry], error) {
			return newestPage(3, ent(3, 5), ent(1, 1), ent(2, 9)), nil
		}}
		tl := New(p.source(), Options{})
		b, err := tl.Step(ctx)
		if !errors.Is(err, errOrder) {
			t.Errorf("a page out of time order: %v, want errOrder", err)
		}
		b2, _ := tl.Step(ctx)
		if len(b.New)+len(b2.New) > 3 {
			t.Errorf("entries delivered twice")
		}
	})
	t.Run("one id twice with different content", func(t *testing.T) {
		p := &pages{serve: func(int, int) (api.LogPage[entry], error) {
			a, b := ent(7, 5), ent(7, 5)
			b.Status = "failed"
			return newestPage(3, a, b, ent(6, 4)), nil
		}}
		tl := New(p.source(), Options{})
		b, _ := tl.Poll(ctx)
		if n := len(b.New); n != 2 {
			t.Errorf("%d entries from a page holding id 7 twice; want 2", n)
		}
	})
	t.Run("a page larger than asked and a total that jumps", func(t *testing.T) {
		total := 120
		p := &pages{serve: func(page, per int) (api.LogPage[entry], error) {
			es := make([]entry, 0, 120)
			for i := 120; i > 0; i-- {
				es = append(es, ent(i, i/10))
			}
			pg := newestPage(total, es...)
			pg.PerPage = api.Int(per)
			return pg, nil
		}}
		tl := New(p.source(), Options{})
		b, _ := tl.Poll(ctx)
		seen := map[api.ID]bool{}
		for _, e := range b.New {
			seen[e.ID] = true
		}
		total = 100_000 // a total that jumps with nothing new behind it
		for range 5 {
			b, _ = tl.Poll(ctx)
			for _, e := range b.New {
				if seen[e.ID] {
					t.Fatalf("%s delivered twice", e.ID)
				}
				seen[e.ID] = true
			}
		}
		if p.reqs > 200 {
			t.Errorf("%d requests for a bogus total: want a bounded number", p.reqs)
		}
	})
	t.Run("no total", func(t *testing.T) {
		p := &pages{serve: func(int, int) (api.LogPage[entry], error) {
			pg := newestPage(0, ent(3, 3), ent(2, 2), ent(1, 1))
			pg.Total = 0
			return pg, nil
		}}
		tl := New(p.source(), Options{})
		if b, err := tl.Poll(ctx); err != nil || len(b.New) != 3 {
			t.Errorf("a page without total: %d entries, %v", len(b.New), err)
		}
	})
}

// Requests a poll costs in steady state, with the largest page the API
// serves. With ties in a stable order, 50 entries a second polled every
// 2 s cost one request a poll (and two when a second's new entries are
// shuffled past the page boundary).
func TestRequestsPerPollInSteadyState(t *testing.T) {
	for _, shuffle := range []bool{false, true} {
		r := simulate(scenario{seed: 3, rate: 50, duration: 2 * time.Minute, world: world{shuffle: shuffle}})
		perPoll := float64(r.requests) / float64(r.steps)
		t.Logf("50/s every 2 s, shuffled ties %v: %d requests in %d steps, %d polls", shuffle, r.requests, r.steps, 60+30)
		if r.lost > 0 || r.dups > 0 {
			t.Fatalf("%v", r)
		}
		if !shuffle && r.requests > 2*60+60+40 {
			t.Errorf("stable ties at 50/s: %d requests (%.2f a step); want about one a poll", r.requests, perPoll)
		}
	}
}

// Against the real fake over HTTP: the client, the fake's paginator with
// ties shuffled per request, 40 messages a second and bursts of 500 in one
// second, on virtual time.
func TestExactlyOnceOverHTTPWithTheFake(t *testing.T) {
	clock := newClock()
	f := fake.New(fake.Options{Now: clock.Now, Contacts: -1, Groups: -1, LogActivity: true,
		Logs: fake.LogOptions{ShuffleTies: true, Rate: 40, Burst: 500, BurstEvery: 20 * time.Second}})
	srv := httptest.NewServer(f)
	defer srv.Close()
	c, err := api.New(api.Options{BaseURL: srv.URL + "/api", Token: f.PersonalToken(), Now: clock.Now,
		Sleep: func(ctx context.Context, d time.Duration) error { return ctx.Err() }, Retry: api.RetryPolicy{MaxAttempts: 1}})
	if err != nil {
		t.Fatal(err)
	}
	const desk = 11
	tl := New(MessageLogs(c, "11"), Options{})
	tl.now = clock.Now
	tl.rand = rand.New(rand.NewPCG(1, 2))
	ctx := context.Background()
	seen := map[api.ID]int{}
	first := ""
	var gaps []Gap
	take := func(b Batch[api.MessageLog]) {
		for _, m := range b.New {
			if first == "" {
				first = string(m.ID)
			}
			seen[m.ID]++
		}
		gaps = append(gaps, b.Gaps...)
	}
	for i := 0; i < 400; i++ {
		frozen := i >= 300 // then nothing is written any more
		b, err := tl.Step(ctx)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		take(b)
		switch {
		case frozen:
		case tl.CatchingUp():
			clock.Advance(200 * time.Millisecond)
		default:
			clock.Advance(2 * time.Second)
		}
	}
	ids := f.MessageLogIDs(desk)
	lost := 0
	for _, id := range ids {
		n, _ := strconv.Atoi(id)
		m, _ := strconv.Atoi(first)
		switch c := seen[api.ID(id)]; {
		case c > 1:
			t.Errorf("%s delivered %d times", id, c)
		case c == 0 && n > m:
			lost++
		}
	}
	if lost > 0 || len(gaps) > 0 {
		t.Errorf("%d of %d entries lost, gaps %v", lost, len(ids), gaps)
	}
	t.Logf("%d entries on the fake, %d delivered, %d requests", len(ids), len(seen), f.Requests("/api/whatsapp-sessions/11/message-logs"))
}
