package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"

	"github.com/mattn/go-runewidth"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/webhook"
	"github.com/wasender-tui/wasender-tui/ui/common"
)

// EventsOptions configure the events command.
type EventsOptions struct {
	JSON        bool              // the envelope as received, plus "session" and "received_at"
	Forward     string            // relay every verified event, signed, to this URL (webhook.CheckForward first)
	Secrets     map[string]string // session id -> webhook secret, besides the learned ones
	ReportEvery time.Duration     // how often stderr sums up refusals; default a minute
	Report      <-chan time.Time  // tests: drives the reports instead of a ticker
	Now         func() time.Time
}

// Events receives webhooks on ln until ctx ends, which is a clean exit.
// Each verified event is printed once, as it is accepted; the answer never
// waits for the printing. Secrets are learned with c's personal token.
func Events(ctx context.Context, c *api.Client, ln net.Listener, out, errOut io.Writer, o EventsOptions) error {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.ReportEvery <= 0 {
		o.ReportEvery = time.Minute
	}
	var src webhook.SessionSource
	if c != nil && c.HasToken() {
		src = c
	}
	if src == nil && len(o.Secrets) == 0 {
		ln.Close()
		return errors.New("events needs the personal access token (WASENDER_TOKEN or the profile's token) to learn the sessions' webhook secrets")
	}
	secrets := webhook.NewSecrets(webhook.SecretOptions{Source: src, Static: o.Secrets, Now: o.Now})
	if src != nil {
		if err := secrets.Load(ctx); ctx.Err() != nil {
			ln.Close()
			return nil
		} else if err != nil {
			fmt.Fprintf(errOut, "warning: learning the webhook secrets: %s (tried again when a delivery matches none)\n", common.ErrorText(err))
		}
	}
	rcv := webhook.New(webhook.Options{Secrets: secrets, Now: o.Now})
	p := &eventPrinter{out: out, errOut: errOut, o: o, rcv: rcv, prints: rcv.Subscribe(webhook.SubscribeOptions{})}

	// The forwarder may finish its backlog after the listener stops, up to
	// a deadline.
	fwCtx, stopForwarding := context.WithCancel(context.Background())
	defer stopForwarding()
	fwDone := make(chan struct{})
	if o.Forward != "" {
		p.fw = &webhook.Forwarder{URL: o.Forward}
		p.forwards = rcv.Subscribe(webhook.SubscribeOptions{})
		go func() {
			defer close(fwDone)
			p.fw.Run(fwCtx, p.forwards)
		}()
	} else {
		close(fwDone)
	}

	srv := webhook.NewServer(rcv)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(errOut, "receiving webhooks at http://%s/ for %s; ctrl+c stops\n", ln.Addr(), describeKnown(secrets.Sessions()))
	if o.Forward != "" {
		fmt.Fprintf(errOut, "forwarding each verified event to %s\n", o.Forward)
	}

	tick := o.Report
	if tick == nil {
		t := time.NewTicker(o.ReportEvery)
		defer t.Stop()
		tick = t.C
	}
	var err error
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case err = <-served:
			err = fmt.Errorf("receiving webhooks: %w", err)
			break loop
		case <-p.prints.Ready():
			p.batch(p.prints.Take())
		case <-tick:
			p.report()
		}
	}
	// Answer the deliveries in flight, then print everything accepted.
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	_ = srv.Shutdown(sctx)
	cancel()
	p.prints.Close()
	p.batch(p.prints.Take())
	if p.forwards != nil {
		p.forwards.Close()
		select {
		case <-fwDone:
		case <-time.After(5 * time.Second):
			stopForwarding()
			<-fwDone
		}
	}
	p.summary()
	return err
}

type eventPrinter struct {
	out, errOut io.Writer
	o           EventsOptions
	rcv         *webhook.Receiver
	prints      *webhook.Subscription
	fw          *webhook.Forwarder
	forwards    *webhook.Subscription

	lastStats   webhook.Stats
	lastForward webhook.ForwardStats
	lastBehind  uint64
}

func (p *eventPrinter) batch(b webhook.Batch) {
	if b.Missed > 0 {
		fmt.Fprintf(p.errOut, "warning: printing fell behind: %s not printed\n", wereNot(b.Missed, "event"))
	}
	for _, e := range b.Events {
		p.print(e)
	}
}

func (p *eventPrinter) print(e *webhook.Event) {
	if p.o.JSON {
		p.out.Write(append(e.Annotated(common.Mask), '\n'))
		return
	}
	at := e.Timestamp
	if at.IsZero() {
		at = e.ReceivedAt
	}
	name := common.Clean(e.Session.Name)
	if name == "" {
		name = "session " + e.Session.ID
	}
	line := stamp(at) + "  " + runewidth.FillRight(name, 16) + " " + runewidth.FillRight(common.Clean(e.Event), 26) + " " + common.Clean(e.WideSummary())
	if e.Repeat {
		line += "  (repeat)"
	}
	fmt.Fprintln(p.out, strings.TrimRight(line, " "))
}

// report says on stderr what went wrong since the last report, if anything.
func (p *eventPrinter) report() {
	now := stamp(p.o.Now())
	st := p.rcv.Stats()
	if d := st.Since(p.lastStats); d.RefusedTotal() > 0 {
		fmt.Fprintf(p.errOut, "%s  refused %s in the last %s: %s\n", now, plural(d.RefusedTotal(), "delivery"), every(p.o.ReportEvery), d.RefusedText())
	}
	p.lastStats = st
	if p.fw == nil {
		return
	}
	fs := p.fw.Stats()
	if failed := fs.Failed - p.lastForward.Failed; failed > 0 {
		fmt.Fprintf(p.errOut, "%s  forwarding: %d of %d failed in the last %s (last: %s)\n", now, failed, failed+fs.Sent-p.lastForward.Sent, every(p.o.ReportEvery), fs.LastError)
	}
	p.lastForward = fs
	if behind := p.forwards.Missed(); behind > p.lastBehind {
		fmt.Fprintf(p.errOut, "%s  forwarding fell behind: %s not forwarded\n", now, wereNot(behind-p.lastBehind, "event"))
		p.lastBehind = behind
	}
}

// summary is the last word on stderr: totals since the start.
func (p *eventPrinter) summary() {
	st := p.rcv.Stats()
	line := fmt.Sprintf("received %s (%s); refused %s", plural(st.Accepted, "event"), plural(st.Repeats, "repeat"), plural(st.RefusedTotal(), "delivery"))
	if st.RefusedTotal() > 0 {
		line += ": " + st.RefusedText()
	}
	if p.fw != nil {
		fs := p.fw.Stats()
		line += fmt.Sprintf("; forwarded %d, %d failed", fs.Sent, fs.Failed)
		if fs.Skipped > 0 {
			line += fmt.Sprintf(", %d not (they had been forwarded already)", fs.Skipped)
		}
		if behind := p.forwards.Missed(); behind > 0 {
			line += fmt.Sprintf(", %d dropped while forwarding fell behind", behind)
		}
	}
	fmt.Fprintln(p.errOut, line)
}

// wereNot is "1 event was" or "3 events were".
func wereNot(n uint64, noun string) string {
	if n == 1 {
		return plural(n, noun) + " was"
	}
	return plural(n, noun) + " were"
}

func plural(n uint64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "y") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(noun, "y"))
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func every(d time.Duration) string {
	if d == time.Minute {
		return "minute"
	}
	return d.String()
}

func describeKnown(list []webhook.Session) string {
	if len(list) == 0 {
		return "no sessions yet (deliveries are refused until a secret is known)"
	}
	names := make([]string, len(list))
	for i, s := range list {
		names[i] = s.ID
		if s.Name != "" {
			names[i] = common.Clean(s.Name) + " (" + s.ID + ")"
		}
	}
	if len(names) > 6 {
		names = append(names[:6], fmt.Sprintf("%d more", len(list)-6))
	}
	noun := "sessions"
	if len(list) == 1 {
		noun = "session"
	}
	return fmt.Sprintf("%d %s: %s", len(list), noun, strings.Join(names, ", "))
}
