package common

import (
	"time"

	"sync/atomic"

	tea "github.com/charmbracelet/bubbletea"
)

// Pane is one screen of the console (sessions, groups, contacts, logs).
type Pane interface {
	Name() string  // command name, e.g. "sessions"
	Title() string // tab label
	Init() tea.Cmd
	Update(tea.Msg) (Pane, tea.Cmd)
	View() string
	SetSize(w, h int)
	// SetActive tells the pane it came to the front or went behind, so it
	// can resume or pause its polling.
	SetActive(active bool) tea.Cmd
	// Actions lists the actions of the pane's current view, for dispatch,
	// help and role checks alike.
	Actions() []Action
	// Capturing is true while the operator types into an input: global
	// keys other than ctrl+c go to the pane.
	Capturing() bool
	// Busy describes work under way, for the status line; "" when idle.
	Busy() string
	// Summary is the pane's line for the header, e.g. "6 sessions · 3 connected".
	Summary() string
	// Freshness is when the pane's data was last read, and the error of the
	// last attempt if it failed, for the header's "updated 3s ago".
	Freshness() (time.Time, error)
	// Fullscreen asks for the whole terminal, without header and help
	// (the QR code needs every row).
	Fullscreen() bool
}

var generation atomic.Uint64

// NextGen returns a process-wide unique number for tagging async work, so
// a result for a request that is no longer current can be recognised.
func NextGen() uint64 { return generation.Add(1) }
