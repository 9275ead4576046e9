// Package sched spends one budget of requests per second on every
// background poll of a process: log tails, the session list, pairing. A
// tick comes every 1/budget seconds and starts at most one request, for the
// most urgent job that is due; a tick nobody needs is lost, so requests
// never come in bursts and never more than the budget start in any second.
package sched

import (
	"context"
	"sync"
	"time"
)

// Class orders jobs that are due at once: a lower class goes first, then
// the job due longest ago, then the job added first.
type Class int

const (
	// Urgent: a job about to wait longer than it may (a quiet stream
	// reaching its longest interval).
	Urgent Class = iota
	// Visible: what an operator is looking at.
	Visible
	// Hidden: work behind another pane or for a closed view.
	Hidden
	// Spare: only when nothing else is due (re-reading for status changes).
	Spare
)

// Job is a poller. Next is asked at every tick, so it must be cheap.
type Job interface {
	// Next says when the job next wants a request and how urgent it is;
	// ok false: it wants none now.
	Next(now time.Time) (due time.Time, class Class, ok bool)
	// Run makes the request. It runs on its own goroutine and is never
	// started again before it returned.
	Run(ctx context.Context)
}

// Scheduler runs jobs within a budget. The zero value is not usable: use New.
type Scheduler struct {
	every  time.Duration
	now    func() time.Time
	inline bool // tests: Run before Tick returns

	mu    sync.Mutex
	jobs  map[Job]*slot
	added uint64 // jobs ever added: the order of ties
	ctx   context.Context
	stop  context.CancelFunc
	wg    sync.WaitGroup
}

type slot struct {
	running bool
	seq     uint64 // when it was added
}

// DefaultBudget is the requests per second a profile spends on polling.
const DefaultBudget = 5

// New returns a scheduler spending budget requests a second (at least one
// every ten seconds). Start runs it; tests call Tick themselves.
func New(budget float64, now func() time.Time) *Scheduler {
	if budget <= 0 {
		budget = DefaultBudget
	}
	if now == nil {
		now = time.Now
	}
	s := &Scheduler{every: time.Duration(float64(time.Second) / max(budget, 0.1)), now: now, jobs: map[Job]*slot{}}
	s.ctx, s.stop = context.WithCancel(context.Background())
	return s
}

// Inline makes Tick run a job's request before it returns, for tests on
// virtual time.
func (s *Scheduler) Inline() { s.inline = true }

// Every is the time between two ticks.
func (s *Scheduler) Every() time.Duration { return s.every }

// Start ticks until Stop.
func (s *Scheduler) Start() {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		t := time.NewTicker(s.every)
		defer t.Stop()
		for {
			select {
			case <-s.ctx.Done():
				return
			case <-t.C:
				s.Tick()
			}
		}
	}()
}

// Stop ends ticking and cancels the requests in flight; it waits for them.
// A Tick after it (or racing it) starts nothing.
func (s *Scheduler) Stop() {
	s.mu.Lock()
	s.stop() // under mu: a Tick either started its job before, or sees it
	s.mu.Unlock()
	s.wg.Wait()
}

// Add makes a job eligible; adding it again changes nothing.
func (s *Scheduler) Add(j Job) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.jobs[j] == nil {
		s.added++
		s.jobs[j] = &slot{seq: s.added}
	}
}

// Remove drops a job; a request of it in flight finishes on its own.
func (s *Scheduler) Remove(j Job) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.jobs, j)
}

// Tick starts the request of the most urgent due job, if any, and reports
// whether it started one. After Stop it starts none.
func (s *Scheduler) Tick() bool {
	now := s.now()
	s.mu.Lock()
	if s.ctx.Err() != nil {
		s.mu.Unlock()
		return false
	}
	var (
		best      Job
		bestDue   time.Time
		bestClass Class
		bestSeq   uint64
	)
	for j, sl := range s.jobs {
		if sl.running {
			continue
		}
		due, class, ok := j.Next(now)
		if !ok || due.After(now) {
			continue
		}
		if best == nil || class < bestClass || class == bestClass && (due.Before(bestDue) || due.Equal(bestDue) && sl.seq < bestSeq) {
			best, bestDue, bestClass, bestSeq = j, due, class, sl.seq
		}
	}
	if best == nil {
		s.mu.Unlock()
		return false
	}
	s.jobs[best].running = true
	ctx := s.ctx
	s.wg.Add(1)
	s.mu.Unlock()
	if s.inline {
		defer s.wg.Done()
		defer s.finished(best)
		best.Run(ctx)
		return true
	}
	go func() {
		defer s.wg.Done()
		defer s.finished(best)
		best.Run(ctx)
	}()
	return true
}

func (s *Scheduler) finished(j Job) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sl := s.jobs[j]; sl != nil {
		sl.running = false
	}
}

// Take waits for a tick to grant one request of class, for a caller that
// makes the request itself (a refresh asked for by a pane): so that it too
// spends the budget. It returns ctx's error if ctx ends first.
func (s *Scheduler) Take(ctx context.Context, class Class) error {
	if s.inline {
		return ctx.Err() // a test drives the ticks; its own requests go at once
	}
	g := &grant{class: class, at: s.now(), done: make(chan struct{})}
	s.Add(g)
	defer s.Remove(g)
	select {
	case <-g.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-s.ctx.Done():
		return s.ctx.Err()
	}
}

// grant is a one-request job: Run lets its caller go.
type grant struct {
	class Class
	at    time.Time
	once  sync.Once
	done  chan struct{}
}

func (g *grant) Next(time.Time) (time.Time, Class, bool) {
	select {
	case <-g.done:
		return time.Time{}, 0, false
	default:
		return g.at, g.class, true
	}
}

func (g *grant) Run(context.Context) { g.once.Do(func() { close(g.done) }) }

// Jobs is how many jobs are registered.
func (s *Scheduler) Jobs() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.jobs)
}
