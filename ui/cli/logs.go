package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/tail"
	"github.com/wasender-tui/wasender-tui/ui/common"
)

// LogsOptions configure the logs command.
type LogsOptions struct {
	Messages bool          // message logs instead of session logs
	Follow   bool          // keep polling until interrupted
	Since    time.Duration // start this far back; 0 = the latest 100 entries
	Status   string        // only entries with this status (sent, failed, in_progress, connected…)
	JSON     bool          // one JSON object per entry: the API's fields plus "session"
	Interval time.Duration // poll interval with Follow; default 2 s
	Now      func() time.Time
}

// Logs prints a session's log: what the window holds, then, with Follow,
// every new entry (and every status change, as a new line with the same id)
// until ctx ends, which is a clean exit.
func Logs(ctx context.Context, c *api.Client, ref string, out, errOut io.Writer, o LogsOptions) error {
	if o.Now == nil {
		o.Now = time.Now
	}
	s, err := FindSession(ctx, c, ref)
	if err != nil {
		return err
	}
	opts := tail.Options{Interval: o.Interval}
	if o.Since > 0 {
		opts.Since = o.Now().Add(-o.Since)
	}
	p := &logPrinter{out: out, errOut: errOut, o: o, session: s.ID, since: opts.Since}
	if o.Messages {
		return run(ctx, tail.New(tail.MessageLogs(c, s.ID), opts), p.message, p, o.Follow)
	}
	return run(ctx, tail.New(tail.SessionLogs(c, s.ID), opts), p.sessionLog, p, o.Follow)
}

func run[T any](ctx context.Context, t *tail.Tail[T], print func(T, bool), p *logPrinter, follow bool) error {
	emit := func(b tail.Batch[T]) {
		for _, g := range b.Gaps {
			p.gap(g)
		}
		for _, e := range b.New {
			print(e, false)
		}
		for _, e := range b.Updated {
			print(e, true)
		}
	}
	if !follow {
		b, err := t.Poll(ctx)
		if err != nil {
			return err
		}
		emit(b)
		return nil
	}
	return tail.Follow(ctx, t, emit, func(err error) {
		fmt.Fprintf(p.errOut, "warning: %s (retrying in %s)\n", common.ErrorText(err), t.Delay(err).Round(time.Second))
	})
}

type logPrinter struct {
	out, errOut io.Writer
	o           LogsOptions
	session     api.ID
	since       time.Time
}

func (p *logPrinter) keep(status api.Status, at time.Time) bool {
	if p.o.Status != "" && !status.Is(p.o.Status) {
		return false
	}
	return p.since.IsZero() || !at.Before(p.since)
}

func (p *logPrinter) sessionLog(l api.SessionLog, _ bool) {
	if !p.keep(l.Status, l.OccurredAt.Time) {
		return
	}
	if p.o.JSON {
		p.json(l.Raw)
		return
	}
	fmt.Fprintf(p.out, "%s  #%s  %-13s %s\n", stamp(l.OccurredAt.Time), l.ID, l.Status.Norm(), common.Clean(string(l.EventType)))
}

func (p *logPrinter) message(l api.MessageLog, update bool) {
	if !p.keep(l.Status, l.CreatedAt.Time) {
		return
	}
	if p.o.JSON {
		p.json(l.Raw)
		return
	}
	line := fmt.Sprintf("%s  #%s  %-11s → %s  %s", stamp(l.CreatedAt.Time), l.ID, l.Status.Norm(), common.Clean(string(l.To)), common.Clean(l.Content.Text()))
	if l.FailedReason != "" {
		line += "  ✗ " + common.Clean(string(l.FailedReason))
	}
	if update {
		line += "  (now " + l.Status.Norm() + " at " + stamp(l.UpdatedAt.Time) + ")"
	}
	fmt.Fprintln(p.out, line)
}

// json prints the entry as the API sent it, plus the session's id.
func (p *logPrinter) json(raw json.RawMessage) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		fmt.Fprintf(p.errOut, "warning: skipping an entry that is not a JSON object: %v\n", err)
		return
	}
	id, _ := json.Marshal(string(p.session))
	fields["session"] = id
	b, _ := json.Marshal(fields)
	p.out.Write(append(b, '\n'))
}

func (p *logPrinter) gap(g tail.Gap) {
	msg := fmt.Sprintf("warning: entries may be missing between %s and %s", stamp(g.From), stamp(g.To))
	if g.Missing > 0 {
		msg += fmt.Sprintf(" (about %d)", g.Missing)
	}
	fmt.Fprintln(p.errOut, msg)
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return strings.Repeat(" ", 19) + "-"
	}
	return t.UTC().Format(time.RFC3339)
}
