package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/config"
)

const configUsage = "Usage: wasender-tui config init [--config FILE] [--force] | path [--config FILE] | check [--config FILE] [--profile NAME]\n"

func configCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{errors.New("config needs a subcommand: init, path or check\n" + configUsage)}
	}
	sub := args[0]
	if sub == "--help" || sub == "-h" || sub == "help" {
		fmt.Fprint(stdout, configUsage)
		return flag.ErrHelp
	}
	cmd := newCommand("wasender-tui config "+sub, "Usage: wasender-tui config "+sub+" [flags]", stdout)
	cfgPath := cmd.String("config", "", "config file (default $XDG_CONFIG_HOME/wasender-tui/config.toml)")
	var profile *string
	var force *bool
	switch sub {
	case "init":
		force = cmd.Bool("force", false, "overwrite an existing file")
	case "check":
		profile = cmd.String("profile", "", "profile to check (default: WASENDER_PROFILE, then default_profile)")
	case "path":
	default:
		return usageError{fmt.Errorf("unknown config subcommand %q (want init, path or check)", sub)}
	}
	if err := cmd.parse(args[1:]); err != nil {
		return err
	}
	opts := config.Options{Path: *cfgPath, Context: ctx, Notes: terminalNotes(stderr)}
	if profile != nil {
		opts.Profile = *profile
	}
	path := config.ResolvePath(opts)
	switch sub {
	case "path":
		fmt.Fprintln(stdout, path)
		return nil
	case "init":
		if err := config.Init(path, *force); err != nil {
			if errors.Is(err, fs.ErrExist) {
				return usageError{err}
			}
			return err
		}
		fmt.Fprintf(stdout, "wrote %s (mode 0600); edit it, then run: wasender-tui config check\n", path)
		return nil
	}
	cfg, err := config.Load(opts)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return err
		}
		return usageError{err}
	}
	fmt.Fprint(stdout, api.CleanLines(cfg.Summary())) // the file's values, which may hold anything
	for _, w := range cfg.Warnings {
		fmt.Fprintln(stderr, "warning:", api.Clean(w))
	}
	if err := cfg.RequireCredential(); err != nil {
		return usageError{err}
	}
	fmt.Fprintln(stdout, "config OK")
	return nil
}
