package tail

import (
	"context"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/fake"
)

// supportDesk is a connected seeded session of the fake that logs messages.
const supportDesk = 11

// fakeEnv is the real fake API behind httptest and the real client, on
// virtual time; hook runs before the fake serves each request, to write
// entries between the page requests of a walk.
type fakeEnv struct {
	f     *fake.Server
	c     *api.Client
	clock *vclock

	mu   sync.Mutex
	hook func(r *http.Request)
}

func newFakeEnv(t *testing.T) *fakeEnv {
	t.Helper()
	e := &fakeEnv{clock: newClock()}
	e.f = fake.New(fake.Options{Now: e.clock.Now, Contacts: -1, Groups: -1})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.mu.Lock()
		hook := e.hook
		e.mu.Unlock()
		if hook != nil {
			hook(r)
		}
		e.f.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	c, err := api.New(api.Options{
		BaseURL: srv.URL + "/api", Token: e.f.PersonalToken(),
		Now:   e.clock.Now,
		Sleep: func(ctx context.Context, d time.Duration) error { return ctx.Err() },
		Retry: api.RetryPolicy{MaxAttempts: 1}, // let the tail see every failure
	})
	if err != nil {
		t.Fatal(err)
	}
	e.c = c
	return e
}

func (e *fakeEnv) setHook(h func(r *http.Request)) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.hook = h
}

// virtual makes a Tail run on the env's clock; between polls, step runs
// with the number of polls made so far, after the clock moved on by the
// delay.
func virtual[T any](tl *Tail[T], clock *vclock, step func(polls int)) {
	tl.now = clock.Now
	polls := 0
	tl.sleep = func(ctx context.Context, d time.Duration) error {
		polls++
		clock.Advance(d)
		if step != nil {
			step(polls)
		}
		return ctx.Err()
	}
}

// delivery tallies what a tail handed out.
type delivery[T any] struct {
	id       func(T) api.ID
	version  func(T) string
	count    map[api.ID]int
	versions map[api.ID][]string
	gaps     []Gap
	requests int
	polls    int
	errs     []error
}

func newDelivery[T any](src Source[T]) *delivery[T] {
	return &delivery[T]{id: src.ID, version: src.Version, count: map[api.ID]int{}, versions: map[api.ID][]string{}}
}

func (d *delivery[T]) add(b Batch[T]) {
	d.requests += b.Requests
	for _, e := range b.New {
		d.count[d.id(e)]++
		if d.version != nil {
			d.versions[d.id(e)] = append(d.versions[d.id(e)], d.version(e))
		}
	}
	for _, e := range b.Updated {
		d.versions[d.id(e)] = append(d.versions[d.id(e)], d.version(e))
	}
	d.gaps = append(d.gaps, b.Gaps...)
}

// allLogs reads a whole log through the client, newest first.
func allLogs[T any](t *testing.T, src Source[T]) []T {
	t.Helper()
	var out []T
	for page := 1; ; page++ {
		p, err := src.Fetch(context.Background(), page, 100)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p.Data...)
		if len(p.Data) < 100 {
			return out
		}
	}
}

// checkStream compares what was delivered with the server's log at the end:
// every entry since the first batch's oldest exactly once, or inside a gap.
func checkStream[T any](t *testing.T, src Source[T], d *delivery[T], truth []T, first api.ID) (lost int) {
	t.Helper()
	for id, n := range d.count {
		if n > 1 {
			t.Errorf("entry %s delivered %d times", id, n)
		}
	}
	for _, e := range truth {
		id := src.ID(e)
		if id.Less(first) {
			if d.count[id] > 0 {
				t.Errorf("entry %s from before the backfill delivered", id)
			}
			continue
		}
		if d.count[id] == 0 {
			lost++
			if !covered(d.gaps, src.Time(e)) {
				t.Errorf("entry %s (%s) lost silently", id, src.Time(e))
			}
		}
	}
	return lost
}

func TestFollowMessageLogsOverHTTP(t *testing.T) {
	e := newFakeEnv(t)
	src := MessageLogs(e.c, "11")
	tl := New(src, Options{MaxPages: 5}) // a cap of 500 entries a poll
	d := newDelivery(src)
	rng := rand.New(rand.NewPCG(3, 4))

	const polls, burstAt, bigBurst = 40, 12, 1200
	writing := true
	e.setHook(func(r *http.Request) { // inserts between the page requests
		if writing && rng.IntN(4) == 0 {
			e.f.AddMessageLogs(supportDesk, 1+rng.IntN(3))
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var burstTime time.Time
	virtual(tl, e.clock, func(n int) {
		d.polls = n
		switch {
		case n == burstAt:
			burstTime = e.clock.Now().Truncate(time.Second)
			e.f.AddMessageLogs(supportDesk, bigBurst) // beyond the cap: a gap
		case n == burstAt+6:
			e.f.AddMessageLogs(supportDesk, 450) // within the cap
		case n < polls:
			e.f.AddMessageLogs(supportDesk, rng.IntN(12))
		case n == polls:
			writing = false
		case n > polls+5: // quiet polls let every status settle
			cancel()
		}
	})
	var first api.ID
	err := Follow(ctx, tl, func(b Batch[api.MessageLog]) {
		if first == "" && len(b.New) > 0 {
			first = b.New[0].ID
		}
		d.add(b)
	}, func(err error) { d.errs = append(d.errs, err) })
	if err != nil {
		t.Fatalf("Follow: %v", err)
	}
	if len(d.errs) > 0 {
		t.Fatalf("poll errors: %v", d.errs)
	}

	truth := allLogs(t, src)
	lost := checkStream(t, src, d, truth, first)
	if lost == 0 || lost > bigBurst-500+20 {
		t.Errorf("lost %d; want only the burst's overflow past the cap of 500 (about %d)", lost, bigBurst-500)
	}
	if len(d.gaps) == 0 {
		t.Errorf("no gap reported for the burst of %d", bigBurst)
	}
	// Statuses: every delivered message ends in its final state, each
	// change delivered once. Only messages still pending when the big burst
	// came may miss theirs: the burst, or the polls after it, pushed them
	// below the walk's reach of 500 before they settled.
	updates, settled, unwatched := 0, 0, 0
	for _, m := range truth {
		got := d.versions[m.ID]
		if len(got) == 0 {
			continue
		}
		for k := 1; k < len(got); k++ {
			updates++
			if got[k] == got[k-1] {
				t.Errorf("message %s: update %q delivered twice", m.ID, got[k])
			}
		}
		if m.Status.Is(api.StatusInProgress) {
			t.Errorf("message %s still in progress at the end", m.ID)
		}
		settled++
		if want := messageVersion(m); got[len(got)-1] != want {
			if at := m.CreatedAt.Time; !at.After(burstTime) && at.After(burstTime.Add(-8*time.Second)) {
				unwatched++
				continue
			}
			t.Errorf("message %s: last delivered %q, server has %q", m.ID, got[len(got)-1], want)
		}
	}
	if updates == 0 || unwatched > 50 {
		t.Errorf("%d updates; %d settlements of the burst missed (want at most 50)", updates, unwatched)
	}
	t.Logf("%d messages on the server, %d delivered, %d lost inside %d gaps, %d updates over %d settled messages (%d of the burst out of reach), %d requests in %d polls",
		len(truth), len(d.count), lost, len(d.gaps), updates, settled, unwatched, d.requests, d.polls)
}

func TestFollowSessionLogsOverHTTPWithPruning(t *testing.T) {
	e := newFakeEnv(t)
	src := SessionLogs(e.c, "11")
	tl := New(src, Options{})
	d := newDelivery(src)
	rng := rand.New(rand.NewPCG(5, 6))

	// Bursts of up to 1,900 (the cap is 2,000) until the fake's 20,000
	// limit prunes the oldest 10% (total shrinks), then one of 3,000.
	writing := true
	e.setHook(func(r *http.Request) {
		if writing && rng.IntN(3) == 0 {
			e.f.AddSessionLogs(supportDesk, 1+rng.IntN(5))
		}
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var shrank bool
	lastTotal := 0
	virtual(tl, e.clock, func(n int) {
		d.polls = n
		switch {
		case n < 14:
			e.f.AddSessionLogs(supportDesk, 1000+rng.IntN(900))
		case n == 14:
			e.f.AddSessionLogs(supportDesk, 3000)
		case n < 20:
			e.f.AddSessionLogs(supportDesk, rng.IntN(30))
		case n == 20:
			writing = false
		default:
			cancel()
		}
	})
	var first api.ID
	err := Follow(ctx, tl, func(b Batch[api.SessionLog]) {
		if first == "" && len(b.New) > 0 {
			first = b.New[0].ID
		}
		if b.Total < lastTotal {
			shrank = true
		}
		lastTotal = b.Total
		d.add(b)
	}, func(err error) { d.errs = append(d.errs, err) })
	if err != nil || len(d.errs) > 0 {
		t.Fatalf("Follow: %v; poll errors %v", err, d.errs)
	}
	if !shrank {
		t.Fatal("total never shrank: the fake's pruning was not exercised")
	}
	truth := allLogs(t, src)
	lost := checkStream(t, src, d, truth, first)
	if lost == 0 || len(d.gaps) == 0 {
		t.Errorf("lost %d, gaps %d: the burst of 3,000 should overflow the cap of 2,000", lost, len(d.gaps))
	}
	t.Logf("%d entries on the server, %d delivered, %d lost inside %d gaps, %d requests in %d polls",
		len(truth), len(d.count), lost, len(d.gaps), d.requests, d.polls)
}
