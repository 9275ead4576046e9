// Package common holds what every part of the console shares: the API
// client, styles, settings, the clock, the operator's role and audit
// trail, notices, and text helpers.
package common

import (
	"context"
	"io"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/audit"
	"github.com/wasender-tui/wasender-tui/api/health"
	"github.com/wasender-tui/wasender-tui/api/sched"
	"github.com/wasender-tui/wasender-tui/api/tail"
	"github.com/wasender-tui/wasender-tui/ui/clock"
	"github.com/wasender-tui/wasender-tui/ui/styles"
)

// Settings are the tunables a profile may set.
type Settings struct {
	PollInterval    time.Duration // sessions list refresh
	LogPollInterval time.Duration // log tail while the logs pane is in front
	HiddenLogPoll   time.Duration // log tail while hidden; 0 pauses it
	LogBuffer       int           // entries kept per log stream
	LogBacklog      int           // entries a stream catches up before a gap
	QuietPoll       time.Duration // the longest wait of a quiet log stream
	RequestBudget   float64       // requests a second for every background poll
	// Pairing tunes QR pairing; zero values take the API's documented timing.
	Pairing api.PairOptions
	// Health are the thresholds of the verdicts ([health]); zero values
	// take the defaults.
	Health health.Thresholds
}

// DefaultSettings match the config defaults.
var DefaultSettings = Settings{
	PollInterval:    5 * time.Second,
	LogPollInterval: 2 * time.Second,
	HiddenLogPoll:   30 * time.Second,
	LogBuffer:       10000,
	LogBacklog:      10000,
	QuietPoll:       time.Minute,
	RequestBudget:   5,
}

// MinPollInterval is the floor of every refresh: faster helps nobody and
// burns the API's limits.
const MinPollInterval = 2 * time.Second

// Context is shared by all models of one console (one per SSH client).
type Context struct {
	Client   *api.Client
	Styles   *styles.Styles
	Settings Settings
	Profile  string   // profile name for the header; "" when from the environment
	Profiles []string // known profile names, for :profile
	Role     Role
	Actor    string    // who is at the keyboard, for the audit trail
	Output   io.Writer // the terminal, for OSC52 clipboard writes
	Clock    clock.Clock
	Demo     bool
	// Sessions is the session list shared by the panes' pickers.
	Sessions *Directory
	// Contacts are the names of the contacts loaded so far.
	Contacts *ContactNames
	// Shared, when set, is the session-list reader shared by every console
	// of a server, so that many operators cost one request.
	Shared *SharedList
	// Hub is the profile's log streams on one request budget, shared by
	// every pane (and every console of a server); LogHub makes one for a
	// context built without it.
	Hub     *tail.Hub
	hubOnce *sync.Once
	ownHub  bool // LogHub made Hub: Stop stops it
	// Webhooks is the webhook receiver, nil when the console does not
	// listen.
	Webhooks *Webhooks
	// health is the console's health board (HealthMonitor).
	health     *health.Monitor
	healthOnce *sync.Once
	// Audit is the trail of mutating actions (nil: none kept).
	Audit *audit.Log
	// IdleTimeout ends a console nobody typed in for this long; MaxSession
	// ends it after this long in all. Zero: never (local use).
	IdleTimeout, MaxSession time.Duration
	// Lifetime ends when this console closes (an SSH client leaves, or the
	// operator switches profile), which cancels its requests in flight.
	Lifetime context.Context
	stop     context.CancelFunc
}

// EnvProfile is how the header and the audit trail name a configuration
// that comes from the environment alone, without a profile.
const EnvProfile = "env"

// ProfileLabel is a profile's name for the header and the audit trail:
// name, or EnvProfile for none.
func ProfileLabel(name string) string {
	if name == "" {
		return EnvProfile
	}
	return name
}

// NewContext fills defaults around a client and a renderer.
func NewContext(client *api.Client, r *lipgloss.Renderer) *Context {
	c := &Context{
		Client:     client,
		Styles:     styles.New(r),
		Settings:   DefaultSettings,
		Role:       RoleOperator,
		Clock:      clock.Wall{},
		Lifetime:   context.Background(),
		Sessions:   &Directory{},
		hubOnce:    &sync.Once{},
		healthOnce: &sync.Once{},
		Contacts:   &ContactNames{},
	}
	return c
}

// LogHub is the context's hub of log streams. A context made without one
// (a test, a tool) gets its own, stopped by Stop or the end of its
// lifetime.
func (c *Context) LogHub() *tail.Hub {
	if c.Hub != nil || c.hubOnce == nil {
		return c.Hub
	}
	c.hubOnce.Do(func() {
		if c.Hub != nil {
			return
		}
		c.Hub = NewHub(c.Client, c.Settings, c.Now)
		c.Hub.Scheduler().Start()
		c.ownHub = true
		if c.Lifetime != nil { // a console that ends without Stop (serve's) lets it go too
			context.AfterFunc(c.Lifetime, c.Hub.Scheduler().Stop)
		}
	})
	return c.Hub
}

// NewHub builds the log streams of a client with settings s, on a
// scheduler of its own (not started).
func NewHub(c *api.Client, s Settings, now func() time.Time) *tail.Hub {
	hidden := s.HiddenLogPoll
	if hidden <= 0 {
		hidden = -1 // "off": a hidden pane does not poll
	}
	return tail.NewHub(c, sched.New(s.RequestBudget, now),
		tail.Options{Interval: s.LogPollInterval, Backlog: s.LogBacklog},
		tail.StreamOptions{Interval: s.LogPollInterval, Hidden: hidden, Quiet: s.QuietPoll, Keep: s.LogBuffer, Now: now},
		c.HeldUntil)
}

// Now is the console's time.
func (c *Context) Now() time.Time { return c.Clock.Now() }

// After returns a command that delivers fn's message once d has passed on
// the console's clock.
func (c *Context) After(d time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
	return c.Clock.After(d, fn)
}

// Bind makes ctx (with who is acting) the console's lifetime; Stop ends it.
func (c *Context) Bind(ctx context.Context) {
	c.Lifetime, c.stop = context.WithCancel(api.WithActor(ctx, c.Actor))
}

// Stop ends the console's lifetime: its requests and background work stop.
func (c *Context) Stop() {
	if c.stop != nil {
		c.stop()
	}
	if c.ownHub {
		c.Hub.Scheduler().Stop()
	}
}

// ListSessions reads the session list, through the shared reader if any,
// within the profile's request budget; without a personal token, the
// sessions its API keys give (see KeyOnly).
func (c *Context) ListSessions(ctx context.Context) ([]api.Session, error) {
	if c.KeyOnly() {
		return keySessions(ctx, c.Client)
	}
	if c.Shared != nil {
		return c.Shared.List(ctx)
	}
	return Budgeted(c.LogHub(), c.Client.ListSessions)(ctx)
}

// Budgeted makes fetch wait for its turn in the hub's request budget.
func Budgeted(h *tail.Hub, fetch func(context.Context) ([]api.Session, error)) func(context.Context) ([]api.Session, error) {
	if h == nil {
		return fetch
	}
	return func(ctx context.Context) ([]api.Session, error) {
		if err := h.Scheduler().Take(ctx, sched.Visible); err != nil {
			return nil, err
		}
		return fetch(ctx)
	}
}

// KeyOnly reports a console with session API keys but no personal token:
// it knows of each session only its state and number, and none of what
// /whatsapp-sessions says (name, id of WASENDER_API_KEY's session,
// settings, logs).
func (c *Context) KeyOnly() bool { return !c.Client.HasToken() }

// Poll returns the sessions refresh interval with its floor applied.
func (c *Context) Poll() time.Duration {
	return max(c.Settings.PollInterval, MinPollInterval)
}
