package tail

import (
	"math"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
)

// ledger is what the tail knows about the log above its floor.
type ledger struct {
	floor    int64     // every entry of this second or older is handled
	floorAt  time.Time // newest entry delivered at or below the floor: a gap starts there
	known    map[api.ID]mark
	blocks   map[int64]*block
	top      int64 // newest second of the latest read of the newest page
	topN     int   // total of that read
	topOK    bool  // that read held the newest entry of the log
	topWhole bool  // and the whole of its newest second
	base     int   // total when the last cycle finished; -1 = none yet
	found    int   // entries delivered since then that the newest page's total counts
	later    int   // entries delivered since then that arrived after that read
}

// mark is a delivered id: its second and a hash of its version.
type mark struct {
	sec     int64
	version uint64
}

// block is what is known of one second's entries.
type block struct {
	n         int   // distinct ids of this second delivered (or passed over as history)
	lo, hi    bound // ranks of its ends, as last measured
	low, high bound // the lowest and highest ranks an entry of it was seen at
	below     int64 // the next older second present in the log
	belowOK   bool
	verified  bool
	// byTotal: verified by rule 3 (see the package comment), which holds
	// only if the cycle's reconciliation with total is exact.
	byTotal bool
	rereads int // requests spent completing it by its count
	// tries counts requests planned for it since what is known of it last
	// changed (mark); many without a change mean its ranks are wrong.
	tries int
	mark  [5]int
}

// bound is a rank with the step it was measured at. An upper end measured
// against a newer second is frozen: nothing more can arrive in the block
// (new entries carry the newest time), so it may be counted.
type bound struct {
	rank, at int
	ok       bool
	frozen   bool
}

func newLedger() ledger {
	return ledger{floor: noSecond, known: map[api.ID]mark{}, blocks: map[int64]*block{}, base: -1}
}

func (l *ledger) block(sec int64) *block {
	b := l.blocks[sec]
	if b == nil {
		b = &block{}
		l.blocks[sec] = b
	}
	return b
}

// size is the block's entry count when both ends are known: by rule 2 when
// lo was measured no earlier than hi, else (rule 3) only with byTotal.
func (b *block) size() (n int, safe, ok bool) {
	if !b.lo.ok || !b.hi.ok || !b.hi.frozen || b.hi.rank <= b.lo.rank {
		return 0, false, false
	}
	return b.hi.rank - b.lo.rank, b.lo.at >= b.hi.at, true
}

// need is what a cycle still has to read.
type need int

const (
	needNone  need = iota // the chain is complete
	needTop               // the newest page
	needBelow             // the entries under the lowest ones seen of a second
	needWhole             // a second whose ends are known, small enough for one page
	needMore              // a second too big for one page: more of its ids
	needLow               // a second whose ids are all seen, but its lower end was measured before its upper one
	needAbove             // a second whose upper end is not known
)

// next walks the chain from the newest second down to the floor and says
// what the first gap in it needs. The newest second needs only its lower
// end: it can still grow, so the next cycle verifies it again anyway.
func (l *ledger) next(pageSize int) (need, int64) {
	if !l.topOK {
		return needTop, 0
	}
	for s := l.top; s > l.floor; {
		b := l.blocks[s]
		switch {
		case b == nil:
			return needTop, 0
		case b.verified || s == l.top && b.lo.ok && !b.hi.frozen:
		case !b.hi.ok:
			return needAbove, s
		case !b.lo.ok:
			return needBelow, s
		default:
			n, _, _ := b.size()
			switch {
			case b.n >= n:
				return needLow, s
			case n <= pageSize-2:
				return needWhole, s
			}
			return needMore, s
		}
		if !b.belowOK {
			return needBelow, s
		}
		s = b.below
	}
	return needNone, 0
}

// check keeps lo <= low <= high < hi: where two measurements of one
// block contradict each other (the server moved ranks by dropping old
// entries between them), the older one goes. An end is measured again; an
// extreme is moved next to the fresher end.
func (b *block) check() {
	if b.lo.ok && b.hi.ok && b.lo.rank >= b.hi.rank {
		if b.lo.at > b.hi.at {
			b.hi.ok = false
		} else {
			b.lo.ok = false
		}
	}
	if b.lo.ok && b.low.ok && b.low.rank < b.lo.rank {
		if b.low.at > b.lo.at {
			b.lo.ok = false
		} else {
			b.low = b.lo
		}
	}
	if b.hi.ok && b.high.ok && b.high.rank >= b.hi.rank {
		if b.high.at > b.hi.at {
			b.hi.ok = false
		} else {
			b.high = bound{rank: b.hi.rank - 1, at: b.hi.at, ok: true}
		}
	}
	if b.hi.ok && b.low.ok && b.low.rank >= b.hi.rank && b.low.at < b.hi.at {
		b.low = bound{rank: b.hi.rank - 1, at: b.hi.at, ok: true}
	}
	if b.lo.ok && b.high.ok && b.high.rank < b.lo.rank && b.high.at < b.lo.at {
		b.high = b.lo
	}
}

// stuck counts a request planned for the block and reports whether the
// requests before it all left it as it was.
func (b *block) stuck() bool {
	now := [5]int{b.n, b.lo.at, b.hi.at, b.low.at, b.high.at}
	if now != b.mark {
		b.mark, b.tries = now, 0
	}
	b.tries++
	return b.tries > stuckAfter
}

// stuckAfter is how many requests may leave a block unchanged before its
// ranks are taken to be wrong.
const stuckAfter = 6

// relocate forgets the ranks of block s and starts looking for it again
// just below the second above it, whose lower end was seen last.
func (l *ledger) relocate(s int64) {
	b := l.blocks[s]
	b.lo.ok, b.hi.ok, b.tries = false, false, 0
	for _, up := range l.blocks {
		if up.belowOK && up.below == s && up.lo.ok {
			b.low = bound{rank: up.lo.rank - 1, at: up.lo.at, ok: true}
			b.high = b.low
			return
		}
	}
	l.topOK = false // read the newest page and come down again
}

// bottom returns the lowest second of a complete chain if the chain ends
// at the oldest entry of the log rather than at the floor.
func (l *ledger) bottom() (int64, bool) {
	for s := l.top; s > l.floor; {
		b := l.blocks[s]
		if b == nil || !b.belowOK {
			return 0, false
		}
		if b.below == noSecond {
			return s, true
		}
		s = b.below
	}
	return 0, false
}

// delivered is the time of the newest entry delivered below second s: a
// gap that ends at s starts there.
func (l *ledger) delivered(s int64) time.Time {
	newest := noSecond
	for _, m := range l.known {
		if m.sec < s && m.sec > newest {
			newest = m.sec
		}
	}
	if newest == noSecond {
		return l.floorAt
	}
	return time.Unix(newest, 0).UTC()
}

// hole counts the entries above the floor and up to second s that were not
// delivered, from ranks: those above the floor start where the lowest
// second above it starts. -1 when the ranks do not tell.
func (l *ledger) hole(s int64) int {
	bs := l.blocks[s]
	if bs == nil || !bs.hi.ok {
		return -1
	}
	start, ok := 0, false
	lowest := int64(math.MaxInt64)
	for sec, b := range l.blocks {
		if sec > l.floor && sec < lowest && b.lo.ok {
			lowest, start, ok = sec, b.lo.rank, true
		}
	}
	if !ok || start > bs.hi.rank {
		return -1
	}
	got := 0
	for _, m := range l.known {
		if m.sec > l.floor && m.sec <= s {
			got++
		}
	}
	return max(bs.hi.rank-start-got, 0)
}

// settle moves the floor up to the second below the newest once the chain
// is complete, and forgets what lies at or below it.
func (l *ledger) settle(newFloor int64) {
	if newFloor <= l.floor {
		return
	}
	l.floor = newFloor
	l.floorAt = latest(l.floorAt, time.Unix(newFloor, 0).UTC())
	l.forget()
}

// forget drops blocks and ids at or below the floor.
func (l *ledger) forget() {
	for s := range l.blocks {
		if s <= l.floor {
			delete(l.blocks, s)
		}
	}
	for id, m := range l.known {
		if m.sec <= l.floor {
			delete(l.known, id)
		}
	}
}

func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
