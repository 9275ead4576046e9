// Package health says, per session, whether it is ok, needs attention or is
// down, why, and since when: from the session list and the same session-log
// and message-log streams the logs pane tails (api/tail), over a window of
// time. A Board keeps the measures and is fed batches as they come, so a
// pane can keep it live for the cost of the batches; a Monitor feeds one
// from a hub's streams. It has no UI: the status command and the console
// share it.
package health

import (
	"fmt"
	"strings"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
)

// Verdict is a session's health. Worse verdicts are larger.
type Verdict int

const (
	OK Verdict = iota
	Attention
	Down
)

func (v Verdict) String() string {
	switch v {
	case Attention:
		return "attention"
	case Down:
		return "down"
	}
	return "ok"
}

// Symbol is a one-cell mark for the verdict, so it never depends on colour.
func (v Verdict) Symbol() string {
	switch v {
	case Attention:
		return "!"
	case Down:
		return "✗"
	}
	return "✓"
}

// Kinds of reasons.
const (
	NotConnected = "not connected"
	Flapping     = "flapping"
	Failing      = "failing"
	Unreadable   = "unreadable"
)

// Reason is one thing that made a verdict: its kind and what was measured,
// in the API's words where they come from the API.
type Reason struct {
	Kind   string
	Detail string
}

func (r Reason) String() string {
	if r.Detail == "" {
		return r.Kind
	}
	return r.Kind + ": " + r.Detail
}

// Thresholds are the documented limits of the verdicts (the [health]
// section of the config). Zero fields take the defaults.
type Thresholds struct {
	Window time.Duration // what is measured; default 1h
	// Flapping: this many state changes in the window or more; default 3.
	Flapping int
	// Failing: a failure rate of FailureRate or more over at least
	// MinMessages settled messages in the window; defaults 0.2 and 5.
	FailureRate float64
	MinMessages int
	// Unreadable: a log whose reads failed this many times in a row, or
	// once with an answer that retrying cannot change (401, 403, 404);
	// default 3.
	UnreadableAfter int
}

// Defaults of the thresholds.
const (
	DefaultWindow          = time.Hour
	DefaultFlapping        = 3
	DefaultFailureRate     = 0.2
	DefaultMinMessages     = 5
	DefaultUnreadableAfter = 3
	// Bucket is the span of one count of Row.Failures.
	Bucket = 5 * time.Minute
	// MinWindow and MaxWindow bound a window.
	MinWindow = time.Minute
	MaxWindow = 24 * time.Hour
)

func (t Thresholds) withDefaults() Thresholds {
	if t.Window <= 0 {
		t.Window = DefaultWindow
	}
	if t.Flapping <= 0 {
		t.Flapping = DefaultFlapping
	}
	if t.FailureRate <= 0 {
		t.FailureRate = DefaultFailureRate
	}
	if t.MinMessages <= 0 {
		t.MinMessages = DefaultMinMessages
	}
	if t.UnreadableAfter <= 0 {
		t.UnreadableAfter = DefaultUnreadableAfter
	}
	return t
}

// ParseWindow reads a window such as "15m", "1h" or "2h30m", within
// MinWindow and MaxWindow; its error names the format.
func ParseWindow(s string) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(s))
	switch {
	case err != nil:
		return 0, fmt.Errorf("%q is not a window: use a number with a unit, like 15m, 1h or 2h30m", s)
	case d < MinWindow || d > MaxWindow:
		return 0, fmt.Errorf("%q: a window is %s to %s", s, FormatWindow(MinWindow), FormatWindow(MaxWindow))
	}
	return d, nil
}

// FormatWindow prints a window the way it is written: 1h, 15m, 2h30m.
func FormatWindow(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// Row is one session's health over the window, ready to show.
type Row struct {
	ID      string
	Name    string
	Status  string // the state, lower case, as the API names it ("" if it sent none)
	Verdict Verdict
	Reasons []Reason
	// Since is when the session entered its state, from the session log
	// (zero: unknown). SinceAtLeast: the state held through every entry
	// read, so it is at least that old.
	Since        time.Time
	SinceAtLeast bool
	Changes      int // state changes in the window
	// Sent and Failed count the messages of the window that settled;
	// FailureRate is Failed/(Sent+Failed), 0 without any.
	Sent, Failed int
	FailureRate  float64
	// LastFailedReason is the failed_reason of the latest failure in the
	// window, shared by LastFailedCount of its failures.
	LastFailedReason string
	LastFailedCount  int
	// Failures counts failed messages per Bucket over the window, oldest
	// first: a sparkline.
	Failures []int
	// LastError is the last error the console met reading this session
	// (its key rejected, a 5xx, a rate limit), at LastErrorAt.
	LastError    string
	LastErrorAt  time.Time
	LastActivity time.Time // the newest message, session log or last_active_at
	// Missing is how many entries of the window the logs could not read
	// (gaps): the counts may be short by as many.
	Missing int
	// Ready: both logs were read over the window, or are unreadable, so
	// the verdict stands on the whole window.
	Ready bool
}

// permanent reports whether a read error is one that retrying cannot
// change: the credential was refused or the session is not there.
func permanent(err error) bool {
	e, ok := api.AsError(err)
	return ok && (e.Status == 401 || e.Status == 403 || e.Status == 404)
}

// errorText is an error in the API's words with its HTTP status, without
// the call path.
func errorText(err error) string {
	if e, ok := api.AsError(err); ok {
		c := *e
		c.Op = ""
		return c.Error()
	}
	return err.Error()
}
