// Package uitest has helpers for testing the console's models against the
// fake API: a client on an httptest server and a driver that runs commands.
package uitest

import (
	"io"
	"net/http"
	"net/http/httptest"
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
	Fake *fake.Server
	// Clock is the fake clock of console and API alike; nil when the test
	// runs on the wall clock (fake.Options.Now set).
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
// sets its own clock, fake, client and console share a fake clock that
// stands still until the test moves it, so screens are the same on every
// run and no test waits on the wall clock.
func New(t testing.TB, opts fake.Options) *Env {
	t.Helper()
	env := &Env{}
	if opts.Now == nil {
		env.Clock = NewClock(Epoch)
		opts.Now = env.Clock.Now
	}
	env.now = opts.Now
	env.Fake = fake.New(opts)
	ctx := common.NewContext(env.Client(t, env.Fake.PersonalToken()), Renderer())
	ctx.Profile = "test"
	if env.Clock != nil {
		ctx.Clock = env.Clock
	}
	// The log streams run on a scheduler the test ticks itself (Poll), so a
	// request happens exactly when the test says.
	ctx.Hub = common.NewHub(ctx.Client, ctx.Settings, env.now)
	ctx.Hub.Scheduler().Inline()
	env.Ctx = ctx
	return env
}

// SetClient makes the console use c, with log streams of its own.
func (e *Env) SetClient(c *api.Client) {
	e.Ctx.Client = c
	e.Ctx.Hub = common.NewHub(c, e.Ctx.Settings, e.now)
	e.Ctx.Hub.Scheduler().Inline()
}

// Poll starts every background request that is due now (log tails), one
// after the other, as the request budget's scheduler would over time.
func (e *Env) Poll() {
	for range 1000 {
		if !e.Ctx.Hub.Scheduler().Tick() {
			return
		}
	}
}

// Client returns a client of the fake API that sends token, without retries.
func (e *Env) Client(t testing.TB, token string) *api.Client {
	t.Helper()
	return e.ClientWith(t, api.Options{Token: token})
}

// ClientWith returns a client of the fake API (through o.HTTPClient, if
// set) with o's other settings. On
// the fake clock, the client's waits (pacing) wait for the clock.
func (e *Env) ClientWith(t testing.TB, o api.Options) *api.Client {
	t.Helper()
	o.BaseURL = BaseURL
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Transport: handlerTransport{e.Fake}}
	}
	o.Retry = api.RetryPolicy{MaxAttempts: 1}
	o.Now = e.now
	if e.Clock != nil {
		o.Sleep = e.Clock.Sleep
	}
	c, err := api.New(o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Driver runs the console's models the way Bubble Tea does, on the env's
// fake clock. See Driver.
func (e *Env) Driver(t testing.TB, update func(tea.Msg) tea.Cmd) *Driver {
	t.Helper()
	if e.Clock == nil {
		t.Fatal("uitest: a Driver needs the fake clock")
	}
	d := NewDriver(t, e.Clock, update)
	d.Tick = e.Poll
	return d
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

// Renderer is a lipgloss renderer without colours.
func Renderer() *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	r.SetHasDarkBackground(true)
	return r
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

// Rune is the key message of one typed rune, as Bubble Tea makes it.
func Rune(r rune) tea.KeyMsg {
	if r == ' ' {
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}}
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
