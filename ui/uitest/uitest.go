// Package uitest has helpers for testing the console's models against the
// fake API: a client on an httptest server and a driver that runs commands.
package uitest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/ui/common"
)

// Env is a console context wired to a fake API.
type Env struct {
	Fake  *fake.Server
	Clock *Clock
	Ctx   *common.Context
	now   func() time.Time
}

// BaseURL is where the in-memory fake API answers.
const BaseURL = "http://wasender.test/api"

// Epoch is the fixed time tests start at.
var Epoch = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// New starts a fake API with opts and returns a context using it, drawn
// with the ASCII colour profile so views compare as plain text. Unless opts
// sets its own, fake and console share a clock that stands still until
// the test moves it, so screens are the same on every run.
func New(t testing.TB, opts fake.Options) *Env {
	t.Helper()
	clock := &Clock{now: Epoch}
	if opts.Now == nil {
		opts.Now = clock.Now
	}
	f := fake.New(opts)
	env := &Env{Fake: f, Clock: clock, now: opts.Now}
	ctx := common.NewContext(env.Client(t, f.PersonalToken()), Renderer())
	ctx.Profile = "test"
	ctx.Now = opts.Now
	env.Ctx = ctx
	return env
}

// Client returns a client of the fake API that sends token, without retries.
func (e *Env) Client(t testing.TB, token string) *api.Client {
	t.Helper()
	return e.ClientWith(t, api.Options{Token: token})
}

// ClientWith returns a client of the fake API with o's other settings.
func (e *Env) ClientWith(t testing.TB, o api.Options) *api.Client {
	t.Helper()
	o.BaseURL = BaseURL
	o.HTTPClient = &http.Client{Transport: handlerTransport{e.Fake}}
	o.Retry = api.RetryPolicy{MaxAttempts: 1}
	o.Now = e.now
	c, err := api.New(o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// handlerTransport serves requests straight from a handler, in memory.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body == nil {
		r.Body = http.NoBody // as a server would see it
	}
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	return rec.Result(), nil
}

// Clock is a settable clock.
type Clock struct {
	mu  sync.Mutex
	now time.Time
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// Renderer is a lipgloss renderer without colours.
func Renderer() *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	r.SetHasDarkBackground(true)
	return r
}

// Drive feeds msg to update, then runs the commands it returns and feeds
// their messages back, until no command answers within wait. Commands that
// take longer (poll ticks) are abandoned. It returns the messages seen.
func Drive(t testing.TB, update func(tea.Msg) tea.Cmd, msg tea.Msg, wait time.Duration) []tea.Msg {
	t.Helper()
	var seen []tea.Msg
	queue := []tea.Msg{msg}
	for len(queue) > 0 {
		next := queue[0]
		queue = queue[1:]
		seen = append(seen, next)
		queue = append(queue, Run(update(next), wait)...)
	}
	return seen
}

// DriveCmd runs cmd and drives update with whatever it yields.
func DriveCmd(t testing.TB, update func(tea.Msg) tea.Cmd, cmd tea.Cmd, wait time.Duration) []tea.Msg {
	t.Helper()
	var seen []tea.Msg
	for _, msg := range Run(cmd, wait) {
		seen = append(seen, Drive(t, update, msg, wait)...)
	}
	return seen
}

// Run executes cmd, expanding batches and running their members at once,
// and returns the messages that arrive within wait.
func Run(cmd tea.Cmd, wait time.Duration) []tea.Msg {
	if cmd == nil {
		return nil
	}
	deadline := time.After(wait)
	ch := make(chan tea.Msg, 64)
	pending := 1
	go func() { ch <- cmd() }()
	var out []tea.Msg
	for pending > 0 {
		select {
		case msg := <-ch:
			pending--
			switch msg := msg.(type) {
			case nil:
			case tea.BatchMsg:
				for _, c := range msg {
					if c == nil {
						continue
					}
					pending++
					go func() { ch <- c() }()
				}
			default:
				out = append(out, msg)
			}
		case <-deadline:
			return out
		}
	}
	return out
}

// Key returns the key message for s: "enter", "esc", "ctrl+s", "tab",
// "up", "down", or runes.
func Key(s string) tea.KeyMsg {
	switch s {
	case "enter":
		return tea.KeyMsg{Type: tea.KeyEnter}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "tab":
		return tea.KeyMsg{Type: tea.KeyTab}
	case "shift+tab":
		return tea.KeyMsg{Type: tea.KeyShiftTab}
	case "up":
		return tea.KeyMsg{Type: tea.KeyUp}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	case "end":
		return tea.KeyMsg{Type: tea.KeyEnd}
	case "home":
		return tea.KeyMsg{Type: tea.KeyHome}
	case "ctrl+s":
		return tea.KeyMsg{Type: tea.KeyCtrlS}
	case "ctrl+c":
		return tea.KeyMsg{Type: tea.KeyCtrlC}
	case "ctrl+u":
		return tea.KeyMsg{Type: tea.KeyCtrlU}
	case "backspace":
		return tea.KeyMsg{Type: tea.KeyBackspace}
	case "space":
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

// Loop runs commands the way Bubble Tea does: each in its own goroutine,
// their messages fed to update in arrival order, until until(msg) is true
// for a message or the deadline passes. It returns the messages seen.
// Unlike Drive it never abandons a command, so a command that waits on a
// channel cannot swallow a message meant for a later one.
func Loop(t testing.TB, update func(tea.Msg) tea.Cmd, first tea.Cmd, deadline time.Duration, until func(tea.Msg) bool) []tea.Msg {
	t.Helper()
	r := newRunner(first)
	var seen []tea.Msg
	timeout := time.After(deadline)
	for {
		select {
		case msg := <-r.ch:
			seen = append(seen, msg)
			r.start(update(msg))
			if until(msg) {
				return seen
			}
		case <-timeout:
			return seen
		}
	}
}

// Settle runs cmd like Loop and returns once no message has arrived for
// quiet (commands still pending, such as poll ticks, are left running), or
// after limit.
func Settle(t testing.TB, update func(tea.Msg) tea.Cmd, cmd tea.Cmd, quiet, limit time.Duration) []tea.Msg {
	t.Helper()
	r := newRunner(cmd)
	var seen []tea.Msg
	last, end := time.Now(), time.Now().Add(limit)
	for time.Now().Before(end) {
		select {
		case msg := <-r.ch:
			seen = append(seen, msg)
			r.start(update(msg))
			last = time.Now()
		case <-time.After(10 * time.Millisecond):
			if time.Since(last) >= quiet {
				return seen
			}
		}
	}
	return seen
}

// runner runs commands in goroutines, expanding batches, and hands their
// messages over a channel.
type runner struct{ ch chan tea.Msg }

func newRunner(first tea.Cmd) *runner {
	r := &runner{ch: make(chan tea.Msg, 256)}
	r.start(first)
	return r
}

func (r *runner) start(c tea.Cmd) {
	if c == nil {
		return
	}
	go func() {
		msg := c()
		if batch, ok := msg.(tea.BatchMsg); ok {
			for _, b := range batch {
				r.start(b)
			}
			return
		}
		if msg != nil {
			r.ch <- msg
		}
	}()
}
