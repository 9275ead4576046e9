package tail

import (
	"context"
	"sync"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/sched"
)

// StreamOptions say how often a stream is polled and what it keeps.
type StreamOptions struct {
	Interval time.Duration // while someone looks at it and it has news; default 2 s
	Hidden   time.Duration // while nobody looks; default 30 s; negative = paused
	Quiet    time.Duration // the longest wait, for a stream with no news; default 60 s
	Keep     int           // newest entries kept for readers who come later; default 10,000
	// Held is when the stream's credential may be used again after a 429
	// (zero: it may); nil = never held.
	Held func() time.Time
	Now  func() time.Time
}

func (o StreamOptions) withDefaults() StreamOptions {
	if o.Interval <= 0 {
		o.Interval = defaultInterval
	}
	if o.Hidden == 0 {
		o.Hidden = 30 * time.Second
	}
	if o.Quiet <= 0 {
		o.Quiet = time.Minute
	}
	o.Quiet = max(o.Quiet, o.Interval)
	if o.Keep <= 0 {
		o.Keep = 10_000
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}

// Stream is one log tail shared by everyone who reads it (the console's
// panes, every console of a serve, the logs command): a job of a
// scheduler, polled as often as its readers and its news deserve, that
// keeps its newest entries for readers who come later.
type Stream[T any] struct {
	tail *Tail[T]
	opts StreamOptions

	mu      sync.Mutex
	hist    *Tail[T]         // a reader of older entries, while someone asked for more past
	reach   time.Time        // how far back the stream's entries go
	subs    map[*Sub[T]]bool // reader -> looking at it
	kept    keep[T]
	status  Status
	news    time.Time // the last poll that brought something new
	last    time.Time // the last step, successful or not
	idle    time.Time // when the last reader left
	woke    time.Time // when a poll was last wanted sooner: a reader looked, a poke
	pending bool      // a step is in flight
	poked   bool      // asked to poll now (Poke)
	// seen is what the last step left of the tail, for Status, Covers and
	// the schedule, which may be asked while the next step runs: only Run
	// touches the tail.
	seen tailState
	// deferred is an Extend asked while the first poll was in flight: it
	// is applied once that poll is done.
	deferred time.Time
}

type tailState struct {
	catchingUp, started, whole bool
	stale                      bool // entries awaiting a change are out of the newest page's sight
	floorSet                   bool // the first poll has begun: its Since is set
	rate                       float64
	perPage                    int
}

func (s *Stream[T]) sync() {
	t := s.tail
	s.seen = tailState{catchingUp: t.CatchingUp(), started: t.started, whole: t.whole, stale: t.Stale(),
		floorSet: t.floorSet, rate: t.rate, perPage: t.perPage}
}

// Status is how fresh a stream is, for the screen.
type Status struct {
	Polled time.Time     // the last successful poll
	Every  time.Duration // the interval it is polled at now
	Err    error         // the last poll's error, nil when it succeeded
	Retry  time.Duration // how long until it is tried again, after that error
	Late   time.Duration // how long a poll has waited for the budget
	// Overdue: the last good poll is older than twice the interval and
	// not for want of budget (a stream polled rarely behind was looked at
	// again): nobody knows yet how the API is doing.
	Overdue    bool
	CatchingUp bool
	Requests   int // requests made so far
	Fails      int // polls in a row that failed, 0 after a success
}

// NewStream makes a stream of t; add it to a scheduler to run it.
func NewStream[T any](t *Tail[T], opts StreamOptions) *Stream[T] {
	opts = opts.withDefaults()
	s := &Stream[T]{tail: t, opts: opts, subs: map[*Sub[T]]bool{}, kept: newKeep[T](opts.Keep, t.src.ID), reach: t.opts.Since}
	s.sync()
	return s
}

// Extend asks for the stream's entries back to since: older ones than it
// has are read (after its first poll, when it is caught up) and handed to
// every reader as a batch marked History.
func (s *Stream[T]) Extend(since time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.extend(since)
}

func (s *Stream[T]) extend(since time.Time) {
	if s.seen.whole || !s.reach.IsZero() && !since.Before(s.reach) || s.hist != nil && !since.Before(s.hist.opts.Since) {
		return // the whole log, or that far back, is read or on its way
	}
	until := s.reach
	if until.IsZero() && (s.pending || s.seen.floorSet) { // the first poll is under way: after it
		if s.deferred.IsZero() || since.Before(s.deferred) {
			s.deferred = since
		}
		return
	}
	if until.IsZero() { // the first poll is still to come: it goes back as far
		s.tail.opts.Since, s.reach = since, since
		return
	}
	o := s.tail.opts
	o.Since, o.Until, o.Backfill = since, until, 0
	if s.hist != nil { // a reader under way reaches further back instead
		o.Until = s.hist.opts.Until
	}
	s.hist = New(s.tail.src, o)
	s.hist.now = s.tail.now
	s.reach = since
}

// Poke asks for a poll as soon as the budget allows: something happened
// (a webhook said so). A poke while a poll is in flight asks for the next
// one; a stream nobody reads polls when a reader comes.
func (s *Stream[T]) Poke() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.news = s.opts.Now()
	s.woke, s.poked = s.news, true
}

// Reach is how far back the stream's entries go (zero: not read yet).
func (s *Stream[T]) Reach() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reach
}

// Covers reports whether the stream has delivered every entry back to
// since: its first poll is done and reached that far (or held the whole
// log), and no older entries asked for with Extend are still to be read.
func (s *Stream[T]) Covers(since time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.seen.started || s.hist != nil || s.reach.IsZero() || !s.deferred.IsZero() {
		return false
	}
	return s.seen.whole || !s.reach.After(since)
}

// Status returns the stream's freshness.
func (s *Stream[T]) Status() Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.status
	st.Every = s.interval()
	st.CatchingUp = s.seen.catchingUp
	if st.Err != nil {
		st.Retry = max(s.last.Add(s.status.Retry).Sub(s.opts.Now()), 0)
	}
	due, wanted := s.dueLocked()
	if !s.pending && wanted && !s.last.IsZero() {
		st.Late = s.lateLocked(due)
	}
	st.Overdue = wanted && st.Late < time.Second && !st.Polled.IsZero() && s.opts.Now().Sub(st.Polled) > 2*st.Every
	return st
}

// lateLocked is how long a poll due at due has waited for the budget: not
// the time before it was wanted (a reader looked at a stream polled
// rarely behind, a poke) nor a hold of its credential after a 429, which
// are a schedule and a backoff, not the budget.
func (s *Stream[T]) lateLocked(due time.Time) time.Duration {
	due = latest(due, s.woke)
	if s.opts.Held != nil {
		due = latest(due, s.opts.Held())
	}
	return max(s.opts.Now().Sub(due), 0)
}

// interval is the wait between polls: the profile's interval while someone
// looks (the hidden one while nobody does), doubled for every half minute
// without news (up to Quiet); shorter for a stream so busy that a poll
// would need more than one page.
func (s *Stream[T]) interval() time.Duration {
	d := s.opts.Interval
	if !s.visible() {
		d = max(s.opts.Hidden, d)
	}
	if !s.news.IsZero() {
		for range min(int(s.opts.Now().Sub(s.news)/quietStep), 6) {
			d *= 2
		}
	}
	if r := s.seen.rate; r > 0 {
		d = min(d, max(time.Duration(0.6*float64(s.seen.perPage)/r*float64(time.Second)), time.Second))
	}
	return min(d, s.opts.Quiet)
}

func (s *Stream[T]) visible() bool {
	for _, v := range s.subs {
		if v {
			return true
		}
	}
	return false
}

// dueLocked is when the next regular poll is due; false: none is wanted.
func (s *Stream[T]) dueLocked() (time.Time, bool) {
	s.pruneLocked()
	switch {
	case len(s.subs) == 0, !s.visible() && s.opts.Hidden < 0:
		return time.Time{}, false
	case (s.seen.catchingUp || s.hist != nil) && s.status.Err == nil:
		return s.last, true // right away, taking turns with the other streams
	case s.status.Err != nil:
		return s.last.Add(s.status.Retry), true
	case s.poked:
		return s.last, true
	}
	return s.last.Add(s.interval()), true
}

// oldest is the time of the oldest entry of a first poll (now when it
// brought none): how far back a stream reaches.
func oldest[T any](b Batch[T], src Source[T], now time.Time) time.Time {
	reach := now
	for _, e := range b.New {
		if at := src.Time(e); !at.IsZero() && at.Before(reach) {
			reach = at
		}
	}
	return reach
}

// quietStep is how long a stream goes without news before its interval
// doubles.
const quietStep = 30 * time.Second

// Next implements sched.Job.
func (s *Stream[T]) Next(now time.Time) (time.Time, sched.Class, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	due, ok := s.dueLocked()
	if !ok {
		return due, 0, false
	}
	held := false
	if s.opts.Held != nil {
		until := s.opts.Held()
		due, held = latest(due, until), until.After(now)
	}
	class := sched.Hidden
	if s.visible() {
		class = sched.Visible
	}
	switch {
	case !due.After(now) && now.Sub(s.status.Polled) >= s.opts.Quiet*9/10:
		class = sched.Urgent
	case due.After(now) && !held && s.seen.stale && s.visible():
		return now, sched.Spare, true // re-read entries awaiting a change
	}
	return due, class, true
}

// Run implements sched.Job: one step of the tail (or a revisit, when no
// poll is due), handed to every reader.
func (s *Stream[T]) Run(ctx context.Context) {
	s.mu.Lock()
	due, _ := s.dueLocked()
	revisit := due.After(s.opts.Now())
	hist := s.hist
	if s.tail.CatchingUp() {
		hist = nil // the newest entries first
	}
	// A Poke from now on asks for the poll after this one: this request
	// may have been answered before what the poke announces.
	s.pending, s.poked = true, false
	s.mu.Unlock()

	var b Batch[T]
	var err error
	ran := s.tail
	switch {
	case hist != nil:
		ran = hist
		b, err = hist.Step(ctx)
		b.History = true
	case revisit:
		b, err = s.tail.Revisit(ctx)
	default:
		b, err = s.tail.Step(ctx)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	s.pending = false
	s.sync()
	s.last = s.opts.Now()
	s.status.Requests += b.Requests
	switch {
	case hist != nil && hist == s.hist && !hist.CatchingUp():
		s.hist = nil // the past asked for is read
	case hist == nil && s.reach.IsZero() && !s.tail.CatchingUp() && err == nil:
		s.reach = oldest(b, s.tail.src, s.opts.Now())
	}
	if d := s.deferred; !d.IsZero() && !s.reach.IsZero() {
		s.deferred = time.Time{}
		s.extend(d)
	}
	if err != nil && ctx.Err() != nil {
		return // shutting down
	}
	switch {
	case err != nil:
		s.status.Err, s.status.Retry = err, ran.Delay(err) // the backoff of the tail that failed
		s.status.Fails++
	default:
		s.status.Err, s.status.Retry, s.status.Fails = nil, 0, 0
		s.status.Polled = s.last
		if len(b.New) > 0 || s.news.IsZero() {
			s.news = s.last
		}
	}
	if b.Empty() {
		return
	}
	if b.History {
		s.kept.addHistory(b)
	} else {
		s.kept.add(b)
	}
	for sub := range s.subs {
		sub.push(b)
	}
}

// Subscribe adds a reader and returns what the stream keeps (oldest
// first, gaps in place) as its first batch.
func (s *Stream[T]) Subscribe(visible bool) (*Sub[T], Batch[T]) {
	return s.SubscribeUntil(nil, visible)
}

// SubscribeUntil is Subscribe for a reader that leaves when done closes
// (a console's lifetime), whether or not it says so.
func (s *Stream[T]) SubscribeUntil(done <-chan struct{}, visible bool) (*Sub[T], Batch[T]) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sub := &Sub[T]{stream: s, ready: make(chan struct{}, 1), done: done}
	s.subs[sub] = visible
	if visible {
		s.woke = s.opts.Now()
	}
	if visible && !s.news.IsZero() {
		s.news = s.opts.Now() // someone looks: poll at the full rate again
	}
	return sub, s.kept.snapshot()
}

// pruneLocked drops readers whose lifetime ended without a Close.
func (s *Stream[T]) pruneLocked() {
	for sub := range s.subs {
		if sub.done == nil {
			continue
		}
		select {
		case <-sub.done:
			delete(s.subs, sub)
			if len(s.subs) == 0 {
				s.idle = s.opts.Now()
			}
		default:
		}
	}
}

func (s *Stream[T]) unsubscribe(sub *Sub[T]) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.subs, sub)
	if len(s.subs) == 0 {
		s.idle = s.opts.Now()
	}
}

func (s *Stream[T]) setVisible(sub *Sub[T], visible bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if was, ok := s.subs[sub]; ok {
		s.subs[sub] = visible
		if visible && !was {
			s.woke = s.opts.Now()
		}
	}
}

// Sub is one reader of a stream: batches wait in it until taken, so a slow
// reader never holds the stream up.
type Sub[T any] struct {
	stream *Stream[T]
	ready  chan struct{}
	done   <-chan struct{} // closed when the reader is gone

	mu      sync.Mutex
	queued  []Batch[T]
	n       int  // entries, updates and gaps queued
	missed  int  // entries dropped because the reader was too slow, and the missing of gaps dropped
	dropped bool // some batch was dropped since the last Take
}

// maxQueued bounds what waits for a reader that does not take it: new
// entries, updates and gaps alike, so a stream bringing only updates
// cannot grow it without end either.
const maxQueued = 20_000

func queuedSize[T any](b Batch[T]) int { return len(b.New) + len(b.Updated) + len(b.Gaps) }

func (u *Sub[T]) push(b Batch[T]) {
	u.mu.Lock()
	u.queued = append(u.queued, b)
	u.n += queuedSize(b)
	for u.n > maxQueued && len(u.queued) > 1 {
		old := u.queued[0]
		u.n -= queuedSize(old)
		u.missed += len(old.New)
		for _, g := range old.Gaps {
			u.missed += g.Missing
		}
		u.dropped = true
		u.queued[0] = Batch[T]{}
		u.queued = u.queued[1:]
	}
	u.mu.Unlock()
	select {
	case u.ready <- struct{}{}:
	default:
	}
}

// Ready is signalled when batches wait.
func (u *Sub[T]) Ready() <-chan struct{} { return u.ready }

// Take returns everything waiting as one batch; what was dropped for a
// reader too slow to take it comes first, as one gap of the entries (and
// the missing of the gaps) it held.
func (u *Sub[T]) Take() Batch[T] {
	u.mu.Lock()
	defer u.mu.Unlock()
	var all Batch[T]
	if u.dropped {
		all.Gaps = append(all.Gaps, Gap{Missing: u.missed})
		u.missed, u.dropped = 0, false
	}
	for _, b := range u.queued {
		all.add(b)
	}
	u.queued, u.n = nil, 0
	return all
}

// Wait blocks until batches wait (and returns them) or ctx ends.
func (u *Sub[T]) Wait(ctx context.Context) (Batch[T], error) {
	select {
	case <-u.ready:
		return u.Take(), nil
	case <-ctx.Done():
		return Batch[T]{}, ctx.Err()
	}
}

// SetVisible says whether the reader shows the stream now.
func (u *Sub[T]) SetVisible(v bool) { u.stream.setVisible(u, v) }

// Status is the stream's freshness.
func (u *Sub[T]) Status() Status { return u.stream.Status() }

// Close ends the subscription.
func (u *Sub[T]) Close() { u.stream.unsubscribe(u) }

// keep holds a stream's newest entries and gaps, oldest first, with
// updates applied in place, for readers who subscribe later.
type keep[T any] struct {
	max   int
	id    func(T) api.ID
	base  int // sequence number of recs[0]
	recs  []record[T]
	where map[api.ID]int // id -> sequence number
}

type record[T any] struct {
	e   T
	gap *Gap
}

func newKeep[T any](n int, id func(T) api.ID) keep[T] {
	return keep[T]{max: n, id: id, where: map[api.ID]int{}}
}

func (k *keep[T]) add(b Batch[T]) {
	for _, g := range b.Gaps {
		k.recs = append(k.recs, record[T]{gap: &g})
	}
	for _, e := range b.New {
		k.where[k.id(e)] = k.base + len(k.recs)
		k.recs = append(k.recs, record[T]{e: e})
	}
	for _, e := range b.Updated {
		if seq, ok := k.where[k.id(e)]; ok {
			k.recs[seq-k.base].e = e
		}
	}
	if over := len(k.recs) - k.max; over > 0 {
		for _, r := range k.recs[:over] {
			if r.gap == nil {
				delete(k.where, k.id(r.e))
			}
		}
		k.recs = append([]record[T](nil), k.recs[over:]...)
		k.base += over
	}
}

// addHistory puts older entries before the kept ones, as far as room
// allows (the newest are kept, as always).
func (k *keep[T]) addHistory(b Batch[T]) {
	room := k.max - len(k.recs)
	es := b.New
	if len(es) > room {
		es = es[len(es)-max(room, 0):]
	}
	if len(es) == 0 && len(b.Gaps) == 0 {
		return
	}
	older := make([]record[T], 0, len(b.Gaps)+len(es)+len(k.recs))
	for _, g := range b.Gaps {
		older = append(older, record[T]{gap: &g})
	}
	for _, e := range es {
		older = append(older, record[T]{e: e})
	}
	k.base -= len(older)
	for i, r := range older {
		if r.gap == nil {
			k.where[k.id(r.e)] = k.base + i
		}
	}
	k.recs = append(older, k.recs...)
}

// snapshot is what is kept as one batch, in the order it came: oldest
// first, but for what a catch-up brought after newer entries.
func (k *keep[T]) snapshot() Batch[T] {
	var b Batch[T]
	for _, r := range k.recs {
		if r.gap != nil {
			b.Gaps = append(b.Gaps, *r.gap)
			continue
		}
		b.New = append(b.New, r.e)
	}
	return b
}
