// Package backend is where every front end (the console, qr, logs, serve)
// gets what it talks to: the API client of a config profile or of the
// built-in demo API, wired to the audit trail.
package backend

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/audit"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/api/health"
	"github.com/wasender-tui/wasender-tui/api/tail"
	"github.com/wasender-tui/wasender-tui/api/webhook"
	"github.com/wasender-tui/wasender-tui/config"
	"github.com/wasender-tui/wasender-tui/ui/common"
)

// Options say which backend to open.
type Options struct {
	Demo    bool
	Fake    fake.Options   // sizes of the demo API
	Config  config.Options // where the config is, which profile
	NoAudit bool           // read-only commands keep no trail
	// Events, when set, starts the webhook receiver where the config (or
	// it) says, and for the demo always, with the demo's webhooks sent
	// to it.
	Events    *EventsOptions
	Warnings  io.Writer // config warnings
	UserAgent string
}

// Backend is an open backend.
type Backend struct {
	Client  *api.Client
	Config  *config.Config // nil for the demo
	Audit   *audit.Log     // nil when none is kept
	Profile string
	Demo    bool
	// DemoURL is the demo API's base URL.
	DemoURL string
	// Webhooks is the webhook receiver, nil when it does not listen. It
	// serves this profile only.
	Webhooks *common.Webhooks

	o    Options
	stop func()

	mu     sync.Mutex
	hub    *tail.Hub           // every log tail of this profile, on one request budget
	others map[string]*Backend // other profiles, built once each (:profile)
}

// UsageError marks a problem with the command line or the config: the
// caller exits 2.
type UsageError struct{ Err error }

func (e UsageError) Error() string { return e.Err.Error() }
func (e UsageError) Unwrap() error { return e.Err }

// Open loads the config (or starts the demo API) and builds the client.
func Open(o Options) (*Backend, error) {
	if o.Warnings == nil {
		o.Warnings = io.Discard
	}
	b := &Backend{o: o, stop: func() {}}
	if o.Demo {
		if err := b.openDemo(); err != nil {
			b.Close()
			return nil, err
		}
		return b, nil
	}
	cfg, err := config.Load(o.Config)
	if err != nil {
		return nil, UsageError{err}
	}
	for _, w := range cfg.Warnings {
		fmt.Fprintln(o.Warnings, "warning:", w)
	}
	if err := cfg.RequireCredential(); err != nil {
		return nil, UsageError{err}
	}
	b.Config, b.Profile = cfg, cfg.ProfileName
	if !o.NoAudit {
		if b.Audit, err = audit.Open(cfg.Serve.AuditFile); err != nil {
			return nil, fmt.Errorf("opening the audit trail: %w", err)
		}
	}
	b.Client, err = b.clientFor(cfg)
	if err != nil {
		b.Close()
		return nil, err
	}
	if e := o.Events; e != nil {
		if listen := firstOf(e.Listen, cfg.Events.Listen); listen != "" {
			err := webhook.CheckForward(cfg.Events.Forward, webhook.ListenAddr(listen))
			var ln net.Listener
			if err != nil {
				err = UsageError{fmt.Errorf("[events] %w", err)}
			} else if ln, err = listenEvents(listen); err == nil {
				err = b.startEvents(ln, cfg.Events.PublicURL, cfg.Events.Forward)
			}
			if err != nil {
				b.Close()
				return nil, err
			}
		}
	}
	return b, nil
}

func firstOf(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

func (b *Backend) clientFor(cfg *config.Config) (*api.Client, error) {
	p := cfg.Profile
	opts := api.Options{
		BaseURL:     p.BaseURL,
		Token:       p.Token,
		APIKey:      p.APIKey,
		SessionKeys: p.SessionKeys,
		Timeout:     p.RequestTimeout,
		UserAgent:   b.o.UserAgent,
	}
	if b.Audit != nil {
		opts.OnMutation = b.Audit.Hook(common.ProfileLabel(cfg.ProfileName))
	}
	c, err := api.New(opts)
	if err != nil {
		return nil, UsageError{err}
	}
	return c, nil
}

// openDemo starts the demo API on a loopback port inside the process. Its
// audit trail is kept apart from the real one. With Events, the console's
// receiver listens first (on a free loopback port unless told where) and
// the demo sends every session's webhooks to it.
func (b *Backend) openDemo() error {
	o := b.o.Fake
	if o.AutoPair == 0 {
		o.AutoPair = 20 * time.Second
	}
	o.LogActivity, o.Incidents = true, true // the demo has incidents to show
	var events net.Listener
	if e := b.o.Events; e != nil {
		var err error
		if events, err = listenEvents(firstOf(e.Listen, "127.0.0.1:0")); err != nil {
			return err
		}
		o.WebhookURL = "http://" + reachable(events.Addr()) + "/"
	}
	srv := fake.New(o)
	base, stop, err := ServeFake(srv, "127.0.0.1:0")
	if err != nil {
		srv.Close()
		if events != nil {
			events.Close()
		}
		return err
	}
	b.stop, b.Demo, b.Profile, b.DemoURL = func() { stop(); srv.Close() }, true, "demo", base
	opts := api.Options{BaseURL: base, Token: srv.PersonalToken(), UserAgent: b.o.UserAgent}
	if !b.o.NoAudit {
		if b.Audit, err = audit.Open(filepath.Join(config.StateDir(nil), "audit-demo.log")); err != nil {
			stop()
			return fmt.Errorf("opening the demo audit trail: %w", err)
		}
		opts.OnMutation = b.Audit.Hook("demo")
	}
	if b.Client, err = api.New(opts); err != nil {
		if events != nil {
			events.Close()
		}
		return err
	}
	if events != nil {
		return b.startEvents(events, "http://"+reachable(events.Addr())+"/", "")
	}
	return nil
}

// reachable is a listener's address as a client dials it: loopback for
// one that listens everywhere.
func reachable(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}

// Context builds a console context drawn with r. The actor is the local
// user; serve replaces it per SSH client.
func (b *Backend) Context(r *lipgloss.Renderer) *common.Context {
	ctx := common.NewContext(b.Client, r)
	ctx.Profile, ctx.Demo, ctx.Audit = b.Profile, b.Demo, b.Audit
	ctx.Settings = b.settings()
	ctx.Hub = b.Hub()
	ctx.Webhooks = b.Webhooks
	if b.Config != nil {
		ctx.Profiles = b.Config.Profiles
	}
	ctx.Actor = LocalActor()
	ctx.Bind(context.Background())
	return ctx
}

// Switch returns the context of another profile (`:profile NAME`).
func (b *Backend) Switch(name string) (*common.Context, error) {
	next, err := b.WithProfile(name)
	if err != nil {
		return nil, err
	}
	return next.Context(lipgloss.DefaultRenderer()), nil
}

// WithProfile returns the backend of another profile of the same config,
// keeping the same audit trail.
func (b *Backend) WithProfile(name string) (*Backend, error) {
	if b.Config == nil {
		return nil, errors.New("the demo has no profiles")
	}
	if name == b.Profile {
		return b, nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if o := b.others[name]; o != nil {
		return o, nil
	}
	cfg, err := b.Config.WithProfile(name)
	if err != nil {
		return nil, err
	}
	if err := cfg.RequireCredential(); err != nil {
		return nil, err
	}
	c, err := b.clientFor(cfg)
	if err != nil {
		return nil, err
	}
	next := &Backend{Client: c, Config: cfg, Audit: b.Audit, Profile: cfg.ProfileName, o: b.o, stop: func() {}}
	if b.others == nil {
		b.others = map[string]*Backend{}
	}
	b.others[name] = next
	return next, nil
}

// Hub is the profile's log streams and the request budget they share with
// every background poll, started on first use and stopped by Close.
func (b *Backend) Hub() *tail.Hub {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.hub == nil {
		b.hub = common.NewHub(b.Client, b.settings(), time.Now)
		b.hub.Scheduler().Start()
	}
	return b.hub
}

// settings are the profile's tunables, or the defaults for the demo.
func (b *Backend) settings() common.Settings {
	if b.Config == nil {
		return common.DefaultSettings
	}
	p := b.Config.Profile
	return common.Settings{
		PollInterval:    p.PollInterval,
		LogPollInterval: p.LogPollInterval,
		HiddenLogPoll:   p.HiddenLogPoll,
		LogBuffer:       p.LogBuffer,
		LogBacklog:      p.LogBacklog,
		QuietPoll:       p.QuietPoll,
		RequestBudget:   p.RequestBudget,
		Health:          b.Thresholds(),
	}
}

// Thresholds are the health verdicts' limits of the config's [health]
// section, or the defaults for the demo.
func (b *Backend) Thresholds() health.Thresholds {
	if b.Config == nil {
		return health.Thresholds{}
	}
	h := b.Config.Health
	return health.Thresholds{Window: h.Window, Flapping: h.FlappingChanges, FailureRate: h.FailingRate,
		MinMessages: h.FailingMessages, UnreadableAfter: h.UnreadableReads}
}

// Close stops the demo API and closes the audit trail.
func (b *Backend) Close() {
	b.mu.Lock()
	stops := []*tail.Hub{b.hub}
	for _, o := range b.others {
		stops = append(stops, o.hub)
	}
	b.mu.Unlock()
	for _, h := range stops {
		if h != nil {
			h.Scheduler().Stop()
		}
	}
	b.stop()
	_ = b.Audit.Close()
}

// LocalActor names the local operator for the audit trail.
func LocalActor() string {
	if u := os.Getenv("USER"); u != "" {
		return "local:" + u
	}
	return "local:uid" + strconv.Itoa(os.Getuid())
}

// ServeFake serves a handler on addr and returns its base URL (with /api)
// and a func that stops it.
func ServeFake(h http.Handler, addr string) (string, func(), error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, fmt.Errorf("listen on %s: %w", addr, err)
	}
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	stop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = hs.Shutdown(ctx)
	}
	return "http://" + ln.Addr().String() + "/api", stop, nil
}
