package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
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
	TTY     bool          // stdout is a terminal: draw over the screen, fitted to it
	Draw    qrtext.Options
	Pairing api.PairOptions
	// Size is the terminal's size in cells (TTY only); nil, or ok false:
	// unknown, and the code is drawn whatever the size.
	Size func() (cols, rows int, ok bool)
	// Resized receives when the terminal's size changes (SIGWINCH).
	Resized <-chan struct{}
}

// QR connects the session named by ref and prints its pairing code until
// the phone has linked it, then prints the account. Every code the server
// serves is printed once, when first seen: over a terminal in place, and
// only when it fits (else the size it needs, until the window grows); into
// a pipe one after the other.
func QR(ctx context.Context, c *api.Client, ref string, out, errOut io.Writer, o QROptions) error {
	if o.Timeout <= 0 {
		o.Timeout = 3 * time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	s, err := FindSession(ctx, c, ref)
	if err != nil {
		return err
	}
	p := &qrPrinter{out: out, errOut: errOut, o: o,
		name: common.Clean(string(s.Name)), phone: common.Clean(string(s.PhoneNumber)), status: string(s.Status)}
	if p.name == "" { // unnamed, or found by its key's id alone
		p.name = "session " + string(s.ID)
	}
	err = p.follow(ctx, c, s.ID)
	p.finish()
	switch {
	case err == nil:
		return nil
	case errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil:
		return fmt.Errorf("timed out after %s: %s was not paired", o.Timeout, p.name)
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("interrupted: %s was not paired", p.name)
	}
	return fmt.Errorf("connect %s: %s", p.name, common.ErrorText(err)) // the API's words, its field errors and the HTTP status
}

// follow runs the pairing, printing its events and redrawing on resize,
// from one goroutine.
func (p *qrPrinter) follow(ctx context.Context, c *api.Client, id api.ID) error {
	events := make(chan api.PairEvent, 16)
	done := make(chan error, 1)
	go func() {
		done <- c.Pair(ctx, id, p.o.Pairing, func(ev api.PairEvent) {
			select {
			case events <- ev:
			case <-ctx.Done():
			}
		})
	}()
	for {
		select {
		case ev := <-events:
			p.emit(ev)
		case <-p.o.Resized:
			if p.code != nil {
				p.draw()
			}
		case err := <-done:
			for { // what was sent before Pair returned
				select {
				case ev := <-events:
					p.emit(ev)
				default:
					return err
				}
			}
		}
	}
}

type qrPrinter struct {
	out, errOut io.Writer
	o           QROptions
	name, phone string
	status      string
	printed     int // codes printed into a pipe
	drawn       bool
	code        *qrtext.Code
	seq         int
	seen        time.Time
}

func (p *qrPrinter) emit(ev api.PairEvent) {
	switch ev.Kind {
	case api.PairCode:
		code, err := qrtext.Encode(ev.Code)
		if err != nil {
			fmt.Fprintln(p.errOut, "warning:", err)
			return
		}
		p.code, p.seq, p.seen = code, ev.Seq, ev.SeenAt
		p.draw()
	case api.PairStatus:
		p.status = string(ev.Status)
		if p.o.TTY && p.code != nil {
			p.draw()
		} else {
			fmt.Fprintf(p.out, "state: %s\n", strings.ToLower(p.status))
		}
	case api.PairPasskey:
		fmt.Fprintf(p.out, "%s links with a passkey: on the phone open WhatsApp → Settings → Linked devices → Link a device and approve with the phone's passkey (request expires %s). Waiting…\n",
			p.name, ev.Passkey.ExpiresAt.Local().Format("15:04:05"))
	case api.PairWarning:
		stale := ""
		if ev.Stale {
			stale = "; the code shown may be out of date"
		}
		fmt.Fprintf(p.errOut, "warning: %s (retrying%s)\n", common.Clean(api.Words(ev.Err)), stale)
	case api.PairPaired:
		p.finish()
		fmt.Fprintf(p.out, "paired as %s\n", common.Account(ev.User))
	case api.PairAlreadyConnected:
		msg := ""
		if ev.Message != "" {
			msg = ": " + common.Clean(ev.Message)
		}
		fmt.Fprintf(p.out, "%s is already connected%s (%s)\n", p.name, msg, common.Account(ev.User))
	}
}

// draw prints the current code: into a pipe after the ones before; on a
// terminal over the screen from its top, in the largest quiet zone that
// fits with a caption line or two, or, when it cannot fit, the size it
// needs (drawn again on the next resize).
func (p *qrPrinter) draw() {
	if !p.o.TTY {
		if p.printed > 0 {
			io.WriteString(p.out, "\n")
		}
		p.printed++
		lines := p.code.Render(p.o.Draw)
		width, _ := p.code.Cells(p.o.Draw.Mode, p.o.Draw.Quiet)
		io.WriteString(p.out, strings.Join(append(lines, p.caption(width, 2)...), "\n")+"\n")
		return
	}
	d := p.o.Draw
	cols, rows, known := 0, 0, false
	if p.o.Size != nil {
		cols, rows, known = p.o.Size()
	}
	captions := 2
	if known {
		l, ok := p.code.Fit(d.Mode, cols, rows-2)
		if !ok {
			captions = 1
			l, ok = p.code.Fit(d.Mode, cols, rows-1)
		}
		if !ok {
			p.screen(p.tooSmall(cols, rows), cols, rows)
			return
		}
		d.Quiet = l.Quiet
	}
	width, _ := p.code.Cells(d.Mode, d.Quiet)
	p.screen(append(p.code.Render(d), p.caption(width, captions)...), cols, rows)
}

// caption: the first n of the lines under a code, no wider than it.
func (p *qrPrinter) caption(width, n int) []string {
	lines := []string{
		fmt.Sprintf("Pair %s %s · %s · code %d", p.name, p.phone, strings.ToLower(p.status), p.seq),
		"WhatsApp → Linked devices → Link a device · seen " + p.seen.Local().Format("15:04:05"),
	}
	for i := range lines {
		lines[i] = ansi.Truncate(lines[i], width, "…")
	}
	return lines[:n]
}

// tooSmall says exactly how much room the code needs, as the console's
// pairing view does.
func (p *qrPrinter) tooSmall(cols, rows int) []string {
	w, h := p.code.Cells(p.o.Draw.Mode, qrtext.MinQuiet)
	msg := []string{
		"Pair " + p.name + " " + p.phone + " · " + strings.ToLower(p.status) + " · code " + strconv.Itoa(p.seq),
		"",
		fmt.Sprintf("The QR code needs %dx%d cells; this terminal is %dx%d.", w, h+1, cols, rows),
		"Enlarge the window or make the font smaller: the code is kept fresh and drawn the moment it fits.",
	}
	if p.o.Draw.Mode == qrtext.FullBlocks {
		hw, hh := p.code.Cells(qrtext.HalfBlocks, qrtext.MinQuiet)
		msg = append(msg, fmt.Sprintf("Half blocks need only %dx%d: run without --full-blocks.", hw, hh+1))
	}
	return msg
}

// screen replaces what is on the terminal with lines, from its top-left,
// wrapped to its width and cut to its height when known, leaving the
// cursor at the end of the last line so that nothing scrolls.
func (p *qrPrinter) screen(lines []string, cols, rows int) {
	if cols > 0 {
		var wrapped []string
		for _, l := range lines {
			wrapped = append(wrapped, strings.Split(ansi.Wrap(l, cols, ""), "\n")...)
		}
		lines = wrapped
	}
	if rows > 0 && len(lines) > rows {
		lines = lines[:rows]
	}
	io.WriteString(p.out, "\x1b[H"+strings.Join(lines, "\x1b[K\n")+"\x1b[K\x1b[J")
	p.drawn = true
}

// finish clears the code off a terminal: it is of no use any more.
func (p *qrPrinter) finish() {
	if p.o.TTY && p.drawn {
		io.WriteString(p.out, "\x1b[H\x1b[J")
		p.drawn = false
	}
}
