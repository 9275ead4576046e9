package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/qrtext"
)

// QROptions configure the qr command.
type QROptions struct {
	Timeout time.Duration // give up after this; default 3 minutes
	TTY     bool          // stdout is a terminal: redraw the code in place
	Draw    qrtext.Options
	Pairing api.PairOptions
	Now     func() time.Time
}

// QR connects the session named by ref and prints its pairing code until
// the phone has linked it, then prints the account. Over a terminal the
// code is redrawn in place; into a pipe each rotation is printed anew.
func QR(ctx context.Context, c *api.Client, ref string, out, errOut io.Writer, o QROptions) error {
	if o.Timeout <= 0 {
		o.Timeout = 3 * time.Minute
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	s, err := FindSession(ctx, c, ref)
	if err != nil {
		return err
	}
	p := &qrPrinter{out: out, errOut: errOut, o: o, name: string(s.Name), phone: string(s.PhoneNumber), status: string(s.Status)}
	err = c.Pair(ctx, s.ID, o.Pairing, p.emit)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil:
		return fmt.Errorf("timed out after %s: %s was not paired", o.Timeout, s.Name)
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("interrupted: %s was not paired", s.Name)
	}
	return fmt.Errorf("connect %s: %s", s.Name, api.Words(err))
}

type qrPrinter struct {
	out, errOut io.Writer
	o           QROptions
	name, phone string
	status      string
	drawn       int // lines drawn last time, for redrawing in place
	code        string
	expires     time.Time
}

func (p *qrPrinter) emit(ev api.PairEvent) {
	switch ev.Kind {
	case api.PairCode:
		p.code, p.expires = ev.Code, ev.ExpiresAt
		p.draw()
	case api.PairStatus:
		p.status = string(ev.Status)
		if p.o.TTY && p.code != "" {
			p.draw()
		} else {
			fmt.Fprintf(p.out, "state: %s\n", strings.ToLower(p.status))
		}
	case api.PairPasskey:
		fmt.Fprintf(p.out, "%s links with a passkey: on the phone open WhatsApp → Settings → Linked devices → Link a device and approve with the phone's passkey (request expires %s). Waiting…\n",
			p.name, ev.Passkey.ExpiresAt.Local().Format("15:04:05"))
	case api.PairWarning:
		fmt.Fprintf(p.errOut, "warning: %s (retrying)\n", api.Words(ev.Err))
	case api.PairPaired:
		p.clear()
		fmt.Fprintf(p.out, "paired as %s\n", common.Account(ev.User))
	case api.PairAlreadyConnected:
		msg := ""
		if ev.Message != "" {
			msg = ": " + ev.Message
		}
		fmt.Fprintf(p.out, "%s is already connected%s (%s)\n", p.name, msg, common.Account(ev.User))
	}
}

func (p *qrPrinter) draw() {
	code, err := qrtext.Encode(p.code)
	if err != nil {
		fmt.Fprintln(p.errOut, "warning:", err)
		return
	}
	lines := code.Render(p.o.Draw)
	width, _ := code.Cells(p.o.Draw.Mode, p.o.Draw.Quiet)
	// Captions no wider than the code, so redrawing in place can count lines.
	caption := []string{
		ansi.Truncate(fmt.Sprintf("Pair %s %s · %s", p.name, p.phone, strings.ToLower(p.status)), width, "…"),
		ansi.Truncate("WhatsApp → Linked devices → Link a device · expires "+p.expires.Local().Format("15:04:05"), width, "…"),
	}
	var b strings.Builder
	if p.o.TTY {
		p.clear()
	} else if p.drawn > 0 {
		b.WriteString("\n")
	}
	for _, l := range lines {
		b.WriteString(l)
		b.WriteString("\n")
	}
	for _, l := range caption {
		b.WriteString(l)
		b.WriteString("\n")
	}
	io.WriteString(p.out, b.String())
	p.drawn = len(lines) + len(caption)
}

// clear erases the previous drawing on a terminal.
func (p *qrPrinter) clear() {
	if p.o.TTY && p.drawn > 0 {
		fmt.Fprintf(p.out, "\x1b[%dA\x1b[J", p.drawn)
		p.drawn = 0
	}
}
