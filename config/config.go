// Package config loads wasender-tui's TOML profiles, applies environment
// overrides and validates the result, reporting problems as file:line errors.
package config

import (
	"context"
	"io"
	"time"
)

// Environment variables read by Load. They override the config file.
const (
	EnvAPIURL  = "WASENDER_API_URL"
	EnvToken   = "WASENDER_TOKEN"
	EnvAPIKey  = "WASENDER_API_KEY"
	EnvProfile = "WASENDER_PROFILE"
	EnvConfig  = "WASENDER_CONFIG"
)

// Defaults and limits of the profile and serve settings.
const (
	DefaultBaseURL         = "https://www.wasenderapi.com/api"
	DefaultPollInterval    = 5 * time.Second
	MinPollInterval        = 2 * time.Second
	DefaultLogPollInterval = 2 * time.Second
	MinLogPollInterval     = 1 * time.Second
	DefaultHiddenLogPoll   = 30 * time.Second
	MinHiddenLogPoll       = 1 * time.Second
	DefaultRequestTimeout  = 20 * time.Second
	DefaultLogBuffer       = 10000
	MinLogBuffer           = 100
	MaxLogBuffer           = 1_000_000
	DefaultLogBacklog      = 10000
	DefaultQuietPoll       = time.Minute
	MinQuietPoll           = 10 * time.Second
	DefaultRequestBudget   = 5.0 // requests a second for all background polls
	MinRequestBudget       = 0.2
	MaxRequestBudget       = 50

	// [health]: the thresholds of the status verdicts.
	DefaultHealthWindow    = time.Hour
	MinHealthWindow        = time.Minute
	MaxHealthWindow        = 24 * time.Hour
	DefaultFlappingChanges = 3
	DefaultFailingRate     = 0.2
	DefaultFailingMessages = 5
	DefaultUnreadableReads = 3

	DefaultListen             = ":2222"
	DefaultIdleTimeout        = 15 * time.Minute
	DefaultMaxSession         = 8 * time.Hour
	DefaultMaxSessions        = 20
	DefaultLoginGraceTime     = 20 * time.Second
	DefaultMaxUnauthenticated = 10

	// Ceilings: beyond these a value is a typo (or "2562047h"), not a choice.
	MaxPollInterval   = time.Hour // poll_interval, log_poll_interval, hidden_log_poll
	MaxRequestTimeout = 10 * time.Minute
	MaxIdleTimeout    = 24 * time.Hour
	MaxMaxSession     = 7 * 24 * time.Hour
	MaxLoginGraceTime = 10 * time.Minute

	TokenCommandTimeout = 10 * time.Second

	// minTimeout is the floor of timeouts the brief gives none for; below a
	// second they can only be typos.
	minTimeout = time.Second
)

// span is what a duration key accepts: its default (shown in messages), its
// floor and ceiling, and whether "off" pauses it.
type span struct {
	def, min, max time.Duration
	pause         bool
}

var (
	pollSpan        = span{DefaultPollInterval, MinPollInterval, MaxPollInterval, false}
	logPollSpan     = span{DefaultLogPollInterval, MinLogPollInterval, MaxPollInterval, false}
	hiddenLogSpan   = span{DefaultHiddenLogPoll, MinHiddenLogPoll, MaxPollInterval, true}
	quietPollSpan   = span{DefaultQuietPoll, MinQuietPoll, MaxPollInterval, false}
	requestSpan     = span{DefaultRequestTimeout, minTimeout, MaxRequestTimeout, false}
	idleSpan        = span{DefaultIdleTimeout, minTimeout, MaxIdleTimeout, false}
	maxSessionSpan  = span{DefaultMaxSession, minTimeout, MaxMaxSession, false}
	loginGraceSpan  = span{DefaultLoginGraceTime, minTimeout, MaxLoginGraceTime, false}
	healthSpan      = span{DefaultHealthWindow, MinHealthWindow, MaxHealthWindow, false}
	maxUnauthBounds = [2]int64{1, 1000}
)

// Options says where to look for the config file and which profile to use.
type Options struct {
	// Path is the --config flag; "" means WASENDER_CONFIG, else DefaultPath.
	Path string
	// Profile is the --profile flag; "" means WASENDER_PROFILE, else
	// default_profile, else a profile named "default", else the only profile.
	Profile string
	// Getenv reads the environment; nil means os.Getenv.
	Getenv func(string) string
	// RunCommand runs token_command; nil means `sh -c`.
	// Load bounds it with TokenCommandTimeout.
	RunCommand CommandRunner
	// Context, when set, stops a running token_command when it ends (the
	// program's SIGINT and SIGTERM); nil means never.
	Context context.Context
	// Notes, when set, gets "running token_command…" while the command
	// runs, erased (a carriage return and an erase to the end of the line)
	// when it ends: for a person at a terminal, never for a script's stderr.
	Notes io.Writer
}

// CommandRunner runs a shell command line and returns its standard output.
// Its error must not contain that output: it may be a secret.
type CommandRunner func(ctx context.Context, command string) (stdout string, err error)

// Config is the resolved configuration.
type Config struct {
	Path        string   // the file used ("" when none exists)
	FileExists  bool     // a config file was read
	ProfileName string   // "" when running from the environment only
	Profiles    []string // profile names in file order
	Profile     Profile  // the selected profile with environment overrides applied
	Serve       Serve
	Health      Health
	Events      Events
	Warnings    []string

	opts Options // kept so WithProfile resolves the same way
}

// Profile holds one API account's settings.
type Profile struct {
	Name    string
	BaseURL string // without a trailing slash

	Token       string // personal access token
	TokenSource string // where Token came from, never the value itself

	APIKey       string // one session's api key (session-key-only use)
	APIKeySource string

	SessionKeys map[string]string // session id -> that session's api key

	PollInterval    time.Duration // sessions list refresh
	LogPollInterval time.Duration // log tail interval of the pane in front
	HiddenLogPoll   time.Duration // log tail interval of a pane not in front; 0 = paused
	RequestTimeout  time.Duration
	LogBuffer       int // entries kept per log stream
	// LogBacklog is how many entries a stream catches up after a burst or
	// a pause before it reports the rest as a gap.
	LogBacklog int
	// QuietPoll is the longest wait of a log stream with nothing new.
	QuietPoll time.Duration
	// RequestBudget is the requests a second every background poll of the
	// profile shares (every console of a serve together).
	RequestBudget float64
}

// Serve holds the settings of `wasender-tui serve`.
type Serve struct {
	Listen         string
	AuthorizedKeys string
	HostKey        string
	AuditFile      string
	IdleTimeout    time.Duration
	MaxSession     time.Duration
	MaxSessions    int
	// Before authentication: how long a connection may take to
	// authenticate, and how many may be doing so at once.
	LoginGraceTime     time.Duration
	MaxUnauthenticated int
}

// Health holds the thresholds of the health verdicts (`status`, [health]).
type Health struct {
	Window          time.Duration // what is measured
	FlappingChanges int           // state changes in the window that make a session flapping
	FailingRate     float64       // a failure rate this high (0.2 = 20%)…
	FailingMessages int           // …over at least this many messages makes it failing
	UnreadableReads int           // reads of a log failing in a row that make it unreadable
}

func defaultHealth() Health {
	return Health{
		Window:          DefaultHealthWindow,
		FlappingChanges: DefaultFlappingChanges,
		FailingRate:     DefaultFailingRate,
		FailingMessages: DefaultFailingMessages,
		UnreadableReads: DefaultUnreadableReads,
	}
}

// Events holds the console's webhook receiver ([events]).
type Events struct {
	// Listen is where the console (and serve) receives webhooks, as
	// host:port; "" when it does not. A bare port or ":PORT" is loopback.
	Listen string
	// PublicURL is where WasenderAPI reaches that receiver (a reverse proxy
	// or a tunnel), which the console sets as a session's webhook URL; ""
	// when not known.
	PublicURL string
	// Forward is where the receiver relays every verified event, unchanged
	// and signed (the dashboard or n8n a session's webhook pointed at
	// before); "" for nowhere.
	Forward string
}

func defaultProfile(name string) Profile {
	return Profile{
		Name:            name,
		BaseURL:         DefaultBaseURL,
		SessionKeys:     map[string]string{},
		PollInterval:    DefaultPollInterval,
		LogPollInterval: DefaultLogPollInterval,
		HiddenLogPoll:   DefaultHiddenLogPoll,
		RequestTimeout:  DefaultRequestTimeout,
		LogBuffer:       DefaultLogBuffer,
		LogBacklog:      DefaultLogBacklog,
		QuietPoll:       DefaultQuietPoll,
		RequestBudget:   DefaultRequestBudget,
	}
}

func (o Options) getenv() func(string) string {
	if o.Getenv != nil {
		return o.Getenv
	}
	return osGetenv
}

func (o Options) context() context.Context {
	if o.Context != nil {
		return o.Context
	}
	return context.Background()
}

func (o Options) runner() CommandRunner {
	run := shellRunner
	if o.RunCommand != nil {
		run = o.RunCommand
	}
	return noting(o.Notes, run)
}
