// Command wasender-tui is a terminal console for WasenderAPI sessions.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/url"
	"os"
	"os/signal"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	// First, before Bubble Tea's init: see its package comment.
	_ "early.invalid/termbg"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/term"
	"github.com/mattn/go-isatty"
	"github.com/muesli/termenv"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/api/health"
	"github.com/wasender-tui/wasender-tui/api/webhook"
	"github.com/wasender-tui/wasender-tui/config"
	"github.com/wasender-tui/wasender-tui/ui"
	"github.com/wasender-tui/wasender-tui/ui/backend"
	"github.com/wasender-tui/wasender-tui/ui/cli"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/qrtext"
	"github.com/wasender-tui/wasender-tui/ui/serve"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// exit codes
const (
	exitOK        = 0
	exitRuntime   = 1
	exitUsage     = 2
	exitAttention = 3 // status: a session needs attention or is down
)

// usageError marks a mistake in the command line or the config (exit 2).
type usageError struct{ error }

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go func() {
		// The first SIGINT or SIGTERM asks the command to stop; if something
		// still does not return, a second one ends the process.
		<-signals
		cancel()
		<-signals
		fmt.Fprintln(os.Stderr, "wasender-tui: interrupted again: stopping now")
		os.Exit(exitRuntime)
	}()
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	signal.Stop(signals)
	cancel()
	os.Exit(code)
}

const usage = `wasender-tui — a terminal console for WasenderAPI WhatsApp sessions

Usage:
  wasender-tui [--config FILE] [--profile NAME] [--events-listen ADDR]  the console (needs WASENDER_TOKEN or a config)
  wasender-tui --demo [--contacts N] [--groups N]  the console against a built-in demo API, its webhooks live
  wasender-tui qr SESSION [--timeout 3m]          pair a session: print its QR code until linked
  wasender-tui logs SESSION|--all [--messages] [--follow] [--since 10m] [--status failed] [--json]
  wasender-tui status [--since 1h] [--json] [--watch]  which session is broken, why, since when (exit 3)
  wasender-tui events [--listen 127.0.0.1:8090] [--json] [--forward URL]  print webhooks as they arrive
  wasender-tui serve [--listen :2222] [--authorized-keys FILE]  serve the console over SSH
  wasender-tui fake-api [--listen ADDR] [--token T] [--webhook-url URL | --webhooks]  run the demo API alone
  wasender-tui config init|path|check             manage the config file
  wasender-tui version

Global flags (--config, --profile, --demo, --contacts, --groups) may also come
before the command: wasender-tui --config FILE config check.
Environment: WASENDER_TOKEN, WASENDER_API_KEY, WASENDER_API_URL, WASENDER_PROFILE, WASENDER_CONFIG, NO_COLOR.
Run "wasender-tui COMMAND --help" for a command's flags.
`

// run executes the command line; ctx ends on SIGINT or SIGTERM.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	err := dispatch(ctx, hoistGlobals(args), stdout, stderr)
	if err != nil && !errors.Is(err, flag.ErrHelp) && !errors.Is(err, cli.ErrUnhealthy) {
		// The one error line of every command, clean whatever it quotes (a
		// server's words, a config file's values).
		fmt.Fprintln(stderr, "wasender-tui:", api.CleanLines(err.Error()))
	}
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, cli.ErrUnhealthy):
		return exitAttention // the verdicts, printed, say why
	case errors.Is(err, context.Canceled):
		return exitRuntime // ctrl-C while loading (a token_command): not a usage error
	case errors.As(err, new(usageError)):
		return exitUsage
	}
	return exitRuntime
}

func dispatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "fake-api":
			return fakeAPICmd(ctx, args[1:], stdout, stderr)
		case "config":
			return configCmd(ctx, args[1:], stdout, stderr)
		case "qr":
			return qrCmd(ctx, args[1:], stdout, stderr)
		case "logs":
			return logsCmd(ctx, args[1:], stdout, stderr)
		case "status":
			return statusCmd(ctx, args[1:], stdout, stderr)
		case "events":
			return eventsCmd(ctx, args[1:], stdout, stderr)
		case "serve":
			return serveCmd(ctx, args[1:], stdout, stderr)
		case "version", "--version":
			fmt.Fprintln(stdout, "wasender-tui", buildVersion())
			return nil
		case "help":
			fmt.Fprint(stdout, usage)
			return nil
		}
	}
	return consoleCmd(ctx, args, stdout, stderr)
}

// Flags that every command reading a config or the demo takes, and which
// may therefore come before the command too.
var (
	globalBools  = map[string]bool{"demo": true}
	globalValues = map[string]bool{"config": true, "profile": true, "contacts": true, "groups": true}
	subcommands  = map[string]bool{"fake-api": true, "config": true, "qr": true, "logs": true, "serve": true, "status": true}
)

// hoistGlobals moves global flags given before a subcommand to after it
// (after its own subcommand for config), where its flag set reads them:
// "--config F config check" becomes "config check --config F". Anything
// else is left for the console's parser to judge.
func hoistGlobals(args []string) []string {
	i := 0
	for i < len(args) {
		name, hasValue := flagName(args[i])
		switch {
		case globalBools[name]:
			i++
			continue
		case globalValues[name] && hasValue:
			i++
			continue
		case globalValues[name]:
			i += 2
			continue
		}
		break
	}
	if i == 0 || i >= len(args) || !subcommands[args[i]] {
		return args
	}
	out := []string{args[i]}
	rest := args[i+1:]
	if args[i] == "config" && len(rest) > 0 {
		out, rest = append(out, rest[0]), rest[1:]
	}
	out = append(out, args[:i]...)
	return append(out, rest...)
}

// flagName is the name of a flag argument ("--config=x" is "config", with
// a value), or "" for anything else.
func flagName(arg string) (name string, hasValue bool) {
	if len(arg) < 2 || arg[0] != '-' || arg == "--" {
		return "", false
	}
	name = strings.TrimPrefix(strings.TrimPrefix(arg, "-"), "-")
	name, _, hasValue = strings.Cut(name, "=")
	return name, hasValue
}

// command is the flag set of one command. It prints nothing itself: --help
// prints the usage to stdout (exit 0), and a mistake comes back once, as a
// usage error (exit 2).
type command struct {
	*flag.FlagSet
	synopsis string
	stdout   io.Writer
}

func newCommand(name, synopsis string, stdout io.Writer) *command {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &command{FlagSet: fs, synopsis: synopsis, stdout: stdout}
}

// help prints the usage and the flags.
func (c *command) help() {
	fmt.Fprint(c.stdout, c.synopsis)
	if !strings.HasSuffix(c.synopsis, "\n") {
		fmt.Fprintln(c.stdout)
	}
	fmt.Fprint(c.stdout, "\nFlags:\n")
	c.SetOutput(c.stdout)
	c.PrintDefaults()
	c.SetOutput(io.Discard)
}

// failed turns a parse error into help (flag.ErrHelp) or a usage error.
func (c *command) failed(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		c.help()
		return err
	}
	return usageError{fmt.Errorf("%w (see: %s --help)", err, c.Name())}
}

// parseWith parses flags anywhere among args and returns the positional
// arguments, of which there must be exactly want.
func (c *command) parseWith(args []string, want int, what string) ([]string, error) {
	var pos []string
	for {
		if err := c.Parse(args); err != nil {
			return nil, c.failed(err)
		}
		if c.NArg() == 0 {
			break
		}
		pos = append(pos, c.Arg(0))
		args = c.Args()[1:]
	}
	if len(pos) != want {
		return nil, usageError{fmt.Errorf("want %s", what)}
	}
	return pos, nil
}

func (c *command) parse(args []string) error {
	if err := c.Parse(args); err != nil {
		return c.failed(err)
	}
	if c.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected argument %q", c.Arg(0))}
	}
	return nil
}

func consoleCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newCommand("wasender-tui", usage, stdout)
	var src source
	src.flags(fs.FlagSet, true)
	src.eventFlags(fs.FlagSet)
	if err := fs.parse(args); err != nil {
		return err
	}
	b, err := src.open(ctx, stderr, false)
	if err != nil {
		return err
	}
	defer b.Close()
	var switcher ui.ProfileSwitcher
	if !b.Demo {
		switcher = b.Switch
	}
	return ui.Run(b.Context(lipgloss.DefaultRenderer()), switcher)
}

// source is where a command gets its API: --demo, or --config/--profile.
type source struct {
	demo             bool
	config, profile  string
	contacts, groups int
	events           *backend.EventsOptions // the console's webhook receiver, for the console and serve
}

// eventFlags are the flags of the commands that run the console's webhook
// receiver.
func (s *source) eventFlags(fs *flag.FlagSet) {
	s.events = &backend.EventsOptions{}
	fs.StringVar(&s.events.Listen, "events-listen", "", "receive webhooks here for the Events pane (default: [events] listen; with --demo a free loopback port); a bare port is loopback")
}

func (s *source) flags(fs *flag.FlagSet, sized bool) {
	fs.BoolVar(&s.demo, "demo", false, "use the built-in demo API (no account needed)")
	fs.StringVar(&s.config, "config", "", "config file (default $XDG_CONFIG_HOME/wasender-tui/config.toml)")
	fs.StringVar(&s.profile, "profile", "", "profile to use (default: WASENDER_PROFILE, then default_profile)")
	if sized {
		fs.IntVar(&s.contacts, "contacts", 0, "with --demo: contacts per connected session (default 300; try 100000)")
		fs.IntVar(&s.groups, "groups", 0, "with --demo: groups per connected session (default 25; try 5000)")
	}
}

// open opens the backend; readOnly commands keep no audit trail. ctx stops
// a token_command (ctrl-C).
func (s *source) open(ctx context.Context, stderr io.Writer, readOnly bool) (*backend.Backend, error) {
	if (s.contacts != 0 || s.groups != 0) && !s.demo {
		return nil, usageError{errors.New("--contacts and --groups size the demo API: use them with --demo")}
	}
	if s.contacts < 0 || s.groups < 0 {
		return nil, usageError{errors.New("--contacts and --groups must be positive")}
	}
	b, err := backend.Open(backend.Options{
		Demo:      s.demo,
		Fake:      fake.Options{Contacts: s.contacts, Groups: s.groups},
		Config:    config.Options{Path: s.config, Profile: s.profile, Context: ctx},
		NoAudit:   readOnly,
		Warnings:  stderr,
		UserAgent: "wasender-tui/" + buildVersion(),
		Events:    s.events,
	})
	var ue backend.UsageError
	if errors.As(err, &ue) {
		return nil, usageError{ue.Err}
	}
	return b, err
}

func fakeAPICmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newCommand("wasender-tui fake-api", "Usage: wasender-tui fake-api [--listen 127.0.0.1:8080] [--token T] [--contacts N] [--groups N] [--webhook-url URL | --webhooks]", stdout)
	listen := fs.String("listen", "127.0.0.1:8080", "address to listen on")
	token := fs.String("token", "", "personal access token to accept (default: a fixed demo token)")
	contacts := fs.Int("contacts", 0, "contacts per connected session (default 300)")
	groups := fs.Int("groups", 0, "groups per connected session (default 25)")
	autoPair := fs.Duration("auto-pair", 20*time.Second, "the demo phone scans the QR code after this (0 = never)")
	webhookURL := fs.String("webhook-url", "", "send every session's webhooks, signed with its webhook_secret, to this URL")
	sessions := fs.Int("sessions", 6, "sessions in the account: the demo's six, then generated ones")
	incidents := fs.Bool("incidents", true, "a session that flaps now and then, outages and bursts of failed messages (--incidents=false: a calm world)")
	webhooks := fs.Bool("webhooks", false, "send each session's webhooks to its own webhook_url, when webhook_enabled, for its webhook_events, as the real API does")
	world := worldFlags(fs.FlagSet)
	if err := fs.parse(args); err != nil {
		return err
	}
	if *contacts < 0 || *groups < 0 {
		return usageError{errors.New("--contacts and --groups must be positive")}
	}
	if *sessions < 1 || *sessions > 10000 {
		return usageError{fmt.Errorf("--sessions %d: use 1 to 10000", *sessions)}
	}
	if u, err := url.Parse(*webhookURL); *webhookURL != "" && (err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "") {
		return usageError{fmt.Errorf("--webhook-url %q: want an http:// or https:// URL", *webhookURL)}
	}
	opts, err := world()
	if err != nil {
		return usageError{err}
	}
	opts.PersonalToken, opts.Contacts, opts.Groups, opts.AutoPair, opts.LogActivity, opts.WebhookURL, opts.Webhooks = *token, *contacts, *groups, *autoPair, true, *webhookURL, *webhooks
	opts.Sessions, opts.Incidents = *sessions, *incidents
	srv := fake.New(opts)
	defer srv.Close()
	base, stop, err := backend.ServeFake(srv, *listen)
	if err != nil {
		return err
	}
	defer stop()
	fmt.Fprintf(stdout, "fake WasenderAPI listening on %s\n\n", base)
	fmt.Fprintf(stdout, "  personal access token: %s\n", srv.PersonalToken())
	keys := srv.SessionKeys()
	ids := make([]int, 0, len(keys))
	for id := range keys {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	for _, id := range ids {
		fmt.Fprintf(stdout, "  session %d api key:    %s\n", id, keys[id])
	}
	if *webhookURL != "" || *webhooks {
		secrets := srv.WebhookSecrets()
		if *webhookURL != "" {
			fmt.Fprintf(stdout, "\nEvery session's webhooks go to %s, signed (X-Webhook-Signature) with:\n", *webhookURL)
		} else {
			fmt.Fprintf(stdout, "\nEach session's webhooks go to its own webhook_url while webhook_enabled, for its webhook_events, signed (X-Webhook-Signature) with:\n")
		}
		for _, id := range ids {
			fmt.Fprintf(stdout, "  session %d webhook secret: %s\n", id, secrets[id])
		}
	}
	fmt.Fprintf(stdout, "\nTry:\n  WASENDER_API_URL=%s WASENDER_TOKEN='%s' wasender-tui\n", base, srv.PersonalToken())
	fmt.Fprintf(stdout, "  curl -H 'Authorization: Bearer %s' %s/whatsapp-sessions\n\nctrl+c stops.\n", srv.PersonalToken(), base)
	<-ctx.Done()
	if *webhookURL != "" || *webhooks {
		st := srv.WebhookStats()
		fmt.Fprintf(stdout, "webhooks: %d sent, %d failed, %d dropped while the receiver was too slow\n", st.Sent, st.Failed, st.Dropped)
	}
	return nil
}

func qrCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newCommand("wasender-tui qr", "Usage: wasender-tui qr SESSION [flags]   (SESSION is an id or a name)", stdout)
	var src source
	src.flags(fs.FlagSet, false)
	timeout := fs.Duration("timeout", 3*time.Minute, "give up when not paired within this time")
	invert := fs.Bool("invert", false, "light modules on dark (if the camera does not read the code)")
	full := fs.Bool("full-blocks", false, "two columns per module, for fonts that leave gaps between half blocks")
	light := fs.Bool("light", false, "with NO_COLOR: the terminal has a light background")
	passkey := fs.Bool("passkey", false, "link with a passkey instead of a QR code")
	pos, err := fs.parseWith(args, 1, "one SESSION (an id or a name)")
	if err != nil {
		return err
	}
	b, err := src.open(ctx, stderr, false)
	if err != nil {
		return err
	}
	defer b.Close()
	tty := isatty.IsTerminal(os.Stdout.Fd())
	draw := qrtext.Options{Quiet: qrtext.PreferredQuiet, Invert: *invert, Colors: qrtext.ANSI256}
	if *full {
		draw.Mode = qrtext.FullBlocks
	}
	switch {
	case os.Getenv("NO_COLOR") != "":
		draw.Colors, draw.DarkBackground = qrtext.NoColor, !*light
	case tty:
		switch termenv.NewOutput(os.Stdout).ColorProfile() {
		case termenv.TrueColor:
			draw.Colors = qrtext.TrueColor
		case termenv.ANSI:
			draw.Colors = qrtext.ANSI16
		case termenv.Ascii:
			draw.Colors, draw.DarkBackground = qrtext.NoColor, !*light
		}
	}
	opts := cli.QROptions{Timeout: *timeout, TTY: tty, Draw: draw}
	if tty {
		opts.Size, opts.Resized = cli.TerminalSize(os.Stdout), cli.Resizes(ctx)
	}
	if *passkey {
		opts.Pairing.LinkMethod = "passkey"
	}
	return cli.QR(api.WithActor(ctx, backend.LocalActor()), b.Client, pos[0], stdout, stderr, opts)
}

func logsCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newCommand("wasender-tui logs", "Usage: wasender-tui logs SESSION|--all [flags]   (SESSION is an id or a name)", stdout)
	var src source
	src.flags(fs.FlagSet, false)
	var o cli.LogsOptions
	fs.BoolVar(&o.Messages, "messages", false, "message logs instead of session logs")
	fs.BoolVar(&o.All, "all", false, "every session of the account, interleaved (each line names its session)")
	fs.BoolVar(&o.Follow, "follow", false, "keep printing new entries until interrupted")
	fs.BoolVar(&o.Follow, "f", false, "short for --follow")
	fs.DurationVar(&o.Since, "since", 0, "start this far back, e.g. 10m (default: the latest 100 entries)")
	fs.StringVar(&o.Status, "status", "", "only entries with this status: "+strings.Join(messageStatuses, ", ")+" with --messages; "+strings.Join(sessionStatuses, ", ")+" without")
	fs.BoolVar(&o.JSON, "json", false, "one JSON object per line: the API's fields plus \"session\"")
	fs.DurationVar(&o.Interval, "interval", 2*time.Second, "poll interval with --follow")
	want, what := 1, "one SESSION (an id or a name), or --all"
	if hasFlag(args, "all") {
		want, what = 0, "no SESSION with --all"
	}
	pos, err := fs.parseWith(args, want, what)
	if err != nil {
		return err
	}
	pos = append(pos, "")
	if o.Interval < time.Second || o.Interval > maxInterval {
		return usageError{fmt.Errorf("--interval %s: use 1s to %s", o.Interval, maxInterval)}
	}
	if err := checkStatus(o.Status, o.Messages); err != nil {
		return err
	}
	b, err := src.open(ctx, stderr, true)
	if err != nil {
		return err
	}
	defer b.Close()
	if b.Config != nil {
		p := b.Config.Profile
		o.Budget, o.Backlog, o.Quiet = p.RequestBudget, p.LogBacklog, p.QuietPoll
	}
	return cli.Logs(ctx, b.Client, pos[0], stdout, stderr, o)
}

const statusUsage = `Usage: wasender-tui status [--since 1h] [--json] [--watch] [flags]

Which session is broken, why, and since when: every session's state, state
changes, sent and failed messages over the window, and a verdict (ok,
attention or down) with its reasons, worst first.

Exit status: 0 every session is ok, 3 a session needs attention or is down,
1 a runtime error (the session list cannot be read), 2 a usage error.`

func statusCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newCommand("wasender-tui status", statusUsage, stdout)
	var src source
	src.flags(fs.FlagSet, false)
	var o cli.StatusOptions
	since := fs.String("since", "", "the window measured, e.g. 15m or 2h (default: window in [health], else 1h)")
	fs.BoolVar(&o.JSON, "json", false, `one JSON document: {"generated_at", "window", "sessions": [...]}`)
	fs.BoolVar(&o.Watch, "watch", false, "redraw at the poll interval until ctrl+c")
	fs.DurationVar(&o.Timeout, "timeout", 0, "give up on logs not read by then, calling them unreadable (default: as long as the request budget needs)")
	if err := fs.parse(args); err != nil {
		return err
	}
	if o.Timeout < 0 || o.Timeout > 0 && o.Watch {
		return usageError{errors.New("--timeout is a positive duration, for a one-shot check (not with --watch)")}
	}
	var window time.Duration
	if *since != "" {
		w, err := health.ParseWindow(*since)
		if err != nil {
			return usageError{fmt.Errorf("--since %w", err)}
		}
		window = w
	}
	b, err := src.open(ctx, stderr, true)
	if err != nil {
		return err
	}
	defer b.Close()
	if b.Config != nil {
		p := b.Config.Profile
		o.Budget, o.Backlog, o.Quiet, o.Interval, o.Every = p.RequestBudget, p.LogBacklog, p.QuietPoll, p.LogPollInterval, p.PollInterval
		o.Thresholds = b.Thresholds()
	}
	if window > 0 {
		o.Thresholds.Window = window
	}
	o.TTY = isatty.IsTerminal(os.Stdout.Fd()) && stdout == io.Writer(os.Stdout)
	o.Progress = isatty.IsTerminal(os.Stderr.Fd()) && stderr == io.Writer(os.Stderr)
	if o.TTY {
		if w, h, err := term.GetSize(os.Stdout.Fd()); err == nil && w > 0 {
			o.Width, o.Height = w, h
		}
	}
	return cli.Status(ctx, b.Client, stdout, stderr, o)
}

// The statuses `logs --status` accepts: message logs' (api-behaviour §4.1)
// and session logs', which are session states (§5.1).
var (
	messageStatuses = []string{"sent", "failed", "in_progress"}
	sessionStatuses = []string{"connected", "connecting", "disconnected", "need_scan", "need_passkey", "logged_out", "expired"}
)

// maxInterval is the ceiling of logs --interval.
const maxInterval = time.Hour

func checkStatus(status string, messages bool) error {
	if status == "" {
		return nil
	}
	valid, kind := sessionStatuses, "session logs"
	if messages {
		valid, kind = messageStatuses, "message logs (--messages)"
	}
	for _, v := range valid {
		if strings.EqualFold(status, v) {
			return nil
		}
	}
	msg := fmt.Sprintf("--status %q: %s have the statuses %s", status, kind, strings.Join(valid, ", "))
	if !messages {
		msg += "; message logs (--messages) have " + strings.Join(messageStatuses, ", ")
	}
	return usageError{errors.New(msg)}
}

// worldFlags are the fake API's switches for how unkind a server it is;
// the returned func reads them once the flags are parsed.
func worldFlags(fs *flag.FlagSet) func() (fake.Options, error) {
	var o fake.Options
	ties := fs.String("ties", "stable", "entries of one second in log pages: stable, or shuffled (a new order every request)")
	fs.BoolVar(&o.Logs.OldestFirst, "oldest-first", false, "log pages list the oldest entries first")
	fs.IntVar(&o.MaxPerPage, "max-per-page", 100, "the largest per_page (and limit) served")
	fs.IntVar(&o.Logs.Keep, "keep-logs", 20000, "entries a log keeps before it prunes the oldest tenth")
	fs.BoolVar(&o.Logs.KeepExact, "keep-exact", false, "prune one old entry for every new one instead")
	fs.IntVar(&o.Logs.Churn, "churn", 0, "write up to N entries to a log just before each of its pages is served")
	fs.Float64Var(&o.Logs.Rate, "log-rate", 0, "messages a second per connected session (default: one every 2-9 s)")
	fs.IntVar(&o.Logs.Burst, "burst", 0, "with --burst-every: this many messages in one second")
	fs.DurationVar(&o.Logs.BurstEvery, "burst-every", 0, "how often a burst comes, e.g. 30s")
	fs.Float64Var(&o.Logs.ErrorRate, "error-rate", 0, "share of log page requests answered 500, e.g. 0.05")
	fs.DurationVar(&o.Latency, "latency", 0, "delay every answer by this much")
	fs.BoolVar(&o.PATOnly, "pat-only", false, "refuse a session's API key on logs, restart, disconnect and regenerate-key (take only the personal token)")
	fs.BoolVar(&o.GroupsSDKShape, "groups-sdk-shape", false, "answer group calls as the SDKs type them: list items with size and participants, metadata with announce and restrict")
	fs.StringVar(&o.SendFailure, "send-fails", "", "every message sent fails with this failed_reason, e.g. \"Recipient has blocked you\"")
	fs.IntVar(&o.DefaultLimit, "default-limit", 1000, "requests a minute per endpoint per session where the API publishes no limit; -1 for none")
	fs.DurationVar(&o.QRRotate, "qr-rotate", 45*time.Second, "how long a pairing code lives before the server serves a new one")
	fs.DurationVar(&o.QRPhase, "qr-phase", 0, "how far into its first rotation a pairing attempt is when connect answers")
	fs.DurationVar(&o.QRJitter, "qr-jitter", 0, "each rotation comes up to this much early or late (at most a third of --qr-rotate)")
	fs.DurationVar(&o.ClockOffset, "clock-offset", 0, "the server's clock runs this far ahead (negative: behind)")
	fs.BoolVar(&o.Hostile, "hostile", false, "put terminal escapes, bidi overrides and C1 controls into every string served, webhooks and errors too")
	return func() (fake.Options, error) {
		switch *ties {
		case "stable":
		case "shuffled", "shuffle":
			o.Logs.ShuffleTies = true
		default:
			return o, fmt.Errorf("--ties %q: want stable or shuffled", *ties)
		}
		if o.QRRotate <= 0 || o.QRPhase < 0 || o.QRJitter < 0 {
			return o, errors.New("--qr-rotate must be positive; --qr-phase and --qr-jitter not negative")
		}
		if o.MaxPerPage < 1 || o.Logs.Keep < 1 || o.Logs.Churn < 0 || o.Logs.Rate < 0 || o.Logs.Burst < 0 || o.Logs.ErrorRate < 0 || o.Logs.ErrorRate > 1 {
			return o, errors.New("--max-per-page and --keep-logs must be positive; --churn, --log-rate and --burst not negative; --error-rate within 0..1")
		}
		return o, nil
	}
}

// hasFlag reports whether args set the boolean flag name (-name, --name,
// --name=true), before parsing decides how many arguments to want.
func hasFlag(args []string, name string) bool {
	for _, a := range args {
		switch strings.TrimLeft(a, "-") {
		case name, name + "=true", name + "=1":
			return strings.HasPrefix(a, "-")
		}
		if a == "--" {
			break
		}
	}
	return false
}

func eventsCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newCommand("wasender-tui events", "Usage: wasender-tui events [--listen 127.0.0.1:8090] [--json] [--forward URL] [flags]", stdout)
	var src source
	src.flags(fs.FlagSet, false)
	listen := fs.String("listen", webhook.DefaultListen, "address to receive webhooks on (a bare port or :PORT is loopback)")
	var o cli.EventsOptions
	fs.BoolVar(&o.JSON, "json", false, "one JSON object per event: the envelope as received plus \"session\" and \"received_at\"")
	fs.StringVar(&o.Forward, "forward", "", "relay every verified event, unchanged and signed, to this URL")
	if err := fs.parse(args); err != nil {
		return err
	}
	addr := webhook.ListenAddr(*listen)
	if err := webhook.CheckForward(o.Forward, addr); err != nil {
		return usageError{fmt.Errorf("--%w", err)}
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	var b *backend.Backend
	if src.demo {
		// The demo API sends its webhooks here.
		host, port, _ := net.SplitHostPort(ln.Addr().String())
		if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
			host = "127.0.0.1"
		}
		b, err = backend.Open(backend.Options{Demo: true, Fake: fake.Options{WebhookURL: "http://" + net.JoinHostPort(host, port) + "/"},
			NoAudit: true, Warnings: stderr, UserAgent: "wasender-tui/" + buildVersion()})
	} else {
		b, err = src.open(ctx, stderr, true)
	}
	if err != nil {
		ln.Close()
		return err
	}
	defer b.Close()
	return cli.Events(ctx, b.Client, ln, stdout, stderr, o)
}

func serveCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newCommand("wasender-tui serve", "Usage: wasender-tui serve [--listen :2222] [--authorized-keys FILE] [--host-key FILE] [flags]", stdout)
	var src source
	src.flags(fs.FlagSet, true)
	src.eventFlags(fs.FlagSet)
	listen := fs.String("listen", "", "address to listen on (default: [serve] listen, else :2222)")
	keysPath := fs.String("authorized-keys", "", "OpenSSH authorized_keys file; role=\"operator\" marks who may act (default: [serve] authorized_keys)")
	hostKey := fs.String("host-key", "", "host key file, created when missing (default: [serve] host_key)")
	if err := fs.parse(args); err != nil {
		return err
	}
	// The [serve] settings apply to --demo too, so read the config alone.
	cfg, err := config.Load(config.Options{Path: src.config, Profile: src.profile, Context: ctx})
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return err
		}
		return usageError{err}
	}
	set := cfg.Serve
	set.Listen = firstOf(*listen, set.Listen)
	set.AuthorizedKeys = firstOf(*keysPath, set.AuthorizedKeys)
	set.HostKey = firstOf(*hostKey, set.HostKey)
	keys, err := serve.LoadKeyring(set.AuthorizedKeys)
	if err != nil {
		return usageError{fmt.Errorf("%w\n(--authorized-keys or authorized_keys in [serve] names the file)", err)}
	}
	for _, p := range keys.Problems() {
		fmt.Fprintln(stderr, "warning:", p)
	}
	b, err := src.open(ctx, stderr, false)
	if err != nil {
		return err
	}
	defer b.Close()
	profiles := newServedProfiles(b)
	o := serve.Options{
		HostKeyPath:        set.HostKey,
		Keys:               keys,
		IdleTimeout:        set.IdleTimeout,
		MaxSession:         set.MaxSession,
		MaxSessions:        set.MaxSessions,
		LoginGraceTime:     set.LoginGraceTime,
		MaxUnauthenticated: set.MaxUnauthenticated,
		NewContext: func(r *lipgloss.Renderer) *common.Context {
			c, _ := profiles.context(b.Profile, r) // the first profile is always there
			return c
		},
		Log:     stderr,
		Version: buildVersion(),
	}
	if !b.Demo {
		o.Switch = profiles.context
	}
	srv, err := serve.New(o)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", set.Listen)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "serving the console of %s over SSH on %s\n", b.Profile, ln.Addr())
	fmt.Fprintf(stdout, "  host key %s (%s)\n  authorized keys %s\n  audit trail %s\n", set.HostKey, serve.HostKeyFingerprint(set.HostKey), set.AuthorizedKeys, b.Audit.Path())
	fmt.Fprintf(stdout, "  idle timeout %s, session limit %s, at most %s\n", set.IdleTimeout, set.MaxSession, common.Plural(set.MaxSessions, "console", "consoles"))
	fmt.Fprintf(stdout, "  authentication within %s, at most %s authenticating at once\n", set.LoginGraceTime, common.Plural(set.MaxUnauthenticated, "connection", "connections"))
	if w := b.Webhooks; w != nil {
		fmt.Fprintf(stdout, "  webhooks received at %s for every console%s\n", w.URL(), publicNote(w.PublicURL))
	}
	fmt.Fprintln(stdout, "SIGTERM or ctrl+c stops it.")
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	stopCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(stopCtx); err != nil {
		return fmt.Errorf("stopping: %w", err)
	}
	fmt.Fprintln(stdout, "stopped")
	return nil
}

// servedProfiles gives every console of a server the same backend per
// profile (one API client, so rate limits and 429 holds are server-wide,
// and one session-list reader, so twenty consoles cost one request), built
// the first time a console switches to it with :profile.
type servedProfiles struct {
	mu     sync.Mutex
	first  *backend.Backend
	byName map[string]*servedProfile
}

type servedProfile struct {
	b    *backend.Backend
	list *common.SharedList
}

func newServedProfiles(b *backend.Backend) *servedProfiles {
	p := &servedProfiles{first: b, byName: map[string]*servedProfile{}}
	p.byName[b.Profile] = &servedProfile{b: b, list: common.NewSharedList(common.Budgeted(b.Hub(), b.Client.ListSessions), 2*time.Second)}
	return p
}

// context is a new console context of profile name, drawn with r.
func (p *servedProfiles) context(name string, r *lipgloss.Renderer) (*common.Context, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	sp, ok := p.byName[name]
	if !ok {
		next, err := p.first.WithProfile(name)
		if err != nil {
			return nil, err
		}
		sp = &servedProfile{b: next, list: common.NewSharedList(common.Budgeted(next.Hub(), next.Client.ListSessions), 2*time.Second)}
		p.byName[name] = sp
	}
	c := sp.b.Context(r)
	c.Shared = sp.list
	return c, nil
}

func publicNote(public string) string {
	if public == "" {
		return " (no [events] public_url: sessions cannot be pointed here from the console)"
	}
	return " (public " + common.RedactURL(public) + ")"
}

func firstOf(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

const configUsage = "Usage: wasender-tui config init [--config FILE] [--force] | path [--config FILE] | check [--config FILE] [--profile NAME]\n"

func configCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{errors.New("config needs a subcommand: init, path or check\n" + configUsage)}
	}
	sub := args[0]
	if sub == "--help" || sub == "-h" || sub == "help" {
		fmt.Fprint(stdout, configUsage)
		return flag.ErrHelp
	}
	cmd := newCommand("wasender-tui config "+sub, "Usage: wasender-tui config "+sub+" [flags]", stdout)
	cfgPath := cmd.String("config", "", "config file (default $XDG_CONFIG_HOME/wasender-tui/config.toml)")
	var profile *string
	var force *bool
	switch sub {
	case "init":
		force = cmd.Bool("force", false, "overwrite an existing file")
	case "check":
		profile = cmd.String("profile", "", "profile to check (default: WASENDER_PROFILE, then default_profile)")
	case "path":
	default:
		return usageError{fmt.Errorf("unknown config subcommand %q (want init, path or check)", sub)}
	}
	if err := cmd.parse(args[1:]); err != nil {
		return err
	}
	opts := config.Options{Path: *cfgPath, Context: ctx}
	if profile != nil {
		opts.Profile = *profile
	}
	path := config.ResolvePath(opts)
	switch sub {
	case "path":
		fmt.Fprintln(stdout, path)
		return nil
	case "init":
		if err := config.Init(path, *force); err != nil {
			if errors.Is(err, fs.ErrExist) {
				return usageError{err}
			}
			return err
		}
		fmt.Fprintf(stdout, "wrote %s (mode 0600); edit it, then run: wasender-tui config check\n", path)
		return nil
	}
	cfg, err := config.Load(opts)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return err
		}
		return usageError{err}
	}
	fmt.Fprint(stdout, api.CleanLines(cfg.Summary())) // the file's values, which may hold anything
	for _, w := range cfg.Warnings {
		fmt.Fprintln(stderr, "warning:", api.Clean(w))
	}
	if err := cfg.RequireCredential(); err != nil {
		return usageError{err}
	}
	fmt.Fprintln(stdout, "config OK")
	return nil
}

func buildVersion() string {
	if version != "dev" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return version
}
