package sched

import (
	"context"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// job wants a request every interval, in a class.
type job struct {
	name     string
	class    Class
	interval time.Duration
	last     time.Time
	runs     []time.Time
	now      func() time.Time
}

func (j *job) Next(now time.Time) (time.Time, Class, bool) {
	return j.last.Add(j.interval), j.class, true
}

func (j *job) Run(context.Context) {
	j.last = j.now()
	j.runs = append(j.runs, j.last)
}

func TestBudgetClassesAndFairness(t *testing.T) {
	c := &clock{t: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	s := New(5, c.Now)
	s.Inline()
	var jobs []*job
	for i := range 20 {
		class := Visible
		if i >= 10 {
			class = Hidden
		}
		j := &job{class: class, interval: time.Second, now: c.Now}
		jobs = append(jobs, j)
		s.Add(j)
	}
	spare := &job{class: Spare, interval: 0, now: c.Now}
	s.Add(spare)
	perSecond := map[int64]int{}
	for range 300 { // 60 s
		c.add(s.Every())
		if s.Tick() {
			perSecond[c.Now().Unix()]++
		}
	}
	for sec, n := range perSecond {
		if n > 5 {
			t.Errorf("second %d: %d requests, budget 5", sec, n)
		}
	}
	vis, hid := 0, 0
	for i, j := range jobs {
		if i < 10 {
			vis += len(j.runs)
		} else {
			hid += len(j.runs)
		}
	}
	if vis < 280 || hid != 0 || len(spare.runs) != 0 {
		t.Errorf("visible %d, hidden %d, spare %d runs: visible jobs always due take every tick", vis, hid, len(spare.runs))
	}
	for _, j := range jobs[:10] {
		if n := len(j.runs); n < 27 || n > 33 {
			t.Errorf("a visible job ran %d times in 60 s; want its fair share, 30", n)
		}
	}
	// Nothing due: the spare job gets the ticks.
	for _, j := range jobs {
		j.interval = time.Hour
		j.last = c.Now()
	}
	for range 10 {
		c.add(s.Every())
		s.Tick()
	}
	if len(spare.runs) != 10 {
		t.Errorf("spare ran %d times with nothing else due", len(spare.runs))
	}
	s.Remove(spare)
	if s.Jobs() != 20 {
		t.Errorf("%d jobs after Remove", s.Jobs())
	}
}

// A request in flight is never started twice; Stop waits for it.
func TestOneRequestInFlightPerJob(t *testing.T) {
	release := make(chan struct{})
	var mu sync.Mutex
	runs := 0
	j := &blocking{release: release, runs: &runs, mu: &mu}
	s := New(100, nil)
	s.Add(j)
	s.Tick()
	for range 5 {
		if s.Tick() {
			t.Fatal("a job started again while its request was in flight")
		}
	}
	close(release)
	s.Stop()
	if runs != 1 {
		t.Errorf("%d runs", runs)
	}
}

type blocking struct {
	release chan struct{}
	runs    *int
	mu      *sync.Mutex
}

func (b *blocking) Next(now time.Time) (time.Time, Class, bool) { return now, Visible, true }
func (b *blocking) Run(ctx context.Context) {
	b.mu.Lock()
	*b.runs++
	b.mu.Unlock()
	select {
	case <-b.release:
	case <-ctx.Done():
	}
}

// A request a caller makes itself waits for its turn in the budget.
func TestTakeWaitsForATick(t *testing.T) {
	c := &clock{t: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	s := New(5, c.Now)
	busy := &job{class: Urgent, interval: 0, now: c.Now}
	s.Add(busy)
	done := make(chan error, 1)
	go func() { done <- s.Take(context.Background(), Visible) }()
	for s.Jobs() < 2 {
		time.Sleep(time.Millisecond)
	}
	s.Tick() // the urgent job goes first
	s.wg.Wait()
	select {
	case <-done:
		t.Fatal("Take returned before its tick")
	default:
	}
	s.Remove(busy)
	s.Tick()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// Jobs due at the same instant in one class take turns in the order they
// were added, whatever order the map gives, so a run on virtual time
// replays exactly.
func TestTiesGoInTheOrderJobsWereAdded(t *testing.T) {
	for range 20 {
		c := &clock{t: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
		s := New(5, c.Now)
		s.Inline()
		var jobs []*job
		for i := range 8 {
			j := &job{name: string(rune('a' + i)), class: Visible, interval: time.Hour, now: c.Now}
			jobs = append(jobs, j)
			s.Add(j)
		}
		var order []string
		for range 8 {
			c.add(s.Every())
			s.Tick()
			for _, j := range jobs {
				if len(j.runs) == 1 && !slices.Contains(order, j.name) {
					order = append(order, j.name)
				}
			}
		}
		if got := strings.Join(order, ""); got != "abcdefgh" {
			t.Fatalf("ties ran in the order %q", got)
		}
	}
}

// A stopped scheduler starts nothing: a job run after Stop would only
// fail on its cancelled context (and race Stop's wait).
func TestNoTickAfterStop(t *testing.T) {
	c := &clock{t: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}
	s := New(5, c.Now)
	j := &job{class: Visible, interval: 0, now: c.Now}
	s.Add(j)
	s.Stop()
	c.add(s.Every())
	if s.Tick() {
		t.Error("Tick started a job after Stop")
	}
	s.wg.Wait()
	if len(j.runs) != 0 {
		t.Errorf("%d runs after Stop", len(j.runs))
	}
}
