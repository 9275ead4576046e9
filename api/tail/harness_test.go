package tail

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
)

// method is how a simulated follower reads the log.
type method int

const (
	methodFull     method = iota // the Tail as built
	methodWalkOnly               // the Tail without the check against total
	methodPageOne                // page 1 only, deduplicated
)

func (m method) String() string {
	return [...]string{"walk + dedupe + total deficit check", "walk until a seen id + dedupe", "page 1 only"}[m]
}

// scenario drives a simulated log and a follower for a number of polls.
type scenario struct {
	seed     uint64
	polls    int
	interval time.Duration // default 2 s
	rate     float64       // steady writes per second

	burstProb   float64 // chance per interval of a burst
	burstMin    int
	burstMax    int
	burstAtOnce bool // the burst lands in one instant instead of over the interval

	during    float64 // chance that entries land just before a page is served
	duringMax int

	history     int // entries written before the first poll, one per second
	shuffle     bool
	oldestFirst bool
	statuses    bool
	pruneAt     int
	gran        time.Duration // timestamp granularity; default 1 s
	latency     time.Duration // virtual time per request
	fail        func(req int) error

	opts   Options
	method method
}

// result is what a run delivered, checked against what was written.
type result struct {
	written   int // entries written after the first poll's backfill began
	delivered int // distinct entries delivered
	dups      int // deliveries beyond the first of an entry
	extra     int // history beyond the backfill delivered
	lost      int // written, never delivered
	reported  int // lost entries inside a reported gap
	gaps      int
	missing   int // sum of Gap.Missing
	falseGaps int // gaps that cover no lost entry

	updates       int // Updated deliveries
	updateDups    int // an update with the version already delivered
	badVersions   int // a version the entry never had, or an older one after a newer
	updatesMissed int // entries whose final version was never delivered

	polls    int
	requests int
	errors   int
	maxPoll  int // most requests in one poll
	elapsed  time.Duration
	tail     *Tail[entry]
	log      *simLog
}

func (r result) String() string {
	return fmt.Sprintf("written %d, delivered %d, dups %d, extra %d, lost %d (reported %d), gaps %d (missing %d, false %d), updates %d (dups %d, bad %d, missed %d), polls %d, requests %d (max %d/poll), errors %d",
		r.written, r.delivered, r.dups, r.extra, r.lost, r.reported, r.gaps, r.missing, r.falseGaps,
		r.updates, r.updateDups, r.badVersions, r.updatesMissed, r.polls, r.requests, r.maxPoll, r.errors)
}

// pageOne is the naive follower: page 1 with the largest page, deduplicated.
type pageOne struct {
	src  Source[entry]
	seen map[api.ID]bool
}

func (f *pageOne) Poll(ctx context.Context) (Batch[entry], error) {
	page, err := f.src.Fetch(ctx, 1, 100)
	if err != nil {
		return Batch[entry]{Requests: 1}, err
	}
	var b Batch[entry]
	b.Requests = 1
	for _, e := range page.Data {
		if !f.seen[e.ID] {
			f.seen[e.ID] = true
			b.New = append(b.New, e)
		}
	}
	return b, nil
}

func run(sc scenario) result {
	if sc.interval == 0 {
		sc.interval = 2 * time.Second
	}
	clock := newClock()
	s := newSimLog(clock, sc.seed)
	s.shuffle, s.oldestFirst, s.statuses, s.pruneAt, s.latency = sc.shuffle, sc.oldestFirst, sc.statuses, sc.pruneAt, sc.latency
	if sc.gran > 0 {
		s.gran = sc.gran
	}
	rng := rand.New(rand.NewPCG(sc.seed, 7))
	for range sc.history {
		s.write(1)
		clock.Advance(time.Second)
	}
	clock.Advance(time.Second)

	var poll func(context.Context) (Batch[entry], error)
	var tl *Tail[entry]
	if sc.method == methodPageOne {
		f := &pageOne{src: simSource(s), seen: map[api.ID]bool{}}
		poll = f.Poll
	} else {
		tl = New(simSource(s), sc.opts)
		tl.now = clock.Now
		tl.noDeficit = sc.method == methodWalkOnly
		poll = tl.Poll
	}

	writing := true
	s.between = func(s *simLog) {
		if writing && sc.during > 0 && rng.Float64() < sc.during {
			s.write(1 + rng.IntN(max(sc.duringMax, 1)))
		}
	}
	s.fail = sc.fail

	var r result
	r.tail, r.log = tl, s
	var delivered []int32   // by seq: times delivered as new
	var versions [][]string // by seq: versions delivered, as new then updated
	grow := func(seq int) {
		for len(delivered) <= seq {
			delivered = append(delivered, 0)
			versions = append(versions, nil)
		}
	}
	var gaps []Gap
	first := -1 // seq of the oldest entry the first poll delivered
	ctx := context.Background()
	start := time.Now()

	record := func(b Batch[entry], err error) {
		r.polls++
		r.requests += b.Requests
		r.maxPoll = max(r.maxPoll, b.Requests)
		if err != nil {
			r.errors++
			return
		}
		for _, e := range b.New {
			seq := s.seqOf(e.ID)
			grow(seq)
			delivered[seq]++
			versions[seq] = append(versions[seq], entryVersion(e))
			if first < 0 || (r.polls == 1 && seq < first) {
				first = seq
			}
		}
		for _, e := range b.Updated {
			r.updates++
			seq := s.seqOf(e.ID)
			grow(seq)
			versions[seq] = append(versions[seq], entryVersion(e))
		}
		gaps = append(gaps, b.Gaps...)
	}

	const steps = 20
	for i := range sc.polls {
		record(poll(ctx))
		if i == 0 && first < 0 {
			first = len(s.all) // nothing delivered: everything from now on counts
		}
		burst, burstStep := 0, -1
		if sc.burstProb > 0 && rng.Float64() < sc.burstProb {
			burst = sc.burstMin + rng.IntN(sc.burstMax-sc.burstMin+1)
			if sc.burstAtOnce {
				burstStep = rng.IntN(steps)
			}
		}
		dt := sc.interval / steps
		for k := range steps {
			lambda := sc.rate * dt.Seconds()
			n := int(lambda)
			if rng.Float64() < lambda-float64(n) {
				n++
			}
			switch {
			case burstStep == k:
				n += burst
			case burstStep < 0 && burst > 0:
				n += burst/steps + boolInt(k < burst%steps)
			}
			s.write(n)
			clock.Advance(dt)
		}
	}
	// Quiet polls: no writes, everything settles and is collected.
	writing = false
	s.fail = nil
	for range 8 {
		record(poll(ctx))
		clock.Advance(sc.interval)
	}
	r.elapsed = time.Since(start)

	// Check every entry written since the backfill against what came out.
	var lostAt []time.Time
	grow(len(s.all))
	for _, it := range s.all {
		n := int(delivered[it.seq])
		if n > 1 {
			r.dups += n - 1
		}
		if n > 0 {
			r.delivered++
		}
		if it.seq < first {
			if n > 0 {
				r.extra++
			}
			continue
		}
		r.written++
		if n == 0 {
			lostAt = append(lostAt, it.At) // in time order, as written
			r.lost++
			if covered(gaps, it.At) {
				r.reported++
			}
			continue
		}
		if sc.method == methodPageOne {
			continue
		}
		got := versions[it.seq]
		for k, v := range got {
			idx := slices.Index(it.versions, v)
			if idx < 0 || (k > 0 && idx < slices.Index(it.versions, got[k-1])) {
				r.badVersions++
			}
			if k > 0 && v == got[k-1] {
				r.updateDups++
			}
		}
		if got[len(got)-1] != it.versions[len(it.versions)-1] {
			r.updatesMissed++
		}
	}
	r.gaps = len(gaps)
	for _, g := range gaps {
		r.missing += g.Missing
		// A gap is false when no lost entry lies inside it.
		i, _ := slices.BinarySearchFunc(lostAt, g.From, func(a, b time.Time) int { return a.Compare(b) })
		if i == len(lostAt) || lostAt[i].After(g.To) {
			r.falseGaps++
		}
	}
	return r
}

func (s *simLog) seqOf(id api.ID) int {
	n, _ := id.Int()
	return int(n) - 1001
}

func covered(gaps []Gap, at time.Time) bool {
	for _, g := range gaps {
		if inGap(g, at) {
			return true
		}
	}
	return false
}

// inGap: a zero From means "since the tail started".
func inGap(g Gap, at time.Time) bool {
	return (g.From.IsZero() || !at.Before(g.From)) && !at.After(g.To)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
