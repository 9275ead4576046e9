package main

import (
	"context"
	"io"
	"os"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/muesli/termenv"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/backend"
	"github.com/wasender-tui/wasender-tui/ui/cli"
	"github.com/wasender-tui/wasender-tui/ui/qrtext"
)

func qrCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newCommand("wasender-tui qr", "Usage: wasender-tui qr SESSION [flags]   (SESSION is an id or a name)", stdout)
	var src source
	src.flags(fs.FlagSet, false)
	timeout := fs.Duration("timeout", 3*time.Minute, "give up when not paired within this time")
	invert := fs.Bool("invert", false, "light modules on dark (if the camera does not read the code)")
	full := fs.Bool("full-blocks", false, "two columns per module, for fonts that leave gaps between half blocks")
	light := fs.Bool("light", false, "with NO_COLOR: the terminal has a light background")
	passkey := fs.Bool("passkey", false, "link with a passkey instead of a QR code")
	pos, err := fs.parseWith(args, 1, "one SESSION (an id or a name)")
	if err != nil {
		return err
	}
	b, err := src.open(ctx, stderr, false)
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
	if tty {
		opts.Size, opts.Resized = cli.TerminalSize(os.Stdout), cli.Resizes(ctx)
	}
	if *passkey {
		opts.Pairing.LinkMethod = "passkey"
	}
	return cli.QR(api.WithActor(ctx, backend.LocalActor()), b.Client, pos[0], stdout, stderr, opts)
}
