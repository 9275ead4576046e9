package tail

import (
	"context"
	"math/rand/v2"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
)

// epoch is where virtual time starts.
var epoch = time.Date(2025, 9, 23, 12, 0, 0, 0, time.UTC)

// vclock is virtual time, shared by the fakes and the Tail under test.
type vclock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *vclock { return &vclock{t: epoch} }

func (c *vclock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *vclock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// entry is what the simulated log serves.
type entry struct {
	ID      api.ID
	At      time.Time
	Status  string
	Updated time.Time
}

const (
	stInProgress = "in_progress"
	stSent       = "sent"
	stFailed     = "failed"
	stNone       = "logged"
)

func entryVersion(e entry) string {
	return e.Status + "@" + strconv.FormatInt(e.Updated.UnixNano(), 10)
}

// simSource is the Source of a simulated log.
func simSource(s *simLog) Source[entry] {
	return Source[entry]{
		Fetch:   s.Fetch,
		ID:      func(e entry) api.ID { return e.ID },
		Time:    func(e entry) time.Time { return e.At },
		Version: entryVersion,
		Pending: func(e entry) bool { return e.Status == stInProgress },
	}
}

// simItem is one entry with its whole life, for checking what was
// delivered.
type simItem struct {
	entry
	seq      int // index in simLog.all
	settleAt time.Time
	outcome  string
	versions []string // every version it had, in order
	pruned   bool
}

// simLog is an in-memory Laravel paginator, as hostile as the API may be:
// newest first (or oldest first), timestamps of whole seconds, entries of
// the same second in a new random order for every request, writers that
// insert between the page requests of one walk, pruning of the oldest
// entries (total shrinks) and statuses that settle after a while.
type simLog struct {
	clock *vclock
	rng   *rand.Rand

	gran        time.Duration // timestamp granularity
	shuffle     bool          // reorder entries of equal time per request
	oldestFirst bool          // serve page 1 = oldest
	maxPerPage  int
	pruneAt     int // keep at most this many, dropping to 90% (0 = never)
	statuses    bool
	settleMin   time.Duration
	settleMax   time.Duration
	latency     time.Duration // virtual time each request takes

	items   []*simItem // what the server holds, oldest first (At non-decreasing)
	all     []*simItem // everything ever written
	waiting []*simItem // in_progress, oldest settle first not guaranteed

	between  func(s *simLog)     // runs before each page is served
	fail     func(req int) error // an error for request number req (from 1)
	requests int
}

func newSimLog(clock *vclock, seed uint64) *simLog {
	return &simLog{
		clock:      clock,
		rng:        rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		gran:       time.Second,
		maxPerPage: 100,
		settleMin:  1500 * time.Millisecond,
		settleMax:  5500 * time.Millisecond,
	}
}

// write appends n entries now.
func (s *simLog) write(n int) {
	for range n {
		if s.gran < time.Millisecond {
			s.clock.Advance(s.gran) // fine timestamps: one per entry, like occurred_at's microseconds
		}
		now := s.clock.Now()
		at := now.Truncate(s.gran)
		it := &simItem{seq: len(s.all)}
		it.ID = api.ID(strconv.Itoa(1001 + len(s.all)))
		it.At, it.Updated = at, at
		it.Status = stNone
		if s.statuses {
			it.Status = stInProgress
			it.settleAt = now.Add(s.settleMin + time.Duration(s.rng.Int64N(int64(s.settleMax-s.settleMin)+1)))
			it.outcome = stSent
			if s.rng.IntN(10) == 0 {
				it.outcome = stFailed
			}
			s.waiting = append(s.waiting, it)
		}
		it.versions = []string{entryVersion(it.entry)}
		s.items = append(s.items, it)
		s.all = append(s.all, it)
	}
	if s.pruneAt > 0 && len(s.items) > s.pruneAt {
		cut := len(s.items) - s.pruneAt*9/10
		for _, it := range s.items[:cut] {
			it.pruned = true
		}
		s.items = append([]*simItem(nil), s.items[cut:]...)
	}
}

// settle moves due in_progress entries to their outcome.
func (s *simLog) settle() {
	now := s.clock.Now()
	kept := s.waiting[:0]
	for _, it := range s.waiting {
		if it.settleAt.After(now) {
			kept = append(kept, it)
			continue
		}
		it.Status, it.Updated = it.outcome, it.settleAt.Truncate(s.gran)
		it.versions = append(it.versions, entryVersion(it.entry))
	}
	clear(s.waiting[len(kept):])
	s.waiting = kept
}

// Fetch serves one page.
func (s *simLog) Fetch(ctx context.Context, page, perPage int) (api.LogPage[entry], error) {
	s.requests++

	if err := ctx.Err(); err != nil {
		return api.LogPage[entry]{}, err
	}
	if s.fail != nil {
		if err := s.fail(s.requests); err != nil {
			return api.LogPage[entry]{}, err
		}
	}
	if s.latency > 0 {
		s.clock.Advance(s.latency)
	}
	if s.between != nil {
		s.between(s)
	}
	s.settle()
	pp := min(max(perPage, 1), s.maxPerPage)
	n := len(s.items)
	out := api.LogPage[entry]{
		CurrentPage: api.Int(page), PerPage: api.Int(pp), Total: api.Int(n),
		LastPage: api.Int(max(1, (n+pp-1)/pp)),
	}
	off := (page - 1) * pp
	end := min(off+pp, n)
	if off >= end {
		return out, nil // empty page: from and to are null
	}
	out.From, out.To = api.Int(off+1), api.Int(end)
	if int(out.CurrentPage) < int(out.LastPage) {
		out.NextPageURL = api.Text("?page=" + strconv.Itoa(page+1))
	}
	out.Data = make([]entry, end-off)
	for pos := off; pos < end; {
		it := s.items[s.index(pos)]
		if !s.shuffle {
			out.Data[pos-off] = it.entry
			pos++
			continue
		}
		// The tie group of it, as positions; the window gets a random
		// sample of it, as a fresh random order of the group would give.
		g0, g1 := s.tieGroup(it.At)
		p0, p1 := s.position(g0), s.position(g1-1)
		if p0 > p1 {
			p0, p1 = p1, p0
		}
		lo, hi := max(p0, off), min(p1+1, end)
		for k, j := range sample(s.rng, g1-g0, hi-lo) {
			out.Data[lo-off+k] = s.items[g0+j].entry
		}
		pos = hi
	}
	return out, nil
}

// index maps a position in the served order to s.items.
func (s *simLog) index(pos int) int {
	if s.oldestFirst {
		return pos
	}
	return len(s.items) - 1 - pos
}

func (s *simLog) position(idx int) int { return s.index(idx) } // the map is its own inverse

// tieGroup is the index range [g0, g1) of the entries at time at.
func (s *simLog) tieGroup(at time.Time) (int, int) {
	g0 := sort.Search(len(s.items), func(i int) bool { return !s.items[i].At.Before(at) })
	g1 := sort.Search(len(s.items), func(i int) bool { return s.items[i].At.After(at) })
	return g0, g1
}

// sample returns k distinct numbers of [0, n) in random order.
func sample(r *rand.Rand, n, k int) []int {
	if 2*k >= n {
		return r.Perm(n)[:k]
	}
	chosen := make(map[int]bool, k) // Floyd's algorithm
	out := make([]int, 0, k)
	for j := n - k; j < n; j++ {
		v := r.IntN(j + 1)
		if chosen[v] {
			v = j
		}
		chosen[v] = true
		out = append(out, v)
	}
	r.Shuffle(len(out), func(a, b int) { out[a], out[b] = out[b], out[a] })
	return out
}
