package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"os"

	"github.com/charmbracelet/lipgloss"
	"github.com/mattn/go-isatty"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/config"
	"github.com/wasender-tui/wasender-tui/ui"
	"github.com/wasender-tui/wasender-tui/ui/backend"
)

func consoleCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newCommand("wasender-tui", usage, stdout)
	var src source
	src.flags(fs.FlagSet, true)
	src.eventFlags(fs.FlagSet)
	if err := fs.parse(args); err != nil {
		return err
	}
	b, err := src.open(ctx, stderr, false)
	if err != nil {
		return err
	}
	defer b.Close()
	var switcher ui.ProfileSwitcher
	if !b.Demo {
		switcher = b.Switch
	}
	return ui.Run(b.Context(lipgloss.DefaultRenderer()), switcher)
}

// terminalNotes is where a note for the person at the terminal goes while
// the config loads ("running token_command…"): stderr when it is one,
// else nowhere, so a script's stderr gets only errors.
func terminalNotes(stderr io.Writer) io.Writer {
	if f, ok := stderr.(*os.File); ok && isatty.IsTerminal(f.Fd()) {
		return f
	}
	return nil
}

// source is where a command gets its API: --demo, or --config/--profile.
type source struct {
	demo             bool
	config, profile  string
	contacts, groups int
	events           *backend.EventsOptions // the console's webhook receiver, for the console and serve
}

// eventFlags are the flags of the commands that run the console's webhook
// receiver.
func (s *source) eventFlags(fs *flag.FlagSet) {
	s.events = &backend.EventsOptions{}
	fs.StringVar(&s.events.Listen, "events-listen", "", "receive webhooks here for the Events pane (default: [events] listen; with --demo a free loopback port); a bare port is loopback")
}

func (s *source) flags(fs *flag.FlagSet, sized bool) {
	fs.BoolVar(&s.demo, "demo", false, "use the built-in demo API (no account needed)")
	fs.StringVar(&s.config, "config", "", "config file (default $XDG_CONFIG_HOME/wasender-tui/config.toml)")
	fs.StringVar(&s.profile, "profile", "", "profile to use (default: WASENDER_PROFILE, then default_profile)")
	if sized {
		fs.IntVar(&s.contacts, "contacts", 0, "with --demo: contacts per connected session (default 300; try 100000)")
		fs.IntVar(&s.groups, "groups", 0, "with --demo: groups per connected session (default 25; try 5000)")
	}
}

// open opens the backend; readOnly commands keep no audit trail. ctx stops
// a token_command (ctrl-C).
func (s *source) open(ctx context.Context, stderr io.Writer, readOnly bool) (*backend.Backend, error) {
	if (s.contacts != 0 || s.groups != 0) && !s.demo {
		return nil, usageError{errors.New("--contacts and --groups size the demo API: use them with --demo")}
	}
	if s.contacts < 0 || s.groups < 0 {
		return nil, usageError{errors.New("--contacts and --groups must be positive")}
	}
	b, err := backend.Open(backend.Options{
		Demo:      s.demo,
		Fake:      fake.Options{Contacts: s.contacts, Groups: s.groups},
		Config:    config.Options{Path: s.config, Profile: s.profile, Context: ctx, Notes: terminalNotes(stderr)},
		NoAudit:   readOnly,
		Warnings:  stderr,
		UserAgent: "wasender-tui/" + buildVersion(),
		Events:    s.events,
	})
	var ue backend.UsageError
	if errors.As(err, &ue) {
		return nil, usageError{ue.Err}
	}
	return b, err
}
