package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/sched"
	"github.com/wasender-tui/wasender-tui/api/tail"
	"github.com/wasender-tui/wasender-tui/ui/common"
)

// LogsOptions configure the logs command.
type LogsOptions struct {
	Messages bool          // message logs instead of session logs
	All      bool          // every session of the account, interleaved
	Follow   bool          // keep polling until interrupted
	Since    time.Duration // start this far back; 0 = the latest 100 entries
	Status   string        // only entries with this status (sent, failed, in_progress, connected…)
	JSON     bool          // one JSON object per entry: the API's fields plus "session"
	Interval time.Duration // poll interval with Follow; default 2 s
	Budget   float64       // requests a second for all streams; default 5
	Backlog  int           // entries caught up per stream before a gap; default 10,000
	Quiet    time.Duration // the longest wait of a stream with nothing new; default 1 min
	Now      func() time.Time
}

// Logs prints session logs or message logs: what the window holds, then,
// with Follow, every new entry (and every status change, as a new line
// with the same id) until ctx ends, which is a clean exit. Every stream
// shares one request budget; gaps are said on stderr (with JSON, as a line
// of their own on stdout too).
func Logs(ctx context.Context, c *api.Client, ref string, out, errOut io.Writer, o LogsOptions) error {
	if o.Now == nil {
		o.Now = time.Now
	}
	var sessions []api.Session
	if o.All {
		list, err := c.ListSessions(ctx)
		if err != nil {
			return err
		}
		for _, s := range list {
			if strings.TrimSpace(string(s.ID)) != "" {
				sessions = append(sessions, s)
			}
		}
	} else {
		s, err := FindSession(ctx, c, ref)
		if err != nil {
			return err
		}
		sessions = []api.Session{s}
	}
	opts := tail.Options{Interval: o.Interval, Backlog: o.Backlog}
	if o.Since > 0 {
		opts.Since = o.Now().Add(-o.Since)
	}
	s := sched.New(o.Budget, o.Now)
	hub := tail.NewHub(c, s, opts, tail.StreamOptions{Interval: o.Interval, Hidden: -1, Quiet: o.Quiet, Now: o.Now}, c.HeldUntil)
	p := &logPrinter{out: out, errOut: errOut, o: o, since: opts.Since, budget: o.Budget}
	var streams []follower
	for _, sess := range sessions {
		if o.Messages {
			streams = append(streams, follow(hub.Messages(sess.ID), sess.ID, p.message))
		} else {
			streams = append(streams, follow(hub.Sessions(sess.ID), sess.ID, p.sessionLog))
		}
	}
	s.Start()
	defer s.Stop()
	return p.run(ctx, streams, o.Follow)
}

// follower is one subscribed stream, printed by the command's one printer.
type follower struct {
	session api.ID
	wait    func(ctx context.Context) (printBatch, error)
	status  func() tail.Status
	close   func()
}

// printBatch prints what one stream brought; it runs on the printer.
type printBatch func(p *logPrinter)

func follow[T any](st *tail.Stream[T], session api.ID, line func(api.ID, T, bool)) follower {
	sub, _ := st.Subscribe(true)
	return follower{
		session: session,
		status:  sub.Status,
		close:   sub.Close,
		wait: func(ctx context.Context) (printBatch, error) {
			b, err := sub.Wait(ctx)
			return func(p *logPrinter) {
				for _, g := range b.Gaps {
					p.gap(session, g)
				}
				for _, e := range b.New {
					line(session, e, false)
				}
				for _, e := range b.Updated {
					line(session, e, true)
				}
			}, err
		},
	}
}

// run prints every stream's batches as they come; without follow, it stops
// once every stream has read its window.
func (p *logPrinter) run(ctx context.Context, streams []follower, follow bool) error {
	ctx, cancel := context.WithCancel(ctx)
	batches := make(chan printBatch)
	var wg sync.WaitGroup
	defer func() {
		cancel()
		wg.Wait()
	}()
	for _, f := range streams {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer f.close()
			for {
				b, err := f.wait(ctx)
				if err != nil {
					return
				}
				select {
				case batches <- b:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case b := <-batches:
			b(p)
		case <-tick.C:
			done, err := p.check(streams)
			if !follow && done {
				p.drain(batches)
				return err
			}
		}
	}
}

// drain prints what is still on its way once every stream is done.
func (p *logPrinter) drain(batches <-chan printBatch) {
	for {
		select {
		case b := <-batches:
			b(p)
		case <-time.After(50 * time.Millisecond):
			return
		}
	}
}

// check reports whether every stream has read its window (and the first
// error among those that failed), and says on stderr what slows them.
func (p *logPrinter) check(streams []follower) (bool, error) {
	done := true
	var firstErr error
	now := p.o.Now()
	for _, f := range streams {
		st := f.status()
		switch {
		case st.Err != nil:
			p.warn(f.session, st, now)
			if firstErr == nil && !p.o.Follow {
				firstErr = fmt.Errorf("session %s: %s", f.session, common.ErrorText(st.Err))
			}
		case st.Polled.IsZero() || st.CatchingUp:
			done = false
		}
		if st.Late > st.Every && now.Sub(p.slowSaid) > time.Minute && p.o.Follow {
			p.slowSaid = now
			fmt.Fprintf(p.errOut, "note: the request budget (%g requests/s for %d streams) holds polls back: session %s waited %s more than its interval of %s\n",
				p.rate(), len(streams), f.session, st.Late.Round(time.Second), st.Every.Round(time.Second))
		}
	}
	return done, firstErr
}

func (p *logPrinter) rate() float64 {
	if p.budget > 0 {
		return p.budget
	}
	return sched.DefaultBudget
}

// warn says a stream's error once per failure.
func (p *logPrinter) warn(session api.ID, st tail.Status, now time.Time) {
	if p.warned == nil {
		p.warned = map[api.ID]error{}
	}
	if p.warned[session] == st.Err {
		return
	}
	p.warned[session] = st.Err
	fmt.Fprintf(p.errOut, "warning: session %s: %s (retrying in %s)\n", session, common.ErrorText(st.Err), st.Retry.Round(time.Second))
}

type logPrinter struct {
	out, errOut io.Writer
	o           LogsOptions
	since       time.Time
	budget      float64
	slowSaid    time.Time
	warned      map[api.ID]error
}

func (p *logPrinter) keep(status api.Status, at time.Time) bool {
	if p.o.Status != "" && !status.Is(p.o.Status) {
		return false
	}
	return p.since.IsZero() || !at.Before(p.since)
}

func (p *logPrinter) sessionLog(session api.ID, l api.SessionLog, _ bool) {
	if !p.keep(l.Status, l.OccurredAt.Time) {
		return
	}
	if p.o.JSON {
		p.json(session, l.Raw)
		return
	}
	fmt.Fprintf(p.out, "%s%s  #%s  %-13s %s\n", p.prefix(session), stamp(l.OccurredAt.Time), common.Clean(string(l.ID)), l.Status.Norm(), common.Clean(string(l.EventType)))
}

func (p *logPrinter) message(session api.ID, l api.MessageLog, update bool) {
	if !p.keep(l.Status, l.CreatedAt.Time) {
		return
	}
	if p.o.JSON {
		p.json(session, l.Raw)
		return
	}
	line := fmt.Sprintf("%s%s  #%s  %-11s → %s  %s", p.prefix(session), stamp(l.CreatedAt.Time), common.Clean(string(l.ID)), l.Status.Norm(), common.MessageTo(l), common.MessageText(l))
	if l.FailedReason != "" {
		line += "  ✗ " + common.Clean(string(l.FailedReason))
	}
	if update {
		line += "  (now " + l.Status.Norm() + " at " + stamp(l.UpdatedAt.Time) + ")"
	}
	fmt.Fprintln(p.out, line)
}

// prefix names the session on lines of several sessions.
func (p *logPrinter) prefix(session api.ID) string {
	if !p.o.All {
		return ""
	}
	return fmt.Sprintf("[%s] ", common.Clean(string(session)))
}

// json prints the entry as the API sent it, plus the session's id; what
// a terminal would act on is written as \u escapes (api.SafeJSON).
func (p *logPrinter) json(session api.ID, raw json.RawMessage) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		fmt.Fprintf(p.errOut, "warning: skipping an entry that is not a JSON object: %v\n", err)
		return
	}
	id, _ := json.Marshal(string(session))
	fields["session"] = id
	b, _ := json.Marshal(fields)
	p.out.Write(append(api.SafeJSON(b), '\n')) // as sent, with bidi and C1 characters escaped
}

// gap says where entries may be missing: on stderr, and with JSON as a
// line of its own on stdout too, so a consumer of the stream sees it.
func (p *logPrinter) gap(session api.ID, g tail.Gap) {
	msg := fmt.Sprintf("warning: session %s: entries may be missing", session)
	switch {
	case g.From.IsZero() && g.To.IsZero():
		msg += " (this command could not keep up)"
	case g.From.IsZero():
		msg += " up to " + stamp(g.To)
	default:
		msg += " between " + stamp(g.From) + " and " + stamp(g.To)
	}
	if g.Missing > 0 {
		msg += fmt.Sprintf(": %d", g.Missing)
	}
	fmt.Fprintln(p.errOut, msg)
	if !p.o.JSON {
		return
	}
	type gapJSON struct {
		Session string `json:"session"`
		From    string `json:"from,omitempty"`
		To      string `json:"to,omitempty"`
		Missing int    `json:"missing"`
	}
	j := gapJSON{Session: string(session), Missing: g.Missing}
	if !g.From.IsZero() {
		j.From = g.From.UTC().Format(time.RFC3339)
	}
	if !g.To.IsZero() {
		j.To = g.To.UTC().Format(time.RFC3339)
	}
	b, _ := json.Marshal(map[string]gapJSON{"gap": j})
	p.out.Write(append(api.SafeJSON(b), '\n'))
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return strings.Repeat(" ", 19) + "-"
	}
	return t.UTC().Format(time.RFC3339)
}
