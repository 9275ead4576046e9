package tail

// Page geometry. A request (page p, size n) covers the positions
// [(p−1)n, pn) of the server's order; the tail chooses n (up to the largest
// the server serves) and p so that the ranks it needs fall inside.

// position of a rank in the server's order, with total as it will likely
// be when the request arrives (newest first, arrivals push entries down).
func (t *Tail[T]) position(rank int) int {
	rank = min(max(rank, 0), max(t.lastN-1, 0))
	if t.order == oldestFirst {
		return rank
	}
	return t.expected() - 1 - rank
}

// expected is total now, from the last answer and how fast it grows.
func (t *Tail[T]) expected() int {
	return t.lastN + int(t.rate*t.now().Sub(t.lastAt).Seconds())
}

// topRequest is the newest page: page 1, or oldest first the page that
// ends at the newest entry, with room above it for entries that arrive
// meanwhile.
func (t *Tail[T]) topRequest() request {
	if t.order != oldestFirst || t.lastN == 0 {
		return request{page: 1, perPage: t.perPage, top: true}
	}
	room := min(10, t.perPage/4)
	r := t.around(t.lastN-1+room, false)
	r.top = true
	return r
}

// reach is a page holding rank (an entry already seen) and as much as
// possible older than it: the way down through a backlog.
func (t *Tail[T]) reach(rank int) request {
	return t.around(t.position(rank), t.order != oldestFirst)
}

// climb is a page holding rank and as much as possible newer than it: the
// way up to the end of a second whose upper end is not known.
func (t *Tail[T]) climb(rank int) request {
	return t.around(t.position(rank), t.order == oldestFirst)
}

// around is the page holding position pos that reaches furthest towards
// larger positions (up) or smaller ones, preferring larger pages.
func (t *Tail[T]) around(pos int, up bool) request {
	pos = max(pos, 0)
	best, bestN := -1, 0
	for n := t.perPage; n >= t.perPage/2; n-- {
		reach := pos % n
		if up {
			reach = n - 1 - pos%n
		}
		if reach > best {
			best, bestN = reach, n
		}
	}
	return request{page: pos/bestN + 1, perPage: bestN}
}

// cover is a page holding every rank in [lo, hi], with as much room as
// possible on the side entries move towards while the request travels
// (older positions when arrivals push everything down the pages).
func (t *Tail[T]) cover(lo, hi int) (request, bool) {
	lo, hi = max(lo, 0), min(hi, t.lastN-1)
	x, y := t.position(hi), t.position(lo)
	if x > y {
		x, y = y, x
	}
	best, found := request{}, false
	bestRoom := -1
	for n := t.perPage; n >= y-x+1 && n > 0; n-- {
		p := x/n + 1
		if p*n-1 < y {
			continue
		}
		room := p*n - 1 - y
		if t.order == oldestFirst {
			room = x - (p-1)*n
		}
		if room > bestRoom {
			best, bestRoom, found = request{page: p, perPage: n}, room, true
		}
	}
	return best, found
}

// inside is a page within the ranks [lo, hi) of a second too big for one
// page: each read of it brings a new share of its entries, whatever order
// the server serves them in this time. Page sizes vary so that the pages
// do not always cut the second at the same places.
func (t *Tail[T]) inside(lo, hi int) request {
	a, b := t.position(hi-1), t.position(lo)
	if a > b {
		a, b = b, a
	}
	n := t.perPage - t.rand.IntN(t.perPage/5+1)
	first := (a + n - 1) / n // pages that start at or after a...
	last := (b+1)/n - 1      // ...and end at or before b
	if first > last {
		first, last = a/n, b/n // the second is smaller than the page
	}
	return request{page: first + t.rand.IntN(last-first+1) + 1, perPage: n}
}
