package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/charmbracelet/x/term"
	"github.com/mattn/go-isatty"
	"github.com/wasender-tui/wasender-tui/api/health"
	"github.com/wasender-tui/wasender-tui/ui/cli"
)

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
	o.TTY = isatty.IsTerminal(os.Stdout.Fd()) && isStdout(stdout)
	o.Progress = isatty.IsTerminal(os.Stderr.Fd()) && stderr == io.Writer(os.Stderr)
	if o.TTY {
		if w, h, err := term.GetSize(os.Stdout.Fd()); err == nil && w > 0 {
			o.Width, o.Height = w, h
		}
	}
	return cli.Status(ctx, b.Client, stdout, stderr, o)
}
