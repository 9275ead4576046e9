package tail

import (
	"math"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
)

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
