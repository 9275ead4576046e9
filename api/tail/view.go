package tail

import (
	"fmt"
	"math"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
)

// order says at which end of the paginator the newest entries are. The docs
// show newest first; a server that lists oldest first is recognised from
// the data.
type order int8

const (
	newestFirst order = iota
	oldestFirst
)

// noSecond stands for "older than every entry": the floor of a tail that
// delivered the whole log.
const noSecond int64 = math.MinInt64

// view is one answer: its entries newest first, each with its second and
// rank, split into runs of one second.
type view[T any] struct {
	bad    bool // times go both ways: nothing is learnt from its layout
	total  int
	top    int // rank of the newest entry in the view (= total-1 when atTop)
	atTop  bool
	atBase bool // the view holds the oldest entry of the log (rank 0)
	es     []T
	ids    []api.ID
	secs   []int64
	runs   []run
}

// run is the entries of one second in a view, es[from:to].
type run struct {
	sec      int64
	from, to int
	// upper and lower say whether the view holds the neighbour above (a
	// newer entry, or none: the newest of the log) and below (an older one,
	// or none: the oldest). Both: the view saw the second whole.
	upper, lower bool
}

// rankOf is the rank of es[i].
func (v *view[T]) rankOf(i int) int { return v.top - i }

// hi and lo are the ranks just above and at the bottom of a run: its part
// of the block is [lo, hi).
func (v *view[T]) hi(r run) int { return v.rankOf(r.from) + 1 }
func (v *view[T]) lo(r run) int { return v.rankOf(r.to - 1) }

// below is the second of the run under r in the view, if any.
func (v *view[T]) below(k int) (int64, bool) {
	if k+1 < len(v.runs) {
		return v.runs[k+1].sec, true
	}
	if v.runs[k].lower { // the oldest entry of the log
		return noSecond, true
	}
	return 0, false
}

// errOrder is a page whose times go both ways: the order the tail relies on
// does not hold, so nothing is learnt from it (its entries still count).
var errOrder = fmt.Errorf("tail: a page of the log is not in time order")

// readView turns an answer to (page, perPage) into a view. It detects the
// server's order from the data the first time entries of two seconds show
// it; a page going both ways is errOrder.
func (t *Tail[T]) readView(p api.LogPage[T], page, perPage int) (view[T], error) {
	pp := int(p.PerPage)
	if pp <= 0 {
		pp = perPage
	}
	if pp < perPage && pp > 0 {
		t.perPage = max(pp, 4) // the server caps the page size
	}
	start := (page - 1) * pp
	if p.From > 0 {
		start = int(p.From) - 1
	}
	n := len(p.Data)
	total := int(p.Total)
	if total < start+n { // a total that is missing or too small
		total = start + n
	}
	v := view[T]{total: total, es: make([]T, n), ids: make([]api.ID, n), secs: make([]int64, n)}
	if n == 0 {
		v.top = total - 1 - start
		v.atTop, v.atBase = start == 0, true
		return v, nil
	}
	secs := make([]int64, n)
	for i, e := range p.Data {
		secs[i] = second(t.src.Time(e))
	}
	fillMissing(secs)
	switch dir := direction(secs); {
	case dir == 2:
		v.bad = true
	case dir != 0:
		o := newestFirst
		if dir > 0 {
			o = oldestFirst
		}
		if !t.ordered {
			t.order, t.ordered = o, true
		}
		v.bad = o != t.order
	}
	// Lay the entries out newest first.
	for i := range n {
		j := i
		if t.order == oldestFirst {
			j = n - 1 - i
		}
		v.es[i], v.secs[i] = p.Data[j], secs[j]
		v.ids[i] = t.src.ID(p.Data[j])
	}
	if t.order == oldestFirst {
		v.top = start + n - 1
	} else {
		v.top = total - 1 - start
	}
	v.atTop = v.top >= total-1
	v.atBase = v.top-(n-1) <= 0
	if v.bad {
		return v, errOrder
	}
	for i := 0; i < n; {
		j := i
		for j < n && v.secs[j] == v.secs[i] {
			j++
		}
		v.runs = append(v.runs, run{sec: v.secs[i], from: i, to: j, upper: i > 0 || v.atTop, lower: j < n || v.atBase})
		i = j
	}
	return v, nil
}

// second is a time's whole second; the zero time (no timestamp) is placed by
// fillMissing.
func second(at time.Time) int64 {
	if at.IsZero() {
		return noSecond
	}
	return at.Unix()
}

// fillMissing gives an entry without a time the second of its neighbour,
// so it neither breaks a run nor fakes a boundary.
func fillMissing(secs []int64) {
	for i := range secs {
		if secs[i] == noSecond && i > 0 {
			secs[i] = secs[i-1]
		}
	}
	for i := len(secs) - 2; i >= 0; i-- {
		if secs[i] == noSecond {
			secs[i] = secs[i+1]
		}
	}
}

// direction is -1 when times fall along the page, +1 when they rise, 0 when
// they say nothing (one second) and 2 when they go both ways.
func direction(secs []int64) int {
	down, up := false, false
	for i := 1; i < len(secs); i++ {
		switch {
		case secs[i] < secs[i-1]:
			down = true
		case secs[i] > secs[i-1]:
			up = true
		}
	}
	switch {
	case down && up:
		return 2
	case down:
		return -1
	case up:
		return 1
	}
	return 0
}
