package tail

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"
)

// debugTrace prints every step of a simulation (set it in a test to look).
var debugTrace bool

// scenario drives a simulated log and a tail on virtual time.
type scenario struct {
	seed     uint64
	world    world
	duration time.Duration // how long entries are written
	interval time.Duration // between polls when caught up; default 2 s
	pace     time.Duration // between steps while catching up (the budget); default 200 ms
	rate     float64       // entries per second, spread over each 100 ms
	burst    int           // entries in one instant, every burstEvery
	every    time.Duration
	churn    int // up to this many written just before each request
	history  int // entries written before the tail starts, 20 a second
	opts     Options
}

// result is what a run delivered, checked against what was written.
type result struct {
	written   int // entries written after the tail started
	delivered int // distinct entries delivered
	dups      int // deliveries beyond the first of an entry
	lost      int // written after the start, never delivered
	silent    int // lost and inside no gap
	gaps      int
	missing   int // sum of Gap.Missing
	falseGaps int // gaps with Missing > 0 over no lost entry
	holes     int // history newer than the oldest backfilled entry, not delivered
	backfill  int // history delivered

	updates       int // Updated deliveries
	updateDups    int // an update with the version already delivered
	updatesMissed int // delivered entries whose final version never came

	floorErrs               int  // entries the floor passed undelivered (the invariant)
	stuck                   bool // still catching up after the quiet end
	steps, requests, errors int
	catchUp                 time.Duration // longest stretch of CatchingUp
}

func (r result) String() string {
	return fmt.Sprintf("written %d, delivered %d (backfill %d), dups %d, lost %d (silent %d), gaps %d (missing %d, false %d), holes %d, updates %d (dups %d, missed %d), floor errors %d, stuck %v, steps %d, requests %d, errors %d, longest catch-up %s",
		r.written, r.delivered, r.backfill, r.dups, r.lost, r.silent, r.gaps, r.missing, r.falseGaps, r.holes,
		r.updates, r.updateDups, r.updatesMissed, r.floorErrs, r.stuck, r.steps, r.requests, r.errors, r.catchUp)
}

func simulate(sc scenario) result {
	if sc.interval == 0 {
		sc.interval = 2 * time.Second
	}
	if sc.pace == 0 {
		sc.pace = 200 * time.Millisecond
	}
	clock := newClock()
	log := newSimLog(sc.world, clock, sc.seed)
	rng := rand.New(rand.NewPCG(sc.seed, 7))
	for i := range sc.history {
		log.write(1)
		if i%20 == 19 {
			clock.Advance(time.Second)
		}
	}
	clock.Advance(time.Second)
	startSeq := log.seq

	// The world writes as virtual time passes, also between the requests
	// of one walk.
	writing := true
	end := clock.Now().Add(sc.duration)
	nextTick, nextBurst := clock.Now(), clock.Now().Add(sc.every)
	credit := 0.0
	advanceWorld := func() {
		now := clock.Now()
		for writing && !nextTick.After(now) && nextTick.Before(end) {
			credit += sc.rate / 10
			n := int(credit)
			credit -= float64(n)
			if sc.burst > 0 && !nextBurst.After(nextTick) {
				n += sc.burst
				nextBurst = nextBurst.Add(sc.every)
			}
			log.writeAt(n, nextTick)
			nextTick = nextTick.Add(100 * time.Millisecond)
		}
		if writing && sc.churn > 0 {
			log.write(rng.IntN(sc.churn + 1))
		}
	}
	log.before = advanceWorld

	tl := New(entrySource(log.Fetch), sc.opts)
	tl.now = clock.Now
	tl.rand = rand.New(rand.NewPCG(sc.seed, 3))

	var r result
	count := map[int]int{}
	versions := map[int][]string{}
	var gaps []Gap
	var catchStart time.Time
	ctx := context.Background()
	step := func() {
		if debugTrace {
			fmt.Printf("t=%v floor=%d top=%d walking=%v lastN=%d\n", clock.Now().Sub(epoch), tl.led.floor-epoch.Unix(), tl.led.top-epoch.Unix(), tl.walking, tl.lastN)
		}
		floorBefore := tl.led.floor
		b, err := tl.Step(ctx)
		defer func() { // the floor passed only seconds whose entries all came
			if f := tl.led.floor; f > floorBefore && floorBefore > noSecond {
				for _, it := range log.live {
					if s := it.at.Unix(); s > floorBefore && s <= f && count[it.seq] == 0 && !covered(gaps, it.at) {
						r.floorErrs++
						if debugTrace {
							fmt.Printf("   !! floor %d -> %d passed %s (second %d) undelivered\n", floorBefore-epoch.Unix(), f-epoch.Unix(), it.id, s-epoch.Unix())
						}
					}
				}
			}
		}()
		if debugTrace {
			fmt.Printf("   -> new %d upd %d gaps %v err %v\n", len(b.New), len(b.Updated), b.Gaps, err)
		}
		r.steps++
		r.requests += b.Requests
		if err != nil {
			r.errors++
		}
		for _, e := range b.New {
			it := log.item(e.ID)
			count[it.seq]++
			versions[it.seq] = append(versions[it.seq], e.Status)
		}
		for _, e := range b.Updated {
			r.updates++
			it := log.item(e.ID)
			versions[it.seq] = append(versions[it.seq], e.Status)
		}
		gaps = append(gaps, b.Gaps...)
		switch {
		case tl.CatchingUp() && catchStart.IsZero():
			catchStart = clock.Now()
		case !tl.CatchingUp() && !catchStart.IsZero():
			r.catchUp = max(r.catchUp, clock.Now().Sub(catchStart))
			catchStart = time.Time{}
		}
		for k := 0; k < 3 && !tl.CatchingUp() && err == nil && tl.Stale(); k++ {
			clock.Advance(sc.pace)
			rb, _ := tl.Revisit(ctx)
			r.requests += rb.Requests
			for _, e := range rb.New {
				it := log.item(e.ID)
				count[it.seq]++
				versions[it.seq] = append(versions[it.seq], e.Status)
			}
			for _, e := range rb.Updated {
				r.updates++
				it := log.item(e.ID)
				versions[it.seq] = append(versions[it.seq], e.Status)
			}
		}
		if tl.CatchingUp() && err == nil {
			clock.Advance(sc.pace)
		} else {
			clock.Advance(sc.interval)
			advanceWorld()
		}
	}
	for clock.Now().Before(end) {
		step()
	}
	writing = false
	for i := 0; i < 30 || tl.CatchingUp() && i < 2000; i++ { // quiet: the backlog is read, statuses settle
		step()
	}
	r.stuck = tl.CatchingUp()
	// Every entry written after the start exactly once, or inside a gap.
	var lostAt []time.Time
	for _, it := range log.all {
		n := count[it.seq]
		if n > 1 {
			r.dups += n - 1
		}
		if n > 0 {
			r.delivered++
		}
		if it.seq <= startSeq {
			if n > 0 {
				r.backfill++
			}
			continue
		}
		r.written++
		if n == 0 {
			r.lost++
			lostAt = append(lostAt, it.at)
			if !covered(gaps, it.at) {
				r.silent++
			}
			continue
		}
		got := versions[it.seq]
		for k := 1; k < len(got); k++ {
			if got[k] == got[k-1] {
				r.updateDups++
			}
		}
		if got[len(got)-1] != it.versions[len(it.versions)-1] {
			r.updatesMissed++
		}
	}
	// History: what was delivered of it is the newest entries only.
	oldest := time.Time{}
	for _, it := range log.all[:startSeq] {
		if count[it.seq] > 0 && (oldest.IsZero() || it.at.Before(oldest)) {
			oldest = it.at
		}
	}
	for _, it := range log.all[:startSeq] {
		if count[it.seq] == 0 && !oldest.IsZero() && it.at.After(oldest) {
			r.holes++
		}
	}
	r.gaps = len(gaps)
	slices.SortFunc(lostAt, func(a, b time.Time) int { return a.Compare(b) })
	for _, g := range gaps {
		r.missing += g.Missing
		from := time.Unix(g.From.Unix(), 0)
		i, _ := slices.BinarySearchFunc(lostAt, from, func(a, b time.Time) int { return a.Compare(b) })
		if g.Missing > 0 && (i == len(lostAt) || lostAt[i].Unix() > g.To.Unix()) {
			r.falseGaps++
		}
	}
	return r
}

func covered(gaps []Gap, at time.Time) bool {
	for _, g := range gaps {
		if (g.From.IsZero() || at.Unix() >= g.From.Unix()) && at.Unix() <= g.To.Unix() {
			return true
		}
	}
	return false
}
