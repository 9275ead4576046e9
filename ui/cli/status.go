package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/health"
	"github.com/wasender-tui/wasender-tui/api/sched"
	"github.com/wasender-tui/wasender-tui/api/tail"
	"github.com/wasender-tui/wasender-tui/ui/common"
)

// StatusOptions configure the status command.
type StatusOptions struct {
	Thresholds health.Thresholds // the window and the limits of the verdicts
	JSON       bool              // one JSON document instead of the table
	Watch      bool              // redraw every Every until ctx ends
	Every      time.Duration     // --watch redraws, and the session list is read, this often; default 5 s
	// Timeout gives up on the logs a one-shot check has not read by then,
	// calling them unreadable; 0 waits as long as the budget needs.
	Timeout  time.Duration
	Budget   float64       // requests a second for every poll; default 5
	Interval time.Duration // log poll interval once watched; default 2 s
	Quiet    time.Duration // the longest wait of a quiet log; default 1 min
	Backlog  int           // entries a stream catches up before a gap; default 10,000
	Width    int           // columns of the table; default 80
	Height   int           // with Watch on a terminal, the lines a redraw may take (0: any)
	TTY      bool          // out is a terminal: --watch clears it before each redraw
	Progress bool          // errOut is a terminal: say how the reading goes
	Now      func() time.Time
}

// ErrUnhealthy is Status's answer when a session needs attention or is
// down, after printing the verdicts: the command exits 3.
var ErrUnhealthy = errors.New("a session needs attention or is down")

// Status prints the health of every session over the window: once every
// session's logs are read (or unreadable), as a table or one JSON
// document; with Watch, again every Every until ctx ends (a clean exit).
// Every request goes through one scheduler at the budget.
func Status(ctx context.Context, c *api.Client, out, errOut io.Writer, o StatusOptions) error {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Every <= 0 {
		o.Every = 5 * time.Second
	}
	if o.Width <= 0 {
		o.Width = 80
	}
	s := sched.New(o.Budget, o.Now)
	hub := tail.NewHub(c, s, tail.Options{Interval: o.Interval, Backlog: o.Backlog},
		tail.StreamOptions{Interval: o.Interval, Quiet: o.Quiet, Now: o.Now}, c.HeldUntil)
	// Hidden until the first verdict: a stream whose window is read then
	// waits, and the budget goes to what is still to read.
	m := health.NewMonitor(hub, health.MonitorOptions{Thresholds: o.Thresholds, Held: c.HeldUntil, Now: o.Now,
		List: c.ListSessions, ListEvery: o.Every})
	defer m.Close()
	s.Start()
	defer s.Stop()

	p := &statusPrinter{out: out, errOut: errOut, o: o, window: m.Window()}
	if o.Watch {
		return p.watch(ctx, m)
	}
	rows, err := p.first(ctx, m)
	if err != nil {
		return err
	}
	p.print(rows, nil)
	return verdict(rows)
}

// watch redraws every Every until ctx ends. The table starts as soon as
// the list is read, marking the sessions still being read; JSON waits for
// whole verdicts. Once every session is read the streams are polled at the
// visible rate.
func (p *statusPrinter) watch(ctx context.Context, m *health.Monitor) error {
	pump := time.NewTicker(100 * time.Millisecond)
	defer pump.Stop()
	redraw := time.NewTicker(p.o.Every)
	defer redraw.Stop()
	drawn, ready := false, false
	defer p.clearProgress()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-pump.C:
			m.Pump()
			listed, err := m.Listed()
			switch {
			case !listed && err != nil:
				return fmt.Errorf("reading the session list: %s", common.ErrorText(err))
			case !listed:
				continue
			case !ready && m.Ready():
				ready = true
				m.SetVisible(true)
				p.clearProgress()
				p.print(m.Rows(), nil)
				drawn = true
			case !drawn && !p.o.JSON:
				p.print(m.Rows(), nil)
				drawn = true
			case !ready && p.o.JSON:
				p.progress(m)
			}
		case <-redraw.C:
			if drawn {
				_, listErr := m.Listed()
				p.print(m.Rows(), listErr)
			}
		}
	}
}

// verdict is the command's answer for its rows.
func verdict(rows []health.Row) error {
	for _, r := range rows {
		if r.Verdict != health.OK {
			return ErrUnhealthy
		}
	}
	return nil
}

type statusPrinter struct {
	out, errOut io.Writer
	o           StatusOptions
	window      time.Duration
	said        bool // a progress line is on stderr
	redraws     int
}

// first waits for the first verdicts: every session read, or given up on
// at the timeout.
func (p *statusPrinter) first(ctx context.Context, m *health.Monitor) ([]health.Row, error) {
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	start := p.o.Now()
	defer p.clearProgress()
	for {
		select {
		case <-ctx.Done():
			pending, all := m.Pending()
			return nil, fmt.Errorf("interrupted before the first verdict (%d of %d logs read)", all-pending, all)
		case <-tick.C:
		}
		m.Pump()
		listed, err := m.Listed()
		switch {
		case !listed && err != nil:
			return nil, fmt.Errorf("reading the session list: %s", common.ErrorText(err))
		case listed && m.Ready():
			return m.Rows(), nil
		case p.o.Timeout > 0 && p.o.Now().Sub(start) >= p.o.Timeout && listed:
			m.GiveUp(fmt.Sprintf("not read within %s", p.o.Timeout))
			return m.Rows(), nil
		}
		p.progress(m)
	}
}

func (p *statusPrinter) progress(m *health.Monitor) {
	if !p.o.Progress {
		return
	}
	pending, all := m.Pending()
	fmt.Fprintf(p.errOut, "\r\x1b[Kreading the logs of the last %s: %d of %d read…", health.FormatWindow(p.window), all-pending, all)
	p.said = true
}

func (p *statusPrinter) clearProgress() {
	if p.said {
		fmt.Fprint(p.errOut, "\r\x1b[K")
		p.said = false
	}
}

// print shows the rows: a document or a table; while watching, a terminal
// is cleared first, and a pipe gets one after another.
func (p *statusPrinter) print(rows []health.Row, listErr error) {
	now := p.o.Now()
	if p.o.JSON {
		doc := statusDocument(rows, p.window, now)
		var b []byte
		if p.o.Watch {
			b, _ = json.Marshal(doc) // one document a line
		} else {
			b, _ = json.MarshalIndent(doc, "", "  ")
		}
		p.out.Write(append(api.SafeJSON(b), '\n'))
		if listErr != nil {
			fmt.Fprintf(p.errOut, "warning: the session list could not be read: %s (the last reading is shown)\n", common.ErrorText(listErr))
		}
		return
	}
	switch {
	case p.o.Watch && p.o.TTY:
		fmt.Fprint(p.out, "\x1b[H\x1b[2J")
	case p.redraws > 0:
		fmt.Fprintln(p.out)
	}
	p.redraws++
	table := statusTable{rows: rows, window: p.window, now: now, width: p.o.Width, listErr: listErr}
	if p.o.Watch && p.o.TTY {
		table.height = p.o.Height
	}
	fmt.Fprint(p.out, table.String())
}

// The JSON document: exactly the fields the issue promises, every string
// from the API cleaned.
type statusJSON struct {
	GeneratedAt string              `json:"generated_at"`
	Window      string              `json:"window"`
	Sessions    []sessionHealthJSON `json:"sessions"`
}

type sessionHealthJSON struct {
	ID               string   `json:"id"`
	Name             string   `json:"name"`
	Status           string   `json:"status"`
	Verdict          string   `json:"verdict"`
	Reasons          []string `json:"reasons"`
	Since            *string  `json:"since"`
	Changes          int      `json:"changes"`
	Sent             int      `json:"sent"`
	Failed           int      `json:"failed"`
	FailureRate      float64  `json:"failure_rate"`
	LastFailedReason *string  `json:"last_failed_reason"`
	LastError        *string  `json:"last_error"`
}

func statusDocument(rows []health.Row, window time.Duration, now time.Time) statusJSON {
	doc := statusJSON{GeneratedAt: now.UTC().Format(time.RFC3339), Window: health.FormatWindow(window), Sessions: []sessionHealthJSON{}}
	for _, r := range rows {
		s := sessionHealthJSON{
			ID:          common.Clean(r.ID),
			Name:        common.Clean(r.Name),
			Status:      common.Clean(r.Status),
			Verdict:     r.Verdict.String(),
			Reasons:     []string{},
			Changes:     r.Changes,
			Sent:        r.Sent,
			Failed:      r.Failed,
			FailureRate: math.Round(r.FailureRate*1e4) / 1e4,
		}
		for _, why := range r.Reasons {
			s.Reasons = append(s.Reasons, common.Clean(why.String()))
		}
		if !r.Since.IsZero() {
			at := r.Since.UTC().Format(time.RFC3339)
			s.Since = &at
		}
		if r.LastFailedReason != "" {
			why := common.Clean(r.LastFailedReason)
			s.LastFailedReason = &why
		}
		if r.LastError != "" {
			e := common.Clean(r.LastError)
			s.LastError = &e
		}
		doc.Sessions = append(doc.Sessions, s)
	}
	return doc
}
