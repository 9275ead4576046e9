// Package ratewait is a read that waits out the API's rate limit by
// itself: when the client says a call would wait (its pacing under the
// published limits, or a hold after a 429), or the API answers that it
// must, the read is started again when the wait is over, and until then
// the view says how long is left, counting down every second.
package ratewait

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/common"
)

// MaxTries bounds how often one read waits and tries again; past it the
// API's refusal is shown as it is.
const MaxTries = 5

// Read is one read of a view (a group's metadata, a picture). Its zero
// value is not ready: use New.
type Read struct {
	ctx   *common.Context
	id    uint64
	seq   uint64 // the current wait; older ticks are dropped
	until time.Time
	tries int
	run   func() tea.Cmd
	delay func() time.Duration
	yield func() bool
}

// New returns a read that runs on ctx's clock.
func New(ctx *common.Context) *Read { return &Read{ctx: ctx, id: common.NextGen()} }

type tickMsg struct{ id, seq uint64 }

// Start runs the read now, or once delay has passed: what the client's
// PaceDelay says the call would wait. It is asked again when the wait
// ends (another read may have taken the slot meanwhile), so the read is
// started only when it will not wait inside the client. run starts the
// API call.
func (r *Read) Start(delay func() time.Duration, run func() tea.Cmd) tea.Cmd {
	r.tries, r.run, r.delay = 0, run, delay
	return r.after(delay())
}

func (r *Read) after(wait time.Duration) tea.Cmd {
	r.seq++
	if wait <= 0 {
		r.until = time.Time{}
		return r.run()
	}
	r.until = r.ctx.Now().Add(wait)
	return r.tick()
}

// tick comes every second, so the countdown moves, and on the dot when
// the wait ends.
func (r *Read) tick() tea.Cmd {
	id, seq := r.id, r.seq
	left := r.Left()
	step := left % time.Second
	if step == 0 {
		step = time.Second
	}
	return r.ctx.After(min(step, left), func(time.Time) tea.Msg { return tickMsg{id: id, seq: seq} })
}

// YieldTo makes the read give way when its wait is over while yield
// reports true (another read, for what is on screen, wants the same
// slot): it asks again a second later. Without it, two reads whose waits
// end together race for one slot.
func (r *Read) YieldTo(yield func() bool) { r.yield = yield }

// Waiting reports whether the read is waiting for the rate limit.
func (r *Read) Waiting() bool { return !r.until.IsZero() }

// Left is how long the read still waits.
func (r *Read) Left() time.Duration {
	if r.until.IsZero() {
		return 0
	}
	return max(r.until.Sub(r.ctx.Now()), 0)
}

// Text says so: "waiting 12s for the rate limit".
func (r *Read) Text() string {
	return "waiting " + Seconds(r.Left()) + " for the rate limit"
}

// Seconds writes a wait rounded up to the second: "35s", "1m", "1m05s".
func Seconds(d time.Duration) string {
	s := int((d + time.Second - 1) / time.Second)
	switch {
	case s < 60:
		return strconv.Itoa(s) + "s"
	case s%60 == 0:
		return strconv.Itoa(s/60) + "m"
	}
	return strconv.Itoa(s/60) + "m" + fmt.Sprintf("%02d", s%60) + "s"
}

// Update takes the read's ticks: it reports whether msg was one, and the
// read to start when the wait is over.
func (r *Read) Update(msg tea.Msg) (tea.Cmd, bool) {
	t, ok := msg.(tickMsg)
	if !ok || t.id != r.id {
		return nil, false
	}
	if t.seq != r.seq || r.until.IsZero() {
		return nil, true
	}
	if r.Left() > 0 {
		return r.tick(), true
	}
	if r.yield != nil && r.yield() {
		return r.after(time.Second), true
	}
	return r.after(r.delay()), true
}

// Retry takes the read's failure: when the API (or the client, for it)
// said to wait, the read waits and tries again by itself, and Retry
// reports true; any other failure, or one too many, is the caller's to
// show.
func (r *Read) Retry(err error) (tea.Cmd, bool) {
	wait := RetryAfter(err)
	if wait <= 0 || r.tries >= MaxTries || r.run == nil {
		return nil, false
	}
	r.tries++
	return r.after(wait), true
}

// RetryAfter is how long err says to wait before the same call may
// succeed: a 429, a credential held after one, or the client holding a
// call back under a published limit. Zero for any other error.
func RetryAfter(err error) time.Duration {
	e, ok := api.AsError(err)
	if !ok || e.RetryAfter <= 0 {
		return 0
	}
	if e.Status == 429 || errors.Is(err, api.ErrHeld) || e.Status == 0 {
		return e.RetryAfter
	}
	return 0
}
