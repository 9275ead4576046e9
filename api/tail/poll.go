package tail

import (
	"context"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
)

// How a poll walks ("page 1" is the newest page: the last page on a server
// that lists oldest first, which is recognised from the data):
//
//  1. The first poll reads back Backfill entries (or to Since) with
//     CatchUpPerPage pages, at most MaxPages of them.
//  2. Later polls read page 1 with SteadyPerPage. If it holds an entry seen
//     before, total grew by exactly the number of new entries and no
//     pending entry is older than the page, that is all: one request.
//  3. Otherwise the walk starts again from page 1 with CatchUpPerPage (page
//     numbers depend on the page size, so sizes never mix within a walk)
//     and goes on until a page holds an entry seen before, total is
//     accounted for (deeper pages may hold new entries of the second seen
//     last) and every pending entry was re-read or passed; or MaxPages.
//  4. If total still promises more, page 1 is read again (inserts made
//     during the walk), then the pages on both sides of each boundary that
//     one second's entries straddled (served in a new order per request,
//     some can be on neither page), within what is left of MaxPages. What
//     is still missing is reported as a Gap, as is a burst the walk could
//     not reach back through; the entries behind that gap are given up.
//
// Entries inserted after page 1 was read but met deeper (a same-second
// reorder) are not in that total: they are counted as late, and carried
// into the next poll's count. Unseen entries older than the newest seen
// before are history, not new.
//
// A newest-first poll makes at most MaxPages + 2 requests (the steady page,
// the walk with its repairs, page 1 again); oldest first, up to three more
// to find the last page when it moved.

// pollState is what one poll has gathered. It becomes the Tail's state only
// when the whole poll succeeded, so a failed poll changes nothing.
type pollState[T any] struct {
	now     time.Time
	fresh   map[api.ID]int      // id -> index in items
	items   []item[T]           // entries not seen before, in the order met
	updates map[api.ID]item[T]  // entries seen before whose version changed
	met     map[api.ID]struct{} // pending entries re-read in this poll

	gaps     []Gap
	requests int
	order    order
	flipped  bool // the order was corrected during this poll (at most once)

	base      int  // total at this poll's last read of the newest page
	baseKnown bool //
	baseMin   time.Time
	baseMax   time.Time // newest entry on that page
	onBase    bool      // the page being read is that page
	late      int       // new entries inserted after that read, met on deeper pages
	total     int       // total of the last response

	capped  bool      // the last walk stopped at MaxPages
	reach   time.Time // the oldest entry time the last walk read
	abandon time.Time // a burst outran the walk: unseen entries up to here are given up
}

// walk is one pass from the newest page towards older ones, with one page
// size.
type walk struct {
	perPage  int  // page size asked for
	pp       int  // page size the server used
	oldest   bool // the server lists oldest first: walk down from the last page
	last     int  // oldest first: number of the newest page; 0 = not known yet
	pages    int  // pages read
	spent    int  // pages read including any before a restart: the MaxPages budget
	anchored bool // a page held an entry seen before this poll
	end      bool // the oldest entry has been read

	minAt, maxAt     time.Time // over the walk's pages
	pageMin, pageMax time.Time // of the page just read
	pageLen          int
	// tieAt is the newest time found on both sides of a page boundary:
	// entries of that second may have been reordered past the boundary.
	tieAt  time.Time
	lastNo int      // number of the page just read
	ties   [][2]int // pages on either side of a boundary with new entries of one second
}

// Poll makes one poll: page 1 first, walking further pages until it meets
// an entry already seen (or the cap), and returns what is new. On error the
// state is unchanged, so the next Poll resumes where this one stopped.
func (t *Tail[T]) Poll(ctx context.Context) (Batch[T], error) {
	if !t.busy.CompareAndSwap(false, true) {
		return Batch[T]{}, errBusy
	}
	defer t.busy.Store(false)

	p := t.begin()
	var err error
	if t.started {
		err = t.steady(ctx, p)
	} else {
		err = t.backfill(ctx, p)
	}
	if err != nil {
		t.fails++
		b := Batch[T]{Requests: p.requests, Total: t.total, At: t.now()}
		t.release(p)
		return b, err
	}
	t.fails, t.backoff.d = 0, 0
	return t.commit(p), nil
}

func (t *Tail[T]) begin() *pollState[T] {
	p := t.scratch
	if p == nil {
		p = &pollState[T]{fresh: map[api.ID]int{}, updates: map[api.ID]item[T]{}, met: map[api.ID]struct{}{}}
		t.scratch = p
	}
	p.now = t.now()
	p.gaps = nil
	p.requests = 0
	p.order, p.flipped = t.order, false
	p.base, p.baseKnown, p.late = 0, false, 0
	p.total = t.total
	p.capped, p.reach, p.abandon = false, time.Time{}, time.Time{}
	return p
}

// release empties the scratch state without keeping entries alive. Maps
// never shrink and clearing one costs its capacity, so after a large poll
// (a backfill, a burst) they are dropped rather than cleared.
func (t *Tail[T]) release(p *pollState[T]) {
	const keep = 512
	if len(p.fresh) > keep || cap(p.items) > keep {
		p.fresh, p.items = map[api.ID]int{}, nil
	} else {
		clear(p.fresh)
		clear(p.items)
		p.items = p.items[:0]
	}
	if len(p.updates) > keep {
		p.updates = map[api.ID]item[T]{}
	} else {
		clear(p.updates)
	}
	if len(p.met) > keep {
		p.met = map[api.ID]struct{}{}
	} else {
		clear(p.met)
	}
}

// backfill is the first poll: recent history, no gap for what lies beyond.
func (t *Tail[T]) backfill(ctx context.Context, p *pollState[T]) error {
	w := t.newWalk(p, t.opts.CatchUpPerPage)
	for {
		if err := t.step(ctx, p, w); err != nil {
			return err
		}
		if w.end || t.enough(p, w) {
			return nil
		}
		if w.spent >= t.opts.MaxPages {
			break
		}
	}
	// Asked for everything since a time the walk could not reach back to.
	if since := t.opts.Since; !since.IsZero() && !w.minAt.Before(since) {
		p.gaps = append(p.gaps, span(since, w.minAt, 0))
	}
	return nil
}

func (t *Tail[T]) enough(p *pollState[T], w *walk) bool {
	if !t.opts.Since.IsZero() {
		return w.minAt.Before(t.opts.Since)
	}
	return len(p.items) >= t.opts.Backfill
}

// steady is every later poll.
func (t *Tail[T]) steady(ctx context.Context, p *pollState[T]) error {
	w := t.newWalk(p, t.opts.SteadyPerPage)
	if err := t.step(ctx, p, w); err != nil {
		return err
	}
	// Oldest first, the newest page may hold only the last few entries;
	// the page below it belongs to a normal poll.
	if !t.done(p, w) && w.oldest && !w.end && w.pageLen < w.pp {
		if err := t.step(ctx, p, w); err != nil {
			return err
		}
	}
	if !t.done(p, w) && t.opts.SteadyPerPage < t.opts.CatchUpPerPage {
		w = t.newWalk(p, t.opts.CatchUpPerPage)
		if err := t.step(ctx, p, w); err != nil {
			return err
		}
	}
	for !t.done(p, w) && w.spent < t.opts.MaxPages {
		if err := t.step(ctx, p, w); err != nil {
			return err
		}
	}
	return t.finish(ctx, p, w)
}

// done reports whether the walk has read far enough.
func (t *Tail[T]) done(p *pollState[T], w *walk) bool {
	if w.end {
		return true
	}
	if !w.anchored {
		return false
	}
	// Entries missing by the count may have been pushed across a page
	// boundary; deeper pages can hold them only while they are not wholly
	// older than everything seen before this poll.
	if t.checkDeficit(p) && t.deficit(p) > 0 && !w.pageMax.Before(t.newest) && w.pageMax.After(t.abandoned) {
		return false
	}
	if at, ok := t.unresolved(p); ok && !w.minAt.Before(at) {
		return false
	}
	return true
}

// finish reports what the walk could not account for.
func (t *Tail[T]) finish(ctx context.Context, p *pollState[T], w *walk) error {
	p.capped, p.reach = !t.done(p, w), w.minAt
	check := t.checkDeficit(p)
	if p.capped && !w.anchored {
		// A burst larger than the walk: entries between the newest seen
		// before and the oldest read now were not reached (nor, in the
		// second at a page boundary, any reordered past it).
		d := 0
		if check {
			d = t.deficit(p)
		}
		to := latest(w.minAt, w.tieAt)
		if !check || d != 0 {
			p.gaps = append(p.gaps, span(t.newest, to, max(d, 0)))
		}
		// What the gap covers is given up: met later, it is not counted
		// as new (it was in this total), so it cannot hide a real loss.
		p.abandon = to
		return nil
	}
	if check && t.deficit(p) > 0 {
		if err := t.reread(ctx, p, w); err != nil {
			return err
		}
		if err := t.repair(ctx, p, w); err != nil {
			return err
		}
		if d := t.deficit(p); d > 0 {
			p.gaps = append(p.gaps, span(w.minAt, w.maxAt, d))
		}
	}
	return nil
}

// reread reads the newest page once more, for entries that slipped past a
// page boundary and for those inserted during the walk.
func (t *Tail[T]) reread(ctx context.Context, p *pollState[T], w *walk) error {
	no := 1
	if w.oldest {
		no = max(1, ceilDiv(p.total, w.pp))
	}
	page, err := t.fetch(ctx, p, no, w.perPage)
	if err != nil {
		return err
	}
	p.total = int(page.Total)
	var r walk
	t.read(p, &r, page, true)
	w.minAt, w.maxAt = earliest(w.minAt, r.minAt), latest(w.maxAt, r.maxAt)
	return nil
}

// repair re-reads the pages on both sides of each boundary that entries of
// one second straddled: served in a new order per request, some of them
// can be on neither page. Each pass finds most of what is left; the passes
// share what is left of the MaxPages budget.
func (t *Tail[T]) repair(ctx context.Context, p *pollState[T], w *walk) error {
	budget := t.opts.MaxPages - w.spent
	for pass := 0; pass < 3 && len(w.ties) > 0; pass++ {
		for _, pair := range w.ties {
			for _, no := range pair {
				if t.deficit(p) <= 0 {
					return nil
				}
				if budget <= 0 {
					return nil
				}
				if no <= 1 && !w.oldest && pass == 0 {
					continue // page 1 was just read again
				}
				budget--
				page, err := t.fetch(ctx, p, no, w.perPage)
				if err != nil {
					return err
				}
				p.total = int(page.Total)
				var r walk
				t.read(p, &r, page, false)
			}
		}
	}
	return nil
}

func (t *Tail[T]) checkDeficit(p *pollState[T]) bool {
	return t.started && t.known && p.baseKnown && !t.noDeficit
}

// deficit is how many new entries the growth of total promised and the
// poll has not found. Negative when the server pruned old entries. Late
// entries count in the next poll's total, where they are already seen.
func (t *Tail[T]) deficit(p *pollState[T]) int {
	return (p.base - t.total - t.late) - (len(p.items) - p.late)
}

// unresolved returns the time of the oldest pending entry this poll has
// neither re-read nor passed.
func (t *Tail[T]) unresolved(p *pollState[T]) (time.Time, bool) {
	var oldest time.Time
	found := false
	for id, pa := range t.pending {
		if _, ok := p.met[id]; ok || p.now.Sub(pa.since) > t.opts.PendingFor {
			continue
		}
		if !found || pa.at.Before(oldest) {
			oldest, found = pa.at, true
		}
	}
	return oldest, found
}

func (t *Tail[T]) newWalk(p *pollState[T], perPage int) *walk {
	w := &walk{perPage: perPage, oldest: p.order == oldestFirst}
	if w.oldest && t.started {
		pp := perPage
		if s := t.served[perPage]; s > 0 {
			pp = s
		}
		w.last = max(1, ceilDiv(p.total, pp))
	}
	return w
}

func (w *walk) pageNo() int {
	switch {
	case !w.oldest:
		return w.pages + 1
	case w.last == 0:
		return 1
	}
	return w.last - w.pages
}

// step reads the walk's next page.
func (t *Tail[T]) step(ctx context.Context, p *pollState[T], w *walk) error {
	for tries := 0; ; tries++ {
		no := w.pageNo()
		page, err := t.fetch(ctx, p, no, w.perPage)
		if err != nil {
			return err
		}
		pp := int(page.PerPage)
		if pp <= 0 {
			pp = w.perPage
		}
		t.served[w.perPage] = pp
		last := lastPage(page, pp, no)
		prev := p.total
		p.total = int(page.Total)

		if o, ok := detectOrder(page.Data, t.src.Time); ok && o != p.order && !p.flipped {
			// The server lists the other way round: walk again from its
			// newest end, keeping what was gathered.
			p.flipped, p.order = true, o
			*w = walk{perPage: w.perPage, oldest: o == oldestFirst}
			if w.oldest {
				w.last = last
			}
			continue
		}
		// Oldest first, the newest page is the last: if it moved since the
		// last poll, or pruning moved every entry to a lower offset so
		// that the walk is past the end, go on from the last page. (Pruning
		// otherwise only moves entries towards the pages still to read.)
		if w.oldest && (w.pages == 0 && no != last || no > last) && tries < 3 {
			w.last = last + w.pages
			continue
		}
		w.pp = pp
		t.read(p, w, page, w.pages == 0)
		n := len(page.Data)
		if w.oldest {
			w.end = n == 0 || no <= 1
			// Oldest first, total fell by d since the page above was read:
			// pruning moved every entry at least d places down, so what
			// is left to read starts at least d places lower.
			if d := prev - int(page.Total); w.pages > 1 && d > 0 {
				next := (no*pp-d-1)/pp + 1
				w.last = next + w.pages
				w.end = w.end || next < 1
			}
		} else {
			w.end = n == 0 || n < pp || no >= last
		}
		return nil
	}
}

func (t *Tail[T]) fetch(ctx context.Context, p *pollState[T], page, perPage int) (api.LogPage[T], error) {
	if err := ctx.Err(); err != nil {
		return api.LogPage[T]{}, err
	}
	p.requests++
	return t.src.Fetch(ctx, page, perPage)
}

// read takes a page's entries into the poll. The newest page is the base
// of the count: its total is what the entries found are compared with.
func (t *Tail[T]) read(p *pollState[T], w *walk, page api.LogPage[T], base bool) {
	data := page.Data
	var lo, hi time.Time
	for _, e := range data {
		at := t.src.Time(e)
		lo, hi = earliest(lo, at), latest(hi, at)
	}
	if base {
		// Entries found before this read were there when total was
		// counted: none of them is late any more.
		p.base, p.baseKnown = int(page.Total), totalKnown(page)
		p.baseMin, p.baseMax, p.late = lo, hi, 0
	}
	p.onBase = base
	seen := false
	for _, e := range data {
		if t.take(p, e, t.src.Time(e)) {
			seen = true
		}
	}
	if w.pages > 0 && !hi.IsZero() && hi.Equal(w.pageMin) {
		w.tieAt = latest(w.tieAt, hi)
		if !hi.Before(t.newest) {
			w.ties = append(w.ties, [2]int{w.lastNo, int(page.CurrentPage)})
		}
	}
	w.lastNo = int(page.CurrentPage)
	w.pages++
	w.spent++
	w.pageLen = len(data)
	w.pageMin, w.pageMax = lo, hi
	w.anchored = w.anchored || seen
	w.minAt, w.maxAt = earliest(w.minAt, lo), latest(w.maxAt, hi)
}

// take notes one entry and reports whether it was seen before this poll.
func (t *Tail[T]) take(p *pollState[T], e T, at time.Time) bool {
	id := t.src.ID(e)
	if ver, ok := t.seen.get(id); ok {
		if _, watched := t.pending[id]; watched {
			p.met[id] = struct{}{}
		}
		if t.src.Version != nil {
			if versionHash(t.src.Version(e)) != ver {
				p.updates[id] = newItem(e, id, at)
			} else {
				delete(p.updates, id) // the last reading wins
			}
		}
		return true
	}
	// Unseen but older than everything seen before: history beyond the
	// backfill, or entries already reported in a gap. Not new; an older
	// page has been reached.
	if t.seen.old(at) || (!at.IsZero() && (at.Before(t.newest) || !at.After(t.abandoned))) {
		return true
	}
	if i, ok := p.fresh[id]; ok { // read twice: pages shifted, or a duplicate
		p.items[i].e, p.items[i].at = e, at
		return false
	}
	p.fresh[id] = len(p.items)
	p.items = append(p.items, newItem(e, id, at))
	if !p.onBase && p.isLate(at) {
		p.late++
	}
	return false
}

// isLate tells an entry met below the newest page that was not there when
// the newest page was read, so is not in its total. Inserts go on top, but
// entries of one second can be served in any order and so land deeper. It
// is late if newer than that page; or as new as its newest entries when the
// page also held older ones (so all of that second was on it); or, when the
// page held only that second, if total has grown since by more than the
// late entries already counted.
func (p *pollState[T]) isLate(at time.Time) bool {
	switch {
	case !p.baseKnown || at.Before(p.baseMax):
		return false
	case at.After(p.baseMax) || p.baseMin.Before(p.baseMax):
		return true
	}
	return p.late < p.total-p.base
}

// commit makes the poll's findings the Tail's state and builds the batch.
func (t *Tail[T]) commit(p *pollState[T]) Batch[T] {
	b := Batch[T]{Gaps: p.gaps, Requests: p.requests, Total: p.total, At: t.now()}
	chronological(p.items)
	skip := 0 // the first poll delivers only the backfill
	if !t.started {
		skip = t.beyondBackfill(p.items)
	}
	if n := len(p.items) - skip; n > 0 {
		b.New = make([]T, 0, n)
	}
	for i, it := range p.items {
		var ver uint64
		if t.src.Version != nil {
			ver = versionHash(t.src.Version(it.e))
		}
		if gone, ok := t.seen.add(it.id, it.at, ver); ok {
			delete(t.pending, gone)
		}
		t.newest = latest(t.newest, it.at)
		if i < skip {
			continue
		}
		b.New = append(b.New, it.e)
		if t.src.Pending != nil && t.src.Pending(it.e) {
			t.watch(p, it.id, it.at)
		}
	}
	if len(p.updates) > 0 {
		ups := make([]item[T], 0, len(p.updates))
		for _, u := range p.updates {
			ups = append(ups, u)
		}
		chronological(ups)
		b.Updated = make([]T, len(ups))
		for i, u := range ups {
			b.Updated[i] = u.e
			t.seen.setVersion(u.id, versionHash(t.src.Version(u.e)))
			_, watched := t.pending[u.id]
			switch still := t.src.Pending != nil && t.src.Pending(u.e); {
			case !still:
				delete(t.pending, u.id)
			case !watched: // pending again (a resend)
				t.watch(p, u.id, u.at)
			}
		}
	}
	t.keepPending(p)
	t.total, t.known, t.late = p.base, p.baseKnown, p.late
	t.abandoned = latest(t.abandoned, p.abandon)
	t.order = p.order
	t.started = true
	t.release(p)
	return b
}

func (t *Tail[T]) watch(p *pollState[T], id api.ID, at time.Time) {
	t.pending[id] = pendingAt{at: at, since: p.now}
	p.met[id] = struct{}{}
}

// pendingMisses is how many polls in a row may pass a pending entry's time
// without meeting it (entries of one second can be reordered past a page
// boundary) before it is taken to be gone.
const pendingMisses = 10

// keepPending forgets pending entries that waited longer than PendingFor,
// that a burst pushed beyond the walk's reach, or that left the log.
func (t *Tail[T]) keepPending(p *pollState[T]) {
	for id, pa := range t.pending {
		_, met := p.met[id]
		switch {
		case p.now.Sub(pa.since) > t.opts.PendingFor:
			delete(t.pending, id)
		case met:
			if pa.misses > 0 {
				pa.misses = 0
				t.pending[id] = pa
			}
		case p.capped && !p.reach.Before(pa.at): // out of reach
			delete(t.pending, id)
		default:
			if pa.misses++; pa.misses >= pendingMisses {
				delete(t.pending, id)
			} else {
				t.pending[id] = pa
			}
		}
	}
}

// beyondBackfill returns how many of the first poll's entries (oldest
// first) are older history than the backfill asks for.
func (t *Tail[T]) beyondBackfill(items []item[T]) int {
	if since := t.opts.Since; !since.IsZero() {
		for i, it := range items {
			if !it.at.Before(since) {
				return i
			}
		}
		return len(items)
	}
	return max(0, len(items)-max(t.opts.Backfill, 0))
}

// totalKnown: a page with entries but a zero total did not say.
func totalKnown[T any](page api.LogPage[T]) bool {
	return page.Total > 0 || len(page.Data) == 0
}

// lastPage is the number of the last page, from last_page or total.
func lastPage[T any](page api.LogPage[T], pp, no int) int {
	switch {
	case page.LastPage > 0:
		return int(page.LastPage)
	case page.Total > 0:
		return max(1, ceilDiv(int(page.Total), pp))
	case len(page.Data) < pp:
		return no
	}
	return no + 1
}

func ceilDiv(a, b int) int {
	if b <= 0 {
		return 0
	}
	return (a + b - 1) / b
}

// span is a gap between two times in either order.
func span(a, b time.Time, missing int) Gap {
	if b.Before(a) {
		a, b = b, a
	}
	return Gap{From: a, To: b, Missing: missing}
}

// earliest and latest ignore zero times (entries without a timestamp).
func earliest(a, b time.Time) time.Time {
	if a.IsZero() || (!b.IsZero() && b.Before(a)) {
		return b
	}
	return a
}

func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
