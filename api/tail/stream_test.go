package tail

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/sched"
)

type watched struct {
	log    *simLog
	stream *Stream[entry]
	sub    *Sub[entry]
	polls  []time.Time
	writes bool
}

// 200 streams on the default budget, a third of them writing 0.1 entries a
// second: never more than the budget in any second, every stream polled
// at least every quiet interval, every entry delivered once, and the delay
// from an entry to its delivery measured.
func TestTwoHundredStreamsShareTheBudget(t *testing.T) {
	clock := newClock()
	s := sched.New(sched.DefaultBudget, clock.Now)
	s.Inline()
	rng := rand.New(rand.NewPCG(9, 9))
	var all []*watched
	for i := range 200 {
		w := &watched{log: newSimLog(world{shuffle: true}, clock, uint64(i)), writes: i%3 == 0}
		w.log.write(5)
		fetch := w.log.Fetch
		src := entrySource(fetch)
		ww := w
		src.Fetch = func(ctx contextT, page, perPage int) (api.LogPage[entry], error) {
			ww.polls = append(ww.polls, clock.Now())
			return fetch(ctx, page, perPage)
		}
		tl := New(src, Options{})
		tl.now = clock.Now
		w.stream = NewStream(tl, StreamOptions{Now: clock.Now})
		w.sub, _ = w.stream.Subscribe(true)
		s.Add(w.stream)
		all = append(all, w)
	}
	written := map[*simItem]time.Time{}
	var delays []time.Duration
	perSecond := map[int64]int{}
	dups := 0
	const minutes = 10
	end := clock.Now().Add(minutes * time.Minute)
	seen := map[api.ID]bool{}
	for clock.Now().Before(end) {
		clock.Advance(s.Every())
		for _, w := range all {
			if w.writes && rng.Float64() < 0.1*s.Every().Seconds() {
				w.log.write(1)
				written[w.log.all[len(w.log.all)-1]] = clock.Now()
			}
		}
		if s.Tick() {
			perSecond[clock.Now().Unix()]++
		}
		for _, w := range all {
			select {
			case <-w.sub.Ready():
			default:
				continue
			}
			for _, e := range w.sub.Take().New {
				key := api.ID(fmt.Sprintf("%p/%s", w, e.ID))
				if seen[key] {
					dups++
				}
				seen[key] = true
				if it := w.log.item(e.ID); it != nil {
					if at, ok := written[it]; ok {
						delays = append(delays, clock.Now().Sub(at))
						delete(written, it)
					}
				}
			}
		}
	}
	most := 0
	for _, n := range perSecond {
		most = max(most, n)
	}
	if most > sched.DefaultBudget {
		t.Errorf("%d requests in one second; the budget is %d", most, sched.DefaultBudget)
	}
	longest := time.Duration(0)
	for _, w := range all {
		for i := 1; i < len(w.polls); i++ {
			longest = max(longest, w.polls[i].Sub(w.polls[i-1]))
		}
	}
	if longest > time.Minute+s.Every() {
		t.Errorf("a stream waited %s between polls; quiet_poll is 1m", longest)
	}
	if dups > 0 {
		t.Errorf("%d entries delivered twice", dups)
	}
	// What is still in flight at the end was written in the last minute.
	for it, at := range written {
		if end.Sub(at) > 90*time.Second {
			t.Errorf("entry %s written %s before the end never came", it.id, end.Sub(at))
		}
	}
	slices.Sort(delays)
	if len(delays) < 500 {
		t.Fatalf("only %d entries measured", len(delays))
	}
	median, p95 := delays[len(delays)/2], delays[len(delays)*95/100]
	t.Logf("200 streams, 67 writing 0.1/s, budget %d/s: most %d requests in a second, longest wait %s, delay median %s p95 %s over %d entries",
		sched.DefaultBudget, most, longest, median, p95, len(delays))
	if p95 > time.Minute {
		t.Errorf("p95 delay %s", p95)
	}
}

// Two readers of one stream cost one tail; one who comes later gets what
// the stream kept; a reader too slow to take its batches is bounded.
func TestReadersShareOneTail(t *testing.T) {
	clock := newClock()
	log := newSimLog(world{}, clock, 1)
	log.write(30)
	clock.Advance(time.Second)
	tl := New(entrySource(log.Fetch), Options{})
	tl.now = clock.Now
	st := NewStream(tl, StreamOptions{Now: clock.Now, Keep: 50})
	a, first := st.Subscribe(true)
	if len(first.New) != 0 {
		t.Fatal("a new stream kept entries")
	}
	b, _ := st.Subscribe(false)
	st.Run(bg())
	log.write(40)
	clock.Advance(2 * time.Second)
	st.Run(bg())
	if log.reqs != 2 {
		t.Errorf("%d requests for two polls with two readers", log.reqs)
	}
	ga, gb := a.Take(), b.Take()
	if len(ga.New) != 70 || len(gb.New) != 70 {
		t.Errorf("readers got %d and %d entries, want 70 each", len(ga.New), len(gb.New))
	}
	_, later := st.Subscribe(true)
	if len(later.New) != 50 || later.New[49].ID != ga.New[69].ID {
		t.Errorf("a later reader got %d kept entries, want the newest 50", len(later.New))
	}
	// b never takes: what waits for it stays bounded, the rest is a gap.
	for range 12 {
		log.write(2000)
		clock.Advance(3 * time.Second)
		st.Run(bg())
		for st.tail.CatchingUp() {
			st.Run(bg())
		}
	}
	if got := b.Take(); len(got.New) > maxQueued || len(got.Gaps) == 0 || got.Gaps[0].Missing == 0 {
		t.Errorf("a reader that never took: %d entries waiting, gaps %v", len(got.New), got.Gaps)
	}
}

type contextT = context.Context

func bg() context.Context { return context.Background() }

// A reader that wants more of the past gets exactly the entries between
// what it asked for and what the stream had, once, marked History.
func TestExtendReadsTheOlderPastOnce(t *testing.T) {
	clock := newClock()
	log := newSimLog(world{shuffle: true}, clock, 4)
	for range 60 {
		log.write(10)
		clock.Advance(time.Second)
	}
	tl := New(entrySource(log.Fetch), Options{})
	tl.now = clock.Now
	st := NewStream(tl, StreamOptions{Now: clock.Now})
	sub, _ := st.Subscribe(true)
	st.Run(bg())
	for tl.CatchingUp() {
		st.Run(bg())
	}
	first := sub.Take()
	reach := st.Reach()
	if len(first.New) == 0 || reach.IsZero() {
		t.Fatalf("first poll: %d entries, reach %v", len(first.New), reach)
	}
	since := clock.Now().Add(-50 * time.Second)
	st.Extend(since)
	var hist []entry
	for range 20 {
		clock.Advance(time.Second)
		st.Run(bg())
		b := sub.Take()
		if b.History {
			hist = append(hist, b.New...)
		}
	}
	got := map[api.ID]bool{}
	for _, e := range append(first.New, hist...) {
		if got[e.ID] {
			t.Fatalf("%s delivered twice", e.ID)
		}
		got[e.ID] = true
	}
	for _, it := range log.all {
		if !it.at.Before(since) && !got[it.id] {
			t.Errorf("%s at %s (since %s) never came", it.id, it.at, since)
		}
	}
	if st.Reach() != since {
		t.Errorf("reach %v, want %v", st.Reach(), since)
	}
	_, later := st.Subscribe(true)
	if len(later.New) != len(got) {
		t.Errorf("a later reader got %d kept entries, want all %d", len(later.New), len(got))
	}
}

func TestPokeMakesAStreamDueNow(t *testing.T) {
	clock := newClock()
	log := newSimLog(world{}, clock, 5)
	log.write(3)
	tl := New(entrySource(log.Fetch), Options{})
	tl.now = clock.Now
	st := NewStream(tl, StreamOptions{Now: clock.Now})
	st.Subscribe(true)
	st.Run(bg())
	clock.Advance(100 * time.Millisecond)
	if due, _, _ := st.Next(clock.Now()); !due.After(clock.Now()) {
		t.Fatalf("due %v right after a poll", due)
	}
	st.Poke()
	if due, _, ok := st.Next(clock.Now()); !ok || due.After(clock.Now()) {
		t.Errorf("after Poke: due %v, want now", due)
	}
	st.Run(bg())
	if due, _, _ := st.Next(clock.Now()); !due.After(clock.Now()) {
		t.Errorf("still due after the poked poll")
	}
}

// Covers says when a stream's entries reach back to a time: not before its
// first poll; at once for a log its first page held whole (Extend then
// reads nothing); after Extend has read the rest for a longer one.
func TestCoversTheWindowOnceRead(t *testing.T) {
	clock := newClock()
	long := newSimLog(world{}, clock, 6)
	for range 300 {
		long.write(2)
		clock.Advance(time.Second)
	}
	short := newSimLog(world{}, clock, 5) // all of it newer than the window's start
	short.write(30)
	since := clock.Now().Add(-4 * time.Minute)
	for _, c := range []struct {
		name  string
		log   *simLog
		extra int // requests Extend costs
	}{{"whole on one page", short, 0}, {"longer than a page", long, 6}} {
		tl := New(entrySource(c.log.Fetch), Options{})
		tl.now = clock.Now
		st := NewStream(tl, StreamOptions{Now: clock.Now})
		sub, _ := st.Subscribe(true)
		if st.Covers(since) {
			t.Errorf("%s: covered before the first poll", c.name)
		}
		st.Run(bg())
		first := c.log.reqs
		st.Extend(since)
		for range 10 {
			st.Run(bg())
		}
		if !st.Covers(since) {
			t.Errorf("%s: not covered after Extend", c.name)
		}
		got := len(sub.Take().New)
		extra := c.log.reqs - first // Runs before a poll is due make none
		t.Logf("%s: %d entries, %d requests for the first poll, %d for Extend", c.name, got, first, extra)
		if extra > c.extra {
			t.Errorf("%s: Extend cost %d requests, want at most %d", c.name, extra, c.extra)
		}
	}
}

// Fails counts the polls in a row that failed, and a success clears it.
func TestStatusCountsFailuresInARow(t *testing.T) {
	clock := newClock()
	log := newSimLog(world{failEvery: 1}, clock, 7)
	log.write(5)
	tl := New(entrySource(log.Fetch), Options{})
	tl.now = clock.Now
	st := NewStream(tl, StreamOptions{Now: clock.Now})
	st.Subscribe(true)
	for range 3 {
		st.Run(bg())
		clock.Advance(2 * time.Minute) // past the retry
	}
	if s := st.Status(); s.Fails != 3 || s.Err == nil {
		t.Errorf("after 3 failed polls: fails %d, err %v", s.Fails, s.Err)
	}
	log.w.failEvery = 0
	st.Run(bg())
	if s := st.Status(); s.Fails != 0 || s.Err != nil {
		t.Errorf("after a success: fails %d, err %v", s.Fails, s.Err)
	}
}

// A tail stepped less often than its interval (one of many streams on one
// budget) still walks down a backlog while entries keep arriving: it does
// not spend every step re-reading the newest page.
func TestABacklogIsReadWhenStepsComeSlowly(t *testing.T) {
	clock := newClock()
	log := newSimLog(world{}, clock, 8)
	for range 600 {
		log.write(1)
		clock.Advance(time.Second)
	}
	tl := New(entrySource(log.Fetch), Options{Since: clock.Now().Add(-10 * time.Minute)})
	tl.now = clock.Now
	got := 0
	steps := 0
	for ; steps < 60 && (steps == 0 || tl.CatchingUp()); steps++ {
		b, err := tl.Step(bg())
		if err != nil {
			t.Fatal(err)
		}
		got += len(b.New)
		clock.Advance(3 * time.Second)
		log.write(2)
	}
	t.Logf("a 600-entry backlog, a step every 3 s: caught up in %d steps with %d entries", steps, got)
	if tl.CatchingUp() {
		t.Fatalf("still catching up after %d steps (%d entries)", steps, got)
	}
	if got < 600 {
		t.Errorf("%d entries delivered, want the 600 of the window and what came since", got)
	}
}

// Extend asked while the first poll is in flight takes effect once that
// poll is done: the past it asks for is read, once.
func TestExtendDuringTheFirstPoll(t *testing.T) {
	clock := newClock()
	log := newSimLog(world{}, clock, 9)
	for range 600 {
		log.write(1)
		clock.Advance(time.Second)
	}
	since := clock.Now().Add(-8 * time.Minute)
	tl := New(entrySource(log.Fetch), Options{})
	tl.now = clock.Now
	st := NewStream(tl, StreamOptions{Now: clock.Now})
	sub, _ := st.Subscribe(true)
	asked := false
	log.before = func() {
		if !asked {
			asked = true
			st.Extend(since) // while Run is stepping
		}
	}
	for i := 0; i < 30 && !st.Covers(since); i++ {
		st.Run(bg())
	}
	if !st.Covers(since) {
		t.Fatal("the past asked for during the first poll was never read")
	}
	got := map[api.ID]int{}
	b := sub.Take()
	for _, e := range b.New {
		got[e.ID]++
	}
	for _, it := range log.all {
		if !it.at.Before(since) && got[it.id] != 1 {
			t.Errorf("%s at %s delivered %d times", it.id, it.at.Format(time.TimeOnly), got[it.id])
		}
	}
}

// A Poke that comes while a poll is in flight asks for another: the poll
// under way may have been answered before what the poke announces.
func TestPokeDuringAPollIsKept(t *testing.T) {
	clock := newClock()
	log := newSimLog(world{}, clock, 10)
	log.write(3)
	tl := New(entrySource(log.Fetch), Options{})
	tl.now = clock.Now
	st := NewStream(tl, StreamOptions{Now: clock.Now})
	st.Subscribe(true)
	st.Run(bg())
	clock.Advance(3 * time.Second) // the next poll is due
	log.before = st.Poke
	st.Run(bg())
	log.before = nil
	if log.reqs != 2 {
		t.Fatalf("%d requests, want 2", log.reqs)
	}
	if due, _, ok := st.Next(clock.Now()); !ok || due.After(clock.Now()) {
		t.Errorf("poked during a poll: due %v, want now", due)
	}
}

// Reading the past asked for with Extend backs off by its own failures,
// not by those of the stream's tail (which has none).
func TestHistoryFailuresBackOff(t *testing.T) {
	clock := newClock()
	log := newSimLog(world{}, clock, 11)
	for range 300 {
		log.write(2)
		clock.Advance(time.Second)
	}
	tl := New(entrySource(log.Fetch), Options{})
	tl.now = clock.Now
	st := NewStream(tl, StreamOptions{Now: clock.Now})
	st.Subscribe(true)
	for st.Run(bg()); tl.CatchingUp(); {
		st.Run(bg())
	}
	st.Extend(clock.Now().Add(-4 * time.Minute))
	log.w.failEvery = 1
	for range 3 {
		clock.Advance(2 * time.Minute) // past the retry
		st.Run(bg())
	}
	// Three failures in a row: Interval·2³ with equal jitter, 8 s to 16 s.
	if s := st.Status(); s.Fails != 3 || s.Retry < 8*time.Second {
		t.Errorf("after 3 failed reads of the past: fails %d, retry in %v, want at least 8s", s.Fails, s.Retry)
	}
}

// While the stream's credential is held after a 429, no spare request
// re-reads entries awaiting a change: it would only earn another 429.
func TestNoRevisitWhileHeld(t *testing.T) {
	clock := newClock()
	log := newSimLog(world{}, clock, 12)
	log.write(3)
	tl := New(entrySource(log.Fetch), Options{})
	tl.now = clock.Now
	until := clock.Now().Add(time.Minute)
	st := NewStream(tl, StreamOptions{Now: clock.Now, Held: func() time.Time { return until }})
	st.Subscribe(true)
	st.Run(bg())
	st.mu.Lock()
	tl.pending["x"] = pendingAt{rank: tl.lastN - 1} // out of the newest page's sight
	st.sync()
	st.mu.Unlock()
	if !tl.Stale() {
		t.Fatal("the test's tail is not stale")
	}
	if due, class, _ := st.Next(clock.Now()); due.Before(until) {
		t.Errorf("held until %v: due %v (class %d)", until, due, class)
	}
}

// A reader that does not take: batches of updates alone are bounded too,
// and a gap in a dropped batch is not lost but counted in the gap that
// reports the drop.
func TestASlowReaderIsBoundedAndToldWhatWasDropped(t *testing.T) {
	u := &Sub[entry]{ready: make(chan struct{}, 1)}
	u.push(Batch[entry]{Gaps: []Gap{{Missing: 5}}})
	for range maxQueued + 10 {
		u.push(Batch[entry]{Updated: []entry{ent(1, 1)}})
	}
	if len(u.queued) > maxQueued {
		t.Errorf("%d batches queued, bound %d", len(u.queued), maxQueued)
	}
	b := u.Take()
	if len(b.Gaps) == 0 || b.Gaps[0].Missing < 5 {
		t.Errorf("gaps %v: want first a gap counting the dropped one's 5", b.Gaps)
	}
}

// A session's logs go with the personal token when there is one: its hold
// is the one that delays them, not the session key's.
func TestLogsWaitForTheTokensHold(t *testing.T) {
	clock := newClock()
	c, err := api.New(api.Options{BaseURL: "http://127.0.0.1:1", Token: "t"})
	if err != nil {
		t.Fatal(err)
	}
	until := clock.Now().Add(time.Minute)
	held := func(session api.ID) time.Time {
		if session == "" {
			return until
		}
		return time.Time{}
	}
	h := NewHub(c, sched.New(5, clock.Now), Options{}, StreamOptions{Now: clock.Now}, held)
	st := h.Messages("7")
	st.Subscribe(true)
	if due, _, ok := st.Next(clock.Now()); !ok || due.Before(until) {
		t.Errorf("token held until %v: the message logs are due %v", until, due)
	}
}
