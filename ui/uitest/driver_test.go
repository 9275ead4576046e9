package uitest

import (
	"context"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

type tick struct{ n int }

// A chain of timers fires in steps as the clock moves, and sleeps end when
// the clock passes them, without waiting on the wall clock.
func TestDriverFiresTimersAsTheClockMoves(t *testing.T) {
	clk := NewClock(Epoch)
	var fired []int
	var d *Driver
	d = NewDriver(t, clk, func(msg tea.Msg) tea.Cmd {
		if m, ok := msg.(tick); ok {
			fired = append(fired, m.n)
			return clk.After(2*time.Second, func(time.Time) tea.Msg { return tick{m.n + 1} })
		}
		return nil
	})
	d.Run(clk.After(2*time.Second, func(time.Time) tea.Msg { return tick{1} }))
	if len(fired) != 0 || d.Timers() != 1 {
		t.Fatalf("fired %v before the clock moved", fired)
	}
	d.Advance(7 * time.Second)
	if len(fired) != 3 || fired[2] != 3 || !clk.Now().Equal(Epoch.Add(7*time.Second)) {
		t.Fatalf("fired %v at %s", fired, clk.Now())
	}
	woke := make(chan error, 1)
	go func() { woke <- clk.Sleep(context.Background(), time.Minute) }()
	for clk.sleeping() == 0 {
		time.Sleep(time.Millisecond)
	}
	d.Advance(time.Minute)
	if err := <-woke; err != nil {
		t.Fatal(err)
	}
}
