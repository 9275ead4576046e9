package tail

import (
	"context"
	"testing"
	"time"
)

// The figures the README and the issue quote, measured on the simulated
// server (virtual time, so the numbers do not depend on the machine).
func TestFigures(t *testing.T) {
	if testing.Short() {
		t.Skip("measures the figures over 20 seeds; the full run has them")
	}
	// 40/s with ties shuffled per request and bursts of 500 in one second,
	// across seeds: missing and duplicated entries.
	lost, dups, written := 0, 0, 0
	for seed := uint64(1); seed <= 20; seed++ {
		r := simulate(scenario{seed: seed, rate: 40, burst: 500, every: 20 * time.Second, history: 300, duration: 2 * time.Minute, world: world{shuffle: true}})
		lost, dups, written = lost+r.lost, dups+r.dups, written+r.written
	}
	t.Logf("40/s + 500-bursts, ties shuffled, 20 seeds: %d written, %d missed, %d duplicated", written, lost, dups)
	if lost+dups > 0 {
		t.Errorf("missed %d, duplicated %d", lost, dups)
	}

	// A 5,000 backlog (a pause of 100 s at 50/s), caught up at the default
	// budget of 5 requests a second while 10/s keep arriving.
	for _, shuffle := range []bool{false, true} {
		clock := newClock()
		log := newSimLog(world{shuffle: shuffle}, clock, 7)
		log.write(20)
		clock.Advance(time.Second)
		tl := New(entrySource(log.Fetch), Options{})
		tl.now = clock.Now
		ctx := context.Background()
		tl.Poll(ctx)
		for range 100 {
			log.write(50)
			clock.Advance(time.Second)
		}
		start, steps := clock.Now(), 0
		for steps == 0 || tl.CatchingUp() {
			if _, err := tl.Step(ctx); err != nil {
				t.Fatal(err)
			}
			steps++
			clock.Advance(200 * time.Millisecond)
			if steps%5 == 0 {
				log.write(10)
			}
		}
		t.Logf("5,000 backlog, ties shuffled %v: caught up in %d requests, %s at 5 requests/s", shuffle, steps, clock.Now().Sub(start))
	}
}
