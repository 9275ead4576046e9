// Package tail follows a WasenderAPI log (session logs or message logs),
// which the API offers only as offset pages, newest first, that shift as
// entries arrive. Each Poll delivers the entries not seen before, oldest
// first, each exactly once; a message whose status changes is delivered
// again as an update; and when a burst outruns the walk it says so as a gap
// instead of losing entries silently. It has no UI: the console's logs pane
// and the `logs --follow` command share it.
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
	// Time is when the entry happened (orders entries and bounds gaps).
	Time func(T) time.Time
	// Version changes when an entry changes (message status, updated_at);
	// nil for streams whose entries never change.
	Version func(T) string
	// Pending is true for entries expected to change (in_progress); the
	// walk reaches back to re-read them. nil = none.
	Pending func(T) bool
}

// Options tune a Tail. Zero values take the defaults.
type Options struct {
	SteadyPerPage  int           // page size of a normal poll; default 25
	CatchUpPerPage int           // page size while catching up; default 100
	MaxPages       int           // cap on pages walked in one poll; default 20
	Backfill       int           // entries read on the first poll; default 100, negative = none
	Since          time.Time     // first poll reads back to this time instead (bounded by MaxPages)
	Interval       time.Duration // normal delay between polls; default 2 s
	MaxBackoff     time.Duration // cap of the delay after errors; default 1 min
	PendingFor     time.Duration // how long an unsettled entry is watched for updates; default 10 min
	MaxTracked     int           // ids remembered for deduplication; default 50,000
	// Exactly once needs MaxTracked above what one walk can read
	// (MaxPages × CatchUpPerPage); settlements need it above what arrives
	// while an entry is pending.
}

// Defaults.
const (
	defaultSteadyPerPage  = 25
	defaultCatchUpPerPage = 100
	defaultMaxPages       = 20
	defaultBackfill       = 100
	defaultInterval       = 2 * time.Second
	defaultMaxBackoff     = time.Minute
	defaultPendingFor     = 10 * time.Minute
	defaultMaxTracked     = 50_000
)

func (o Options) withDefaults() Options {
	if o.SteadyPerPage <= 0 {
		o.SteadyPerPage = defaultSteadyPerPage
	}
	if o.CatchUpPerPage <= 0 {
		o.CatchUpPerPage = defaultCatchUpPerPage
	}
	o.CatchUpPerPage = max(o.CatchUpPerPage, o.SteadyPerPage)
	if o.MaxPages <= 0 {
		o.MaxPages = defaultMaxPages
	}
	if o.Backfill == 0 {
		o.Backfill = defaultBackfill
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
	if o.MaxTracked <= 0 {
		o.MaxTracked = defaultMaxTracked
	}
	return o
}

// Gap reports entries that may be missing: a burst too large for the walk.
// From is never after To; a zero From means since the tail started.
type Gap struct {
	From, To time.Time // the span in which entries may be missing
	Missing  int       // how many, when the paginator's total tells; 0 = unknown
}

// Batch is what one poll brought.
type Batch[T any] struct {
	New      []T   // entries not seen before, oldest first
	Updated  []T   // entries seen before that changed (Version differs), oldest first
	Gaps     []Gap // spans where entries may be missing
	Requests int   // HTTP requests this poll made
	Total    int   // the paginator's total, as last read
	At       time.Time
}

// Tail follows one stream. It is not safe for concurrent use: a stream is
// polled by one caller, one poll at a time. A Poll started while another is
// still in flight fails at once and changes nothing.
type Tail[T any] struct {
	src  Source[T]
	opts Options

	seen      seenSet              // ids delivered (or passed over), bounded by MaxTracked
	pending   map[api.ID]pendingAt // delivered entries still expected to change
	started   bool                 // the first poll (the backfill) has succeeded
	total     int                  // the paginator's total at the last read of the newest page
	known     bool                 // total was reported
	late      int                  // entries delivered that were not yet in total
	newest    time.Time            // time of the newest entry seen
	abandoned time.Time            // unseen entries this old are behind a reported gap
	order     order                // which end of the paginator holds the newest entries
	served    map[int]int          // page size asked for -> page size the server used
	fails     int                  // consecutive failed polls, for Delay
	backoff   struct {             // the jittered backoff drawn for fails
		fails int
		d     time.Duration
	}

	busy    atomic.Bool
	scratch *pollState[T] // reused between polls

	// Clock, sleep and jitter; tests replace them to run on virtual time.
	now    func() time.Time
	sleep  func(context.Context, time.Duration) error
	jitter func(n int64) int64 // uniform in [0, n)

	// noDeficit turns off the check against the paginator's total, to
	// measure what it buys (tests only).
	noDeficit bool
}

// pendingAt is a delivered entry that may still change.
type pendingAt struct {
	at     time.Time // the entry's time: a walk that went older has passed it
	since  time.Time // when it was first delivered, on the Tail's clock
	misses int       // polls in a row that passed it without meeting it
}

var errBusy = errors.New("tail: a poll of this stream is already in flight")

// New returns a Tail that has seen nothing yet.
func New[T any](src Source[T], opts Options) *Tail[T] {
	opts = opts.withDefaults()
	return &Tail[T]{
		src:     src,
		opts:    opts,
		seen:    newSeenSet(opts.MaxTracked),
		pending: map[api.ID]pendingAt{},
		served:  map[int]int{},
		now:     time.Now,
		sleep:   sleepCtx,
		jitter:  rand.Int64N,
	}
}

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
