package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/wasender-tui/wasender-tui/ui/cli"
)

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
	if o.Since < 0 {
		return usageError{fmt.Errorf("--since %s: how far back to start, e.g. 10m (not negative)", o.Since)}
	}
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

// hasFlag reports whether args set the boolean flag name (-name, --name,
// --name=true), before parsing decides how many arguments to want.
func hasFlag(args []string, name string) bool {
	for _, a := range args {
		switch strings.TrimLeft(a, "-") {
		case name, name + "=true", name + "=1":
			if strings.HasPrefix(a, "-") {
				return true
			}
		}
		if a == "--" {
			break
		}
	}
	return false
}
