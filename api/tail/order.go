package tail

import (
	"cmp"
	"slices"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
)

// order says at which end of the paginator the newest entries are. The docs
// show newest first; a server that lists oldest first is recognised from
// the data and walked from its last page down.
type order int8

const (
	newestFirst order = iota // the default until the data says otherwise
	oldestFirst
)

// detectOrder reads a page's timestamps: all non-increasing means newest
// first, all non-decreasing oldest first; equal times (a burst within one
// second) say nothing, and a mixed page is decided by the majority.
func detectOrder[T any](data []T, timeOf func(T) time.Time) (order, bool) {
	down, up := 0, 0
	var prev time.Time
	for _, e := range data {
		at := timeOf(e)
		if at.IsZero() {
			continue
		}
		if !prev.IsZero() {
			switch {
			case at.Before(prev):
				down++
			case at.After(prev):
				up++
			}
		}
		prev = at
	}
	switch {
	case down > up:
		return newestFirst, true
	case up > down:
		return oldestFirst, true
	}
	return newestFirst, false
}

// item is an entry with what ordering and deduplication need, read once.
type item[T any] struct {
	e   T
	id  api.ID
	at  time.Time
	n   int64 // the id as a number, when num
	num bool
}

func newItem[T any](e T, id api.ID, at time.Time) item[T] {
	n, num := id.Int()
	return item[T]{e: e, id: id, at: at, n: n, num: num}
}

// chronological sorts entries oldest first: by time, then by id (numbers
// numerically, as api.ID.Less), so entries of the same second come out in
// the order the server created them however it shuffled them.
func chronological[T any](items []item[T]) {
	slices.SortFunc(items, func(a, b item[T]) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		if a.num && b.num {
			return cmp.Compare(a.n, b.n)
		}
		return cmp.Compare(a.id, b.id)
	})
}
