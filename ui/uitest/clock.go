package uitest

import (
	"context"
	"slices"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// Clock is a fake clock. It stands still until the test moves it; its
// timers (After) and sleeps (the API client's waits, the pairing engine's
// pauses) come due only when it is moved, so no test waits on the wall
// clock. A Driver moves it and delivers the timers that come due.
type Clock struct {
	mu       sync.Mutex
	now      time.Time
	sleepers []*sleeper
	changed  chan struct{} // a sleeper started waiting
	timerSeq uint64
}

type sleeper struct {
	until time.Time
	wake  chan struct{}
}

// NewClock returns a clock standing at t.
func NewClock(t time.Time) *Clock { return &Clock{now: t, changed: make(chan struct{}, 1)} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// TimerMsg is a timer of the fake clock: the command After returns yields
// it at once, and a Driver holds it until the clock reaches At.
type TimerMsg struct {
	At   time.Time
	seq  uint64 // timers due at the same time fire in the order they were set
	fire func(time.Time) tea.Msg
}

// After returns a command that yields a TimerMsg due d from now.
func (c *Clock) After(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
	c.mu.Lock()
	at := c.now.Add(d)
	c.timerSeq++
	seq := c.timerSeq
	c.mu.Unlock()
	return func() tea.Msg { return TimerMsg{At: at, seq: seq, fire: fn} }
}

// Sleep blocks until the clock has moved d on, or ctx ends.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	c.mu.Lock()
	s := &sleeper{until: c.now.Add(d), wake: make(chan struct{})}
	c.sleepers = append(c.sleepers, s)
	c.mu.Unlock()
	select {
	case c.changed <- struct{}{}:
	default:
	}
	select {
	case <-s.wake:
		return nil
	case <-ctx.Done():
		c.mu.Lock()
		c.sleepers = slices.DeleteFunc(c.sleepers, func(o *sleeper) bool { return o == s })
		c.mu.Unlock()
		return ctx.Err()
	}
}

// Advance moves the clock forward by d, waking the sleeps that come due.
// Timers held by a Driver fire only through Driver.Advance.
func (c *Clock) Advance(d time.Duration) { c.set(c.Now().Add(d)) }

func (c *Clock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.After(c.now) {
		c.now = t
	}
	c.sleepers = slices.DeleteFunc(c.sleepers, func(s *sleeper) bool {
		if s.until.After(c.now) {
			return false
		}
		close(s.wake)
		return true
	})
}

// sleeping is how many goroutines wait for the clock.
func (c *Clock) sleeping() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.sleepers)
}

// nextWake is the earliest time a sleeper waits for.
func (c *Clock) nextWake() (time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var next time.Time
	for _, s := range c.sleepers {
		if next.IsZero() || s.until.Before(next) {
			next = s.until
		}
	}
	return next, !next.IsZero()
}
