package tail

import (
	"math"
	"time"
)

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
