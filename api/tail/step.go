package tail

import (
	"cmp"
	"context"
	"slices"
	"time"
)

// Step makes one request: the newest page, or the next page of a cycle
// still under way, and returns what it brought. A batch may carry entries
// even with an error (a page out of time order is still read for them).
// On a failed request nothing changes, so the next Step resumes.
func (t *Tail[T]) Step(ctx context.Context) (Batch[T], error) {
	return t.step(ctx, t.plan(t.now()))
}

// Revisit reads again where entries awaiting a change (a message in
// progress) were last seen, when Stale says some are out of the newest
// page's sight: a lower priority than Step, for spare requests.
func (t *Tail[T]) Revisit(ctx context.Context) (Batch[T], error) {
	rank, ok := t.stalest()
	if !ok {
		return Batch[T]{Total: t.lastN, At: t.now()}, nil
	}
	return t.step(ctx, t.reach(rank+t.perPage/3))
}

// Stale reports whether entries awaiting a change were not seen by the
// latest read of the newest page, so that Revisit has something to read.
func (t *Tail[T]) Stale() bool {
	_, ok := t.stalest()
	return ok && !t.CatchingUp()
}

// stalest is the rank of the newest pending entry not seen since the last
// read of the newest page, within reach of the backlog.
func (t *Tail[T]) stalest() (int, bool) {
	best, found := 0, false
	for _, p := range t.pending {
		if p.seen >= t.topStep || t.lastN-1-p.rank > t.opts.Backlog {
			continue
		}
		if !found || p.rank > best {
			best, found = p.rank, true
		}
	}
	return best, found
}

func (t *Tail[T]) step(ctx context.Context, req request) (Batch[T], error) {
	if !t.busy.CompareAndSwap(false, true) {
		return Batch[T]{}, errBusy
	}
	defer t.busy.Store(false)
	if err := ctx.Err(); err != nil {
		return Batch[T]{}, err
	}
	b := Batch[T]{Requests: 1}
	page, err := t.src.Fetch(ctx, req.page, req.perPage)
	if err != nil {
		t.fails++
		b.Total, b.CatchingUp, b.At = t.lastN, t.CatchingUp(), t.now()
		return b, err
	}
	t.fails, t.backoff.d = 0, 0
	v, verr := t.readView(page, req.page, req.perPage)
	if req.top && verr == nil {
		t.readTop(v)
	}
	t.absorb(&b, v, verr == nil, req.top)
	if t.floorSet && verr == nil {
		t.review(&b)
	}
	chronological(b.New, t.src)
	chronological(b.Updated, t.src)
	b.Total, b.CatchingUp, b.At = t.lastN, t.CatchingUp(), t.now()
	return b, verr
}

// Poll steps until the tail has caught up (or a step fails) and returns all
// that came, for one-shot reads and tests; a long backlog costs as many
// requests as it has pages, made back to back.
func (t *Tail[T]) Poll(ctx context.Context) (Batch[T], error) {
	var all Batch[T]
	limit := 2*t.opts.Backlog/t.opts.PerPage + 64
	for i := 0; ; i++ {
		b, err := t.Step(ctx)
		all.add(b)
		if err != nil || !t.CatchingUp() || i >= limit {
			return all, err
		}
	}
}

// quietFor is how long the newest page must stay the same for its newest
// second to count as over.
const quietFor = 1500 * time.Millisecond

// request is a page to ask for.
type request struct {
	page, perPage int
	top           bool // the newest page
}

// plan picks the next request: the newest page when the tail is caught up
// or when the newest page was read more than an interval ago, else the page
// the first gap in the chain needs. A walk makes a step between two reads
// of the newest page, so a tail stepped less often than its interval (one
// of many streams on a budget) still gets to the bottom of a backlog.
func (t *Tail[T]) plan(now time.Time) request {
	if t.topRead.IsZero() || !t.walking || now.Sub(t.topRead) >= t.opts.Interval && t.topStep < t.steps {
		return t.topRequest()
	}
	need, s := t.led.next(t.perPage)
	b := t.led.blocks[s]
	if b != nil && b.stuck() {
		t.led.relocate(s)
	}
	switch need {
	case needBelow:
		return t.reach(b.low.rank)
	case needLow:
		return t.reach(freshest(b.lo, b.low).rank)
	case needAbove:
		return t.climb(b.high.rank)
	case needWhole:
		if r, ok := t.cover(b.lo.rank-1, b.hi.rank); ok {
			return r
		}
		fallthrough
	case needMore:
		b.rereads++
		return t.inside(b.lo.rank, b.hi.rank)
	}
	return t.topRequest()
}

// chronological sorts entries oldest first: by time, then by id (numbers
// numerically), so entries of one second come out in the order the server
// created them however it shuffled them.
func chronological[T any](es []T, src Source[T]) {
	if len(es) < 2 {
		return
	}
	slices.SortStableFunc(es, func(a, b T) int {
		if c := src.Time(a).Compare(src.Time(b)); c != 0 {
			return c
		}
		ia, ib := src.ID(a), src.ID(b)
		if ia.Less(ib) {
			return -1
		}
		return cmp.Compare(0, boolInt(ib.Less(ia)))
	})
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// versionHash is FNV-1a: versions are compared, never shown, so a hash
// keeps the memory per id fixed.
func versionHash(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}
