// Package tail follows a WasenderAPI log (session logs or message logs),
// which the API offers only as offset pages that shift as entries arrive.
// It delivers every entry exactly once, an entry whose version changes (a
// message's status) again as an update, and where it cannot read something
// (a backlog beyond its cap, entries the server no longer has) it reports a
// gap with the real range and count instead of losing entries silently. It
// has no UI: the console's logs pane and the `logs` command share it.
//
// # Why it is exact
//
// The server orders a log by a timestamp of whole seconds, newest first (or
// oldest first, recognised from the data). Entries of one second may come
// back in a new order on every request, new entries carry the newest time,
// and the server may drop its oldest entries.
//
// Count an entry's rank from the oldest end: rank = total − 1 − offset for a
// newest-first page. Arrivals never change a rank; only the server dropping
// old entries lowers all of them. The entries of a second s always fill one
// run of ranks, its block [lo(s), hi(s)), in whatever order: an answer whose
// page holds entries of s with an older entry (or the oldest of all) right
// below them and a newer one (or the newest of all) right above holds every
// entry of s. We say it sees s whole.
//
// The tail keeps a floor second F: every entry of F or older has been
// delivered, reported in a gap, or is history from before the start. It
// remembers the ids it delivered above F. Every entry above F whose id it has
// not delivered is delivered: so nothing is delivered twice, and nothing
// older than the start (below the first F) is delivered as new.
//
// A cycle is done when the seconds above F form a chain, from the newest
// down to F, in which each second is verified and its next older neighbour
// is known (seen adjacent in one answer). A second is verified when
//
//  1. an answer saw it whole; or
//  2. (a second too big for one page) as many distinct ids of it were seen as
//     hi − lo, where lo was measured no earlier than hi: dropping old entries
//     in between can only make that count too large, never too small; or
//  3. (the newest second of the last cycle, whose lower end was measured
//     then) as many ids as hi − lo, and what the cycle found equals exactly
//     the growth of total since the last cycle. The count cannot tell a
//     server that dropped exactly as many old entries as were missed; any
//     other difference sends the tail back to read that second whole.
//
// A verified chain holds every entry above F, so every one was seen and
// delivered. Then F moves up to the second below the newest, which is the
// only second that can still grow. In steady state one request of the
// newest page (100 entries, the most the API serves) sees everything new
// and the boundary second, whatever the order of ties.
//
// What the cycle found is reconciled with total: if total grew by more than
// the chain holds, the difference was put where the order says it cannot be
// (or total is wrong) and is reported as a gap. A backlog is read newest
// first, one page per step, as many steps as it needs; beyond Backlog
// entries below the newest, the rest is reported as a gap from the newest
// entry delivered before it to the oldest after it. A second too big for a
// page is re-read until its ids are complete, within a bounded number of
// requests, and what is still missing is reported.
package tail

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync/atomic"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
)

// Source describes one log stream.
type Source[T any] struct {
	// Fetch returns one page: page numbers from 1, perPage entries each.
	Fetch func(ctx context.Context, page, perPage int) (api.LogPage[T], error)
	// ID identifies an entry; ids may be numbers or strings.
	ID func(T) api.ID
	// Time is when the entry happened: the server orders by it.
	Time func(T) time.Time
	// Version changes when an entry changes (message status, updated_at);
	// nil for streams whose entries never change.
	Version func(T) string
	// Pending is true for entries expected to change (in_progress): they
	// are watched for updates for PendingFor. nil = none.
	Pending func(T) bool
}

// Options tune a Tail. Zero values take the defaults.
type Options struct {
	PerPage    int           // page size asked for; default 100, the most the API serves
	Backfill   int           // entries the first poll delivers; default 100, negative = none
	Since      time.Time     // the first poll delivers back to this time instead
	Until      time.Time     // with Since: deliver only entries older than this (reading history below what a stream has)
	Backlog    int           // entries read back below the newest before the rest is a gap; default 10,000
	Interval   time.Duration // delay between polls (Follow, Delay); default 2 s
	MaxBackoff time.Duration // cap of the delay after errors; default 1 min
	PendingFor time.Duration // how long an unsettled entry is watched; default 10 min
}

// Defaults.
const (
	DefaultPerPage    = 100
	DefaultBackfill   = 100
	DefaultBacklog    = 10_000
	defaultInterval   = 2 * time.Second
	defaultMaxBackoff = time.Minute
	defaultPendingFor = 10 * time.Minute
)

func (o Options) withDefaults() Options {
	if o.PerPage <= 0 {
		o.PerPage = DefaultPerPage
	}
	o.PerPage = max(o.PerPage, 4) // a page must hold a boundary on each side
	if o.Backfill == 0 {
		o.Backfill = DefaultBackfill
	}
	if o.Backlog <= 0 {
		o.Backlog = DefaultBacklog
	}
	if o.Interval <= 0 {
		o.Interval = defaultInterval
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = defaultMaxBackoff
	}
	o.MaxBackoff = max(o.MaxBackoff, o.Interval)
	if o.PendingFor <= 0 {
		o.PendingFor = defaultPendingFor
	}
	return o
}

// Gap reports entries that may be missing. From is the newest entry
// delivered before the hole, To the oldest after it (From is zero when the
// hole reaches back past what the tail was asked for); Missing is how many,
// from the paginator's total, 0 when it cannot tell.
type Gap struct {
	From, To time.Time
	Missing  int
}

// Batch is what one step (or one Poll) brought.
type Batch[T any] struct {
	New      []T   // entries not delivered before, oldest first
	Updated  []T   // entries delivered before that changed (Version differs), oldest first
	Gaps     []Gap // spans where entries may be missing
	Requests int   // HTTP requests made
	Total    int   // the paginator's total, as last read
	// CatchingUp is true while a backlog or a burst is still being read:
	// entries found later may be older than ones already delivered.
	CatchingUp bool
	// History is true for entries older than every one delivered before,
	// read because a reader asked for more of the past (Stream.Extend).
	History bool
	At      time.Time
}

func (b *Batch[T]) add(o Batch[T]) {
	b.New = append(b.New, o.New...)
	b.Updated = append(b.Updated, o.Updated...)
	b.Gaps = append(b.Gaps, o.Gaps...)
	b.Requests += o.Requests
	b.Total, b.CatchingUp, b.At = o.Total, o.CatchingUp, o.At
	b.History = b.History || o.History
}

// Empty reports whether the batch brings nothing to show.
func (b Batch[T]) Empty() bool { return len(b.New)+len(b.Updated)+len(b.Gaps) == 0 }

// Tail follows one stream. It is not safe for concurrent use: a stream is
// stepped by one caller, one step at a time; a Step started while another
// is in flight fails at once and changes nothing.
type Tail[T any] struct {
	src  Source[T]
	opts Options

	led      ledger
	floorSet bool // the first read of the newest page set the floor
	started  bool // the first cycle finished
	order    order
	ordered  bool // the order was seen in the data, not assumed
	whole    bool // the first read held the whole log, back to its oldest entry
	perPage  int  // the largest page the server serves (it may cap per_page)
	steps    int  // answers absorbed: the clock of rank measurements
	lastN    int  // total of the last answer
	lastAt   time.Time
	rate     float64 // how fast total grows, entries a second
	quiet    bool    // the newest second stopped growing (see readTop)
	topRead  time.Time
	topStep  int  // the step of that read
	walking  bool // a cycle is unfinished: the next step goes on with it
	// unfinished: the newest page was read since the last cycle finished.
	unfinished bool
	pending    map[api.ID]pendingAt

	fails   int // consecutive failed steps, for Delay
	backoff struct {
		fails int
		d     time.Duration
	}

	busy atomic.Bool

	// Clock, sleep and jitter; tests replace them to run on virtual time.
	now    func() time.Time
	sleep  func(context.Context, time.Duration) error
	jitter func(n int64) int64 // uniform in [0, n)
	rand   *rand.Rand          // where to re-read inside a second too big for a page
}

// pendingAt is a delivered entry that may still change.
type pendingAt struct {
	version uint64
	since   time.Time // when it was delivered, on the Tail's clock
	rank    int       // where it was last seen
	seen    int       // the step it was last seen at
}

var errBusy = errors.New("tail: a poll of this stream is already in flight")

// New returns a Tail that has delivered nothing yet.
func New[T any](src Source[T], opts Options) *Tail[T] {
	opts = opts.withDefaults()
	return &Tail[T]{
		src:     src,
		opts:    opts,
		led:     newLedger(),
		perPage: opts.PerPage,
		pending: map[api.ID]pendingAt{},
		now:     time.Now,
		sleep:   sleepCtx,
		jitter:  rand.Int64N,
		rand:    rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64())),
	}
}

// CatchingUp reports whether the tail is in the middle of reading a backlog
// or a burst: its next step should come soon, not after the interval.
func (t *Tail[T]) CatchingUp() bool { return !t.started || t.walking }

// Interval is the delay between polls the tail was configured with.
func (t *Tail[T]) Interval() time.Duration { return t.opts.Interval }

// sleepCtx waits d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-tm.C:
		return nil
	}
}
