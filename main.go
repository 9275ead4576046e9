// Command wasender-tui is a terminal console for WasenderAPI sessions.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/signal"
	"runtime/debug"
	"sort"
	"syscall"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/mattn/go-isatty"
	"github.com/muesli/termenv"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/fake"
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
	exitOK      = 0
	exitRuntime = 1
	exitUsage   = 2
)

// usageError marks a mistake in the command line or the config (exit 2).
type usageError struct{ error }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `wasender-tui — a terminal console for WasenderAPI WhatsApp sessions

Usage:
  wasender-tui [--config FILE] [--profile NAME]   the console (needs WASENDER_TOKEN or a config)
  wasender-tui --demo [--contacts N] [--groups N]  the console against a built-in demo API
  wasender-tui qr SESSION [--timeout 3m]          pair a session: print its QR code until linked
  wasender-tui logs SESSION [--messages] [--follow] [--since 10m] [--status failed] [--json]
  wasender-tui events [--listen 127.0.0.1:8090] [--json] [--forward URL]  print webhooks as they arrive
  wasender-tui serve [--listen :2222] [--authorized-keys FILE]  serve the console over SSH
  wasender-tui fake-api [--listen ADDR] [--token T] [--webhook-url URL]  run the demo API alone
  wasender-tui config init|path|check             manage the config file
  wasender-tui version

Environment: WASENDER_TOKEN, WASENDER_API_KEY, WASENDER_API_URL, WASENDER_PROFILE, WASENDER_CONFIG, NO_COLOR.
Run "wasender-tui COMMAND --help" for a command's flags.
`

// run executes the command line; ctx ends on SIGINT or SIGTERM.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	err := dispatch(ctx, args, stdout, stderr)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, new(usageError)):
		fmt.Fprintln(stderr, "wasender-tui:", err)
		return exitUsage
	default:
		fmt.Fprintln(stderr, "wasender-tui:", err)
		return exitRuntime
	}
}

func dispatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "fake-api":
			return fakeAPICmd(ctx, args[1:], stdout, stderr)
		case "config":
			return configCmd(args[1:], stdout, stderr)
		case "qr":
			return qrCmd(ctx, args[1:], stdout, stderr)
		case "logs":
			return logsCmd(ctx, args[1:], stdout, stderr)
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
	return consoleCmd(args, stderr)
}

// newFlags returns a flag set that prints usage to stderr and reports errors
// as usage errors.
func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseWith parses flags anywhere among args and returns the positional
// arguments, of which there must be exactly want.
func parseWith(fs *flag.FlagSet, args []string, want int, what string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{err}
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(pos) != want {
		return nil, usageError{fmt.Errorf("want %s", what)}
	}
	return pos, nil
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	return nil
}

func consoleCmd(args []string, stderr io.Writer) error {
	fs := newFlags("wasender-tui", "wasender-tui [--demo] [--config FILE] [--profile NAME]", stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage, "\nFlags:\n")
		fs.PrintDefaults()
	}
	var src source
	src.flags(fs, true)
	if err := parse(fs, args); err != nil {
		return err
	}
	b, err := src.open(stderr, false)
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

// open opens the backend; readOnly commands keep no audit trail.
func (s *source) open(stderr io.Writer, readOnly bool) (*backend.Backend, error) {
	if (s.contacts != 0 || s.groups != 0) && !s.demo {
		return nil, usageError{errors.New("--contacts and --groups size the demo API: use them with --demo")}
	}
	if s.contacts < 0 || s.groups < 0 {
		return nil, usageError{errors.New("--contacts and --groups must be positive")}
	}
	b, err := backend.Open(backend.Options{
		Demo:      s.demo,
		Fake:      fake.Options{Contacts: s.contacts, Groups: s.groups},
		Config:    config.Options{Path: s.config, Profile: s.profile},
		NoAudit:   readOnly,
		Warnings:  stderr,
		UserAgent: "wasender-tui/" + buildVersion(),
	})
	var ue backend.UsageError
	if errors.As(err, &ue) {
		return nil, usageError{ue.Err}
	}
	return b, err
}

func fakeAPICmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("fake-api", "wasender-tui fake-api [--listen 127.0.0.1:8080] [--token T] [--contacts N] [--groups N] [--webhook-url URL]", stderr)
	listen := fs.String("listen", "127.0.0.1:8080", "address to listen on")
	token := fs.String("token", "", "personal access token to accept (default: a fixed demo token)")
	contacts := fs.Int("contacts", 0, "contacts per connected session (default 300)")
	groups := fs.Int("groups", 0, "groups per connected session (default 25)")
	autoPair := fs.Duration("auto-pair", 20*time.Second, "the demo phone scans the QR code after this (0 = never)")
	webhookURL := fs.String("webhook-url", "", "send every session's webhooks, signed with its webhook_secret, to this URL")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *contacts < 0 || *groups < 0 {
		return usageError{errors.New("--contacts and --groups must be positive")}
	}
	if u, err := url.Parse(*webhookURL); *webhookURL != "" && (err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "") {
		return usageError{fmt.Errorf("--webhook-url %q: want an http:// or https:// URL", *webhookURL)}
	}
	srv := fake.New(fake.Options{PersonalToken: *token, Contacts: *contacts, Groups: *groups, AutoPair: *autoPair, LogActivity: true, WebhookURL: *webhookURL})
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
	if *webhookURL != "" {
		secrets := srv.WebhookSecrets()
		fmt.Fprintf(stdout, "\nEvery session's webhooks go to %s, signed (X-Webhook-Signature) with:\n", *webhookURL)
		for _, id := range ids {
			fmt.Fprintf(stdout, "  session %d webhook secret: %s\n", id, secrets[id])
		}
	}
	fmt.Fprintf(stdout, "\nTry:\n  WASENDER_API_URL=%s WASENDER_TOKEN='%s' wasender-tui\n", base, srv.PersonalToken())
	fmt.Fprintf(stdout, "  curl -H 'Authorization: Bearer %s' %s/whatsapp-sessions\n\nctrl+c stops.\n", srv.PersonalToken(), base)
	<-ctx.Done()
	if *webhookURL != "" {
		st := srv.WebhookStats()
		fmt.Fprintf(stdout, "webhooks: %d sent, %d failed, %d dropped while the receiver was too slow\n", st.Sent, st.Failed, st.Dropped)
	}
	return nil
}

func qrCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("qr", "wasender-tui qr SESSION [flags]   (SESSION is an id or a name)", stderr)
	var src source
	src.flags(fs, false)
	timeout := fs.Duration("timeout", 3*time.Minute, "give up when not paired within this time")
	invert := fs.Bool("invert", false, "light modules on dark (if the camera does not read the code)")
	full := fs.Bool("full-blocks", false, "two columns per module, for fonts that leave gaps between half blocks")
	light := fs.Bool("light", false, "with NO_COLOR: the terminal has a light background")
	passkey := fs.Bool("passkey", false, "link with a passkey instead of a QR code")
	pos, err := parseWith(fs, args, 1, "one SESSION (an id or a name)")
	if err != nil {
		return err
	}
	b, err := src.open(stderr, false)
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
	if *passkey {
		opts.Pairing.LinkMethod = "passkey"
	}
	return cli.QR(api.WithActor(ctx, backend.LocalActor()), b.Client, pos[0], stdout, stderr, opts)
}

func logsCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("logs", "wasender-tui logs SESSION [flags]   (SESSION is an id or a name)", stderr)
	var src source
	src.flags(fs, false)
	var o cli.LogsOptions
	fs.BoolVar(&o.Messages, "messages", false, "message logs instead of session logs")
	fs.BoolVar(&o.Follow, "follow", false, "keep printing new entries until interrupted")
	fs.BoolVar(&o.Follow, "f", false, "short for --follow")
	fs.DurationVar(&o.Since, "since", 0, "start this far back, e.g. 10m (default: the latest 100 entries)")
	fs.StringVar(&o.Status, "status", "", "only entries with this status, e.g. failed")
	fs.BoolVar(&o.JSON, "json", false, "one JSON object per line: the API's fields plus \"session\"")
	fs.DurationVar(&o.Interval, "interval", 2*time.Second, "poll interval with --follow")
	pos, err := parseWith(fs, args, 1, "one SESSION (an id or a name)")
	if err != nil {
		return err
	}
	if o.Interval < time.Second {
		return usageError{errors.New("--interval must be at least 1s")}
	}
	b, err := src.open(stderr, true)
	if err != nil {
		return err
	}
	defer b.Close()
	return cli.Logs(ctx, b.Client, pos[0], stdout, stderr, o)
}

func eventsCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("events", "wasender-tui events [--listen 127.0.0.1:8090] [--json] [--forward URL] [flags]", stderr)
	var src source
	src.flags(fs, false)
	listen := fs.String("listen", webhook.DefaultListen, "address to receive webhooks on (a bare port or :PORT is loopback)")
	var o cli.EventsOptions
	fs.BoolVar(&o.JSON, "json", false, "one JSON object per event: the envelope as received plus \"session\" and \"received_at\"")
	fs.StringVar(&o.Forward, "forward", "", "relay every verified event, unchanged and signed, to this URL")
	if err := parse(fs, args); err != nil {
		return err
	}
	addr := webhook.ListenAddr(*listen)
	if err := cli.CheckForward(o.Forward, addr); err != nil {
		return usageError{err}
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
		b, err = src.open(stderr, true)
	}
	if err != nil {
		ln.Close()
		return err
	}
	defer b.Close()
	return cli.Events(ctx, b.Client, ln, stdout, stderr, o)
}

func serveCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("serve", "wasender-tui serve [--listen :2222] [--authorized-keys FILE] [--host-key FILE] [flags]", stderr)
	var src source
	src.flags(fs, true)
	listen := fs.String("listen", "", "address to listen on (default: [serve] listen, else :2222)")
	keysPath := fs.String("authorized-keys", "", "OpenSSH authorized_keys file; role=\"operator\" marks who may act (default: [serve] authorized_keys)")
	hostKey := fs.String("host-key", "", "host key file, created when missing (default: [serve] host_key)")
	if err := parse(fs, args); err != nil {
		return err
	}
	// The [serve] settings apply to --demo too, so read the config alone.
	cfg, err := config.Load(config.Options{Path: src.config, Profile: src.profile})
	if err != nil {
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
	b, err := src.open(stderr, false)
	if err != nil {
		return err
	}
	defer b.Close()
	// Every console reads the session list through one shared reader, and
	// shares the client, so the API's per-session limits hold server-wide.
	shared := common.NewSharedList(b.Client.ListSessions, 2*time.Second)
	srv, err := serve.New(serve.Options{
		HostKeyPath: set.HostKey,
		Keys:        keys,
		IdleTimeout: set.IdleTimeout,
		MaxSession:  set.MaxSession,
		MaxSessions: set.MaxSessions,
		NewContext: func(r *lipgloss.Renderer) *common.Context {
			c := b.Context(r)
			c.Shared = shared
			return c
		},
		Log:     stderr,
		Version: buildVersion(),
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", set.Listen)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "serving the console of %s over SSH on %s\n", b.Profile, ln.Addr())
	fmt.Fprintf(stdout, "  host key %s (%s)\n  authorized keys %s\n  audit trail %s\n", set.HostKey, serve.HostKeyFingerprint(set.HostKey), set.AuthorizedKeys, b.Audit.Path())
	fmt.Fprintf(stdout, "  idle timeout %s, session limit %s, at most %d consoles\nSIGTERM or ctrl+c stops it.\n", set.IdleTimeout, set.MaxSession, set.MaxSessions)
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

func firstOf(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

func configCmd(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "--help" || args[0] == "-h" {
		fmt.Fprint(stderr, "Usage: wasender-tui config init [--force] | path | check [--profile NAME]\n")
		if len(args) == 0 {
			return usageError{errors.New("config needs a subcommand: init, path or check")}
		}
		return flag.ErrHelp
	}
	sub := args[0]
	fs := newFlags("config "+sub, "wasender-tui config "+sub+" [flags]", stderr)
	cfgPath := fs.String("config", "", "config file")
	profile := fs.String("profile", "", "profile to check")
	force := fs.Bool("force", false, "init: overwrite an existing file")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	opts := config.Options{Path: *cfgPath, Profile: *profile}
	path := config.ResolvePath(opts)
	switch sub {
	case "path":
		fmt.Fprintln(stdout, path)
		return nil
	case "init":
		if err := config.Init(path, *force); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s (mode 0600); edit it, then run: wasender-tui config check\n", path)
		return nil
	case "check":
		cfg, err := config.Load(opts)
		if err != nil {
			return usageError{err}
		}
		fmt.Fprint(stdout, cfg.Summary())
		for _, w := range cfg.Warnings {
			fmt.Fprintln(stderr, "warning:", w)
		}
		if err := cfg.RequireCredential(); err != nil {
			return usageError{err}
		}
		fmt.Fprintln(stdout, "config OK")
		return nil
	}
	return usageError{fmt.Errorf("unknown config subcommand %q (want init, path or check)", sub)}
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
