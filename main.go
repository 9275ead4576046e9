// Command wasender-tui is a terminal console for WasenderAPI sessions.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	// First, before Bubble Tea's init: see its package comment.
	_ "early.invalid/termbg"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/config"
	"github.com/wasender-tui/wasender-tui/ui/cli"
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

// Unwrap lets errors.Is see a cancellation inside (ctrl-C while loading is
// exit 1, not 2).
func (e usageError) Unwrap() error { return e.error }

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
	catchSIGPIPE()
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
	args = hoistGlobals(args)
	if len(args) > 0 && streaming[args[0]] {
		ctx2, cancel := context.WithCancel(ctx)
		defer cancel()
		out := &pipeOut{w: stdout, stop: cancel}
		err := dispatch(ctx2, args, out, stderr)
		if out.readerGone() {
			return exitOK // the reader had enough: whatever came of it is no error
		}
		return exitCode(err, stderr)
	}
	return exitCode(dispatch(ctx, args, stdout, stderr), stderr)
}

// exitCode says a command's error on stderr, once, and turns it into the
// exit code.
func exitCode(err error, stderr io.Writer) int {
	if errors.Is(err, config.ErrInterrupted) {
		err = config.ErrInterrupted // one line: what was stopped, no file or profile
	}
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
	case errors.As(err, new(usageError)), errors.Is(err, cli.ErrAmbiguous):
		return exitUsage
	}
	return exitRuntime
}

// commands are the subcommands; anything else is the console's.
var commands = map[string]func(ctx context.Context, args []string, stdout, stderr io.Writer) error{
	"fake-api": fakeAPICmd,
	"config":   configCmd,
	"qr":       qrCmd,
	"logs":     logsCmd,
	"status":   statusCmd,
	"events":   eventsCmd,
	"serve":    serveCmd,
}

func dispatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		if cmd, ok := commands[args[0]]; ok {
			return cmd(ctx, args[1:], stdout, stderr)
		}
		switch args[0] {
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
	if i == 0 || i >= len(args) || commands[args[i]] == nil {
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

func buildVersion() string {
	if version != "dev" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return version
}
