package tail

import (
	"cmp"
	"context"
	"math"
	"slices"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
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

// readTop notes a read of the newest page. The newest second of the read
// before may have grown since, so it must be verified again.
func (t *Tail[T]) readTop(v view[T]) {
	if b := t.led.blocks[t.led.top]; b != nil {
		b.verified, b.byTotal = false, false
	}
	now := t.now()
	top := noSecond
	if len(v.runs) > 0 {
		top = v.runs[0].sec
	}
	// Nothing arrived between two reads of the newest page well after its
	// second ended: that second is over, and can be counted.
	t.quiet = v.total == t.led.topN && top == t.led.top && now.Sub(t.topRead) >= quietFor && now.Unix()-top >= 2
	t.topRead, t.topStep = now, t.steps+1
	t.unfinished = true
	t.led.found, t.led.later = t.led.found+t.led.later, 0
	t.led.top, t.led.topN, t.led.topOK = top, v.total, v.atTop
	t.led.topWhole = len(v.runs) == 0 || v.runs[0].upper && v.runs[0].lower
	if !t.floorSet && v.atTop {
		t.startFloor(v)
		t.floorSet = true
	}
}

// startFloor sets the first floor: back to Since, or below the newest
// Backfill entries the first page holds whole (at least its newest second).
func (t *Tail[T]) startFloor(v view[T]) {
	if !t.opts.Since.IsZero() {
		t.led.floor = second(t.opts.Since) - 1
		t.led.floorAt = t.opts.Since
		return
	}
	want := max(t.opts.Backfill, 0)
	count := 0
	t.led.floor = noSecond // the page reaches the oldest entry: all of it
	for k, r := range v.runs {
		n := r.to - r.from
		switch {
		case !r.upper || !r.lower:
			t.led.floor = r.sec // partly on the page: history
			if k == 0 {
				t.led.floor = r.sec - 1 // the newest second is read whole first
			}
		case k > 0 && count+n > want:
			t.led.floor = r.sec
		default:
			count += n
			continue
		}
		break
	}
	if t.led.floor > noSecond {
		t.led.floorAt = time.Unix(t.led.floor, 0).UTC()
	} else {
		t.whole = true
	}
}

// absorb takes the entries of a view (delivering those not delivered
// before, and changes of those that were) and, if its layout can be
// trusted, what it shows of each second's block.
func (t *Tail[T]) absorb(b *Batch[T], v view[T], layout, top bool) {
	t.steps++
	t.pruned(v.total)
	now := t.now()
	if dt := now.Sub(t.lastAt).Seconds(); t.steps > 1 && dt > 0 {
		r := float64(max(v.total-t.lastN, 0)) / dt
		t.rate = (3*t.rate + r) / 4
	}
	t.lastN, t.lastAt = v.total, now
	if !t.floorSet {
		return // nothing is delivered before the first floor is set
	}
	quiet := !t.started && t.opts.Backfill < 0 && t.opts.Since.IsZero()
	until := int64(math.MaxInt64)
	if !t.opts.Until.IsZero() {
		until = second(t.opts.Until)
	}
	for i, e := range v.es {
		id, sec := v.ids[i], v.secs[i]
		if p, ok := t.pending[id]; ok {
			p.rank, p.seen = v.rankOf(i), t.steps
			t.pending[id] = p
		}
		if t.changed(b, e, id) || sec <= t.led.floor {
			continue
		}
		t.led.known[id] = mark{sec: sec, version: t.version(e)}
		t.led.block(sec).n++
		if quiet || sec >= until {
			continue
		}
		b.New = append(b.New, e)
		if !top && (sec > t.led.top || sec == t.led.top && !t.quiet) {
			// Only the newest second grows: an entry of it met below the
			// newest page may have arrived since that read, so it counts
			// in the next read's total.
			t.led.later++
		} else {
			t.led.found++
		}
		if t.src.Pending != nil && t.src.Pending(e) {
			t.pending[id] = pendingAt{version: t.version(e), since: t.now(), rank: v.rankOf(i), seen: t.steps}
		}
	}
	if !layout {
		return
	}
	at := t.steps
	for k, r := range v.runs {
		if r.sec <= t.led.floor {
			continue
		}
		bl := t.led.block(r.sec)
		if lo := v.lo(r); !bl.low.ok || lo < bl.low.rank {
			bl.low = bound{rank: lo, at: at, ok: true}
		}
		if hi := v.hi(r) - 1; !bl.high.ok || hi > bl.high.rank {
			bl.high = bound{rank: hi, at: at, ok: true}
		}
		if r.upper {
			bl.hi = bound{rank: v.hi(r), at: at, ok: true, frozen: r.from > 0 || t.quiet}
		}
		if r.lower {
			bl.lo = bound{rank: v.lo(r), at: at, ok: true}
			bl.below, bl.belowOK = v.below(k)
		}
		bl.check()
		if r.upper && r.lower {
			bl.verified, bl.byTotal = true, false
			continue
		}
		t.countRule(bl)
	}
}

// countRule verifies a block by its count (rules 2 and 3 of the package
// comment). Measured in the safe order, more ids than its ends allow only
// means nothing is missing; otherwise its lower end is measured again.
func (t *Tail[T]) countRule(bl *block) {
	n, safe, ok := bl.size()
	switch {
	case !ok || bl.verified || bl.n < n:
	case safe:
		bl.verified = true
	case bl.n == n && t.led.base >= 0:
		bl.verified, bl.byTotal = true, true
	}
}

// pruned handles a total that shrank: the server dropped old entries, so
// every rank measured before is too high by about as many. The ends of
// blocks still being read are measured again (counts must compare ranks of
// one moment); where to read next is moved by the estimate.
func (t *Tail[T]) pruned(total int) {
	p := t.expected() - total
	if total >= t.lastN || p <= 0 {
		return
	}
	for _, bl := range t.led.blocks {
		bl.lo.ok, bl.hi.ok = false, false
		bl.low.rank -= p
		bl.high.rank -= p
	}
}

// changed delivers a change of an entry delivered before, and reports
// whether the entry was delivered before.
func (t *Tail[T]) changed(b *Batch[T], e T, id api.ID) bool {
	if t.src.Version == nil {
		_, ok := t.led.known[id]
		return ok
	}
	ver := t.version(e)
	m, known := t.led.known[id]
	p, watched := t.pending[id]
	switch {
	case known && m.version != ver:
		m.version = ver
		t.led.known[id] = m
	case !known && watched && p.version != ver:
	default:
		return known
	}
	b.Updated = append(b.Updated, e)
	if t.src.Pending != nil && t.src.Pending(e) {
		p.version = ver
		t.pending[id] = p
	} else {
		delete(t.pending, id)
	}
	return true
}

func (t *Tail[T]) version(e T) uint64 {
	if t.src.Version == nil {
		return 0
	}
	return versionHash(t.src.Version(e))
}

// review looks at the chain after a step: it finishes the cycle when the
// chain is complete, and reports what cannot be read as gaps.
func (t *Tail[T]) review(b *Batch[T]) {
	for {
		need, s := t.led.next(t.perPage)
		if need == needNone {
			if !t.unfinished || t.finish(b) {
				return
			}
			continue
		}
		t.walking = true
		if need == needTop {
			return
		}
		bl := t.led.blocks[s]
		switch {
		case need == needMore && bl.rereads > rereadLimit(bl, t.perPage):
			n, _, _ := bl.size()
			at := time.Unix(s, 0).UTC()
			b.Gaps = append(b.Gaps, Gap{From: at, To: at, Missing: n - bl.n})
			bl.verified = true
			t.led.found += n - bl.n // reported: the reconciliation counts them
		case t.led.topN-1-bl.low.rank > t.opts.Backlog:
			t.giveUp(b, s)
		default:
			return
		}
	}
}

// giveUp reports everything between the floor and second s (the first one
// the chain lacks, too deep below the newest) as a gap, and moves the floor
// up to s.
func (t *Tail[T]) giveUp(b *Batch[T], s int64) {
	g := Gap{From: t.led.delivered(s), To: time.Unix(s, 0).UTC(), Missing: t.led.hole(s)}
	if g.Missing < 0 {
		g.Missing = max(t.deficit(), 0)
	}
	if !t.started && !t.opts.Since.IsZero() {
		g.From = t.opts.Since
	}
	b.Gaps = append(b.Gaps, g)
	t.led.found += g.Missing
	t.led.floor = s
	t.led.forget()
}

// deficit is how many more entries total says arrived since the last
// cycle than were found; 0 when it cannot tell (the first cycle).
func (t *Tail[T]) deficit() int {
	if t.led.base < 0 {
		return 0
	}
	return t.led.topN - t.led.base - t.led.found
}

// finish ends a complete cycle. It reconciles what was found with the
// growth of total: a second verified only by rule 3 needs the exact match,
// else it is read again (finish reports false); a surplus in total that the
// chain cannot hold is a gap. Then the floor moves up to below the newest
// second, which alone can still grow.
func (t *Tail[T]) finish(b *Batch[T]) bool {
	top := t.led.blocks[t.led.top]
	// Unless the newest page held its newest second whole, entries of that
	// second met later cannot be told from arrivals since: total is
	// compared at a later cycle, and the count carries on until then.
	whole := top == nil || t.led.topWhole
	d := t.deficit()
	if whole && d != 0 && t.unverifyByTotal() {
		return false
	}
	if s, ok := t.led.bottom(); ok && t.led.floor > noSecond {
		// The chain ends at the oldest entry the server still has, above
		// the floor: it dropped entries that were never read.
		b.Gaps = append(b.Gaps, Gap{From: t.led.floorAt, To: time.Unix(s, 0).UTC()})
		d = 0
	}
	if whole && d > 0 {
		b.Gaps = append(b.Gaps, Gap{From: t.led.floorAt, To: time.Unix(t.led.top, 0).UTC(), Missing: d})
	}
	if top != nil {
		if top.belowOK {
			t.led.settle(top.below)
		}
		top.verified, top.byTotal = false, false
		top.rereads = 0
	}
	if whole || t.led.base < 0 {
		t.led.base, t.led.found, t.led.later = t.led.topN, t.led.later, 0
	}
	t.started, t.walking, t.unfinished = true, false, false
	t.expirePending()
	return true
}

func (t *Tail[T]) unverifyByTotal() bool {
	any := false
	for _, b := range t.led.blocks {
		if b.byTotal {
			b.verified, b.byTotal = false, false
			any = true
		}
	}
	return any
}

func (t *Tail[T]) expirePending() {
	now := t.now()
	for id, p := range t.pending {
		if now.Sub(p.since) > t.opts.PendingFor {
			delete(t.pending, id)
		}
	}
}

// freshest is the bound measured last.
func freshest(a, b bound) bound {
	if b.ok && (!a.ok || b.at > a.at) {
		return b
	}
	return a
}

// rereadLimit bounds the requests spent completing one second too big for
// a page: about 2.5 times what collecting every id of it takes when each
// request shows a random page of it.
func rereadLimit(b *block, pageSize int) int {
	n, _, _ := b.size()
	pages := float64(n) / float64(pageSize)
	return 5 + int(2.5*pages*math.Log(float64(n)+1))
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
