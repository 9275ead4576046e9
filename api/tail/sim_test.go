package tail

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
)

// The simulated server: an in-memory log with every unkind behaviour of
// the world as a switch, on a virtual clock.

var epoch = time.Date(2026, 12, 1, 7, 0, 0, 0, time.UTC)

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
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// entry is a simulated log entry; Status moves from in_progress to sent.
type entry struct {
	ID     api.ID
	At     time.Time
	Status string
}

func entryVersion(e entry) string { return e.Status }

func entrySource(fetch func(ctx context.Context, page, perPage int) (api.LogPage[entry], error)) Source[entry] {
	return Source[entry]{
		Fetch:   fetch,
		ID:      func(e entry) api.ID { return e.ID },
		Time:    func(e entry) time.Time { return e.At },
		Version: entryVersion,
		Pending: func(e entry) bool { return e.Status == "in_progress" },
	}
}

// world is the switches of a simulated server.
type world struct {
	shuffle     bool          // ties in a new order per request
	oldestFirst bool          // page 1 is the oldest
	maxPerPage  int           // per_page cap; default 100
	keep        int           // entries kept; 0 = all
	keepExact   bool          // prune one for one (else the oldest tenth at once)
	latency     time.Duration // virtual time per request
	statuses    bool          // entries settle from in_progress after 1-6 s
	failEvery   int           // every n-th request fails (0 = never)
	stringIDs   bool          // ids as opaque strings
}

type simItem struct {
	seq      int
	id       api.ID
	at       time.Time
	status   string
	settleAt time.Time
	versions []string // every status it had
}

type simLog struct {
	w     world
	clock *vclock
	rng   *rand.Rand
	mu    sync.Mutex
	all   []*simItem // every entry ever written, by seq
	byID  map[api.ID]*simItem
	live  []*simItem // on the server, oldest first
	seq   int
	reqs  int
	// before runs before each request is served, to write entries while a
	// walk is under way.
	before func()
}

func newSimLog(w world, clock *vclock, seed uint64) *simLog {
	if w.maxPerPage == 0 {
		w.maxPerPage = 100
	}
	return &simLog{w: w, clock: clock, rng: rand.New(rand.NewPCG(seed, 99)), byID: map[api.ID]*simItem{}}
}

// write adds n entries at the clock's time.
func (s *simLog) write(n int) { s.writeAt(n, s.clock.Now()) }

// writeAt adds n entries created at now.
func (s *simLog) writeAt(n int, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.seq++
		id := api.ID(strconv.Itoa(1000 + s.seq))
		if s.w.stringIDs {
			id = api.ID("msg-" + strconv.Itoa(1000+s.seq) + "-x")
		}
		it := &simItem{seq: s.seq, id: id, at: now, status: "sent"}
		if s.w.statuses {
			it.status = "in_progress"
			it.settleAt = now.Add(time.Duration(1+s.rng.IntN(6)) * time.Second)
		}
		it.versions = []string{it.status}
		s.all = append(s.all, it)
		s.byID[id] = it
		s.live = append(s.live, it)
	}
	if k := s.w.keep; k > 0 && len(s.live) > k {
		cut := len(s.live) - k
		if !s.w.keepExact {
			cut = len(s.live) - k*9/10
		}
		s.live = append([]*simItem(nil), s.live[cut:]...)
	}
}

func (s *simLog) settle(now time.Time) {
	for _, it := range s.live {
		if it.status == "in_progress" && !it.settleAt.After(now) {
			it.status = "sent"
			if it.seq%7 == 0 {
				it.status = "failed"
			}
			it.versions = append(it.versions, it.status)
		}
	}
}

var errSim = errors.New("sim: 502 bad gateway")

func (s *simLog) Fetch(ctx context.Context, page, perPage int) (api.LogPage[entry], error) {
	s.clock.Advance(s.w.latency / 2)
	if s.before != nil {
		s.before()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.clock.Advance(s.w.latency / 2)
	s.reqs++
	if s.w.failEvery > 0 && s.reqs%s.w.failEvery == 0 {
		return api.LogPage[entry]{}, errSim
	}
	s.settle(s.clock.Now())
	pp := min(max(perPage, 1), s.w.maxPerPage)
	page = max(page, 1) // Laravel reads anything else as page 1
	n := len(s.live)
	off := (page - 1) * pp
	p := api.LogPage[entry]{CurrentPage: api.Int(page), PerPage: api.Int(pp), Total: api.Int(n), LastPage: api.Int(max((n+pp-1)/pp, 1))}
	if off < n {
		p.From = api.Int(off + 1)
	}
	sec := func(i int) int64 { return s.live[i].at.Unix() }
	index := func(pos int) int {
		if s.w.oldestFirst {
			return pos
		}
		return n - 1 - pos
	}
	if debugTrace {
		fmt.Printf("     fetch page %d per %d (served %d) total %d\n", page, perPage, pp, n)
	}
	for pos := off; pos < min(off+pp, n); {
		if !s.w.shuffle {
			p.Data = append(p.Data, s.view(index(pos)))
			pos++
			continue
		}
		t := sec(index(pos))
		lo := sort.Search(n, func(i int) bool { return sec(i) >= t })
		hi := sort.Search(n, func(i int) bool { return sec(i) > t })
		from, to := n-hi, n-lo
		if s.w.oldestFirst {
			from, to = lo, hi
		}
		perm := s.rng.Perm(to - from)
		for ; pos < min(to, off+pp); pos++ {
			p.Data = append(p.Data, s.view(index(from+perm[pos-from])))
		}
	}
	return p, nil
}

func (s *simLog) view(i int) entry {
	it := s.live[i]
	return entry{ID: it.id, At: it.at, Status: it.status}
}

func (s *simLog) item(id api.ID) *simItem { return s.byID[id] }
