// Package clock is the console's time: what time it is, and timers that
// deliver a message later. Every model reads the clock of its context, so
// tests can hand in a fake one that moves only when told (ui/uitest).
package clock

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// Clock tells the time and schedules messages.
type Clock interface {
	Now() time.Time
	// After returns a command that delivers fn's message once d has passed.
	After(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd
}

// Wall is the real clock.
type Wall struct{}

// Now is time.Now.
func (Wall) Now() time.Time { return time.Now() }

// After is tea.Tick.
func (Wall) After(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd { return tea.Tick(d, fn) }
