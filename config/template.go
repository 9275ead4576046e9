package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

const template = `# wasender-tui configuration.
# Environment variables override this file: WASENDER_API_URL, WASENDER_TOKEN,
# WASENDER_API_KEY, WASENDER_PROFILE (and WASENDER_CONFIG names this file).
# Check it with: wasender-tui config check

# The profile used when neither --profile nor WASENDER_PROFILE says.
default_profile = "default"

[profiles.default]
# The API base URL, including /api.
base_url = "https://www.wasenderapi.com/api"

# The personal access token (made in the WasenderAPI dashboard) manages all
# your sessions. Give it in exactly one of three ways:
# token = "1|..."                          # literal: keep this file mode 0600
# token_env = "WASENDER_WORK_TOKEN"        # read from this environment variable
# token_command = "pass show wasender/work" # run with sh -c; prints only the token; 10 s limit

# One session's api key, for using a single session without the token.
# api_key = "..."

# Sessions' own api keys by session id. Optional: with the personal access
# token, wasender-tui learns them from the session details.
# [profiles.default.session_keys]
# "12" = "..."

# How often the sessions list refreshes (2s to 1h).
# poll_interval = "5s"
# How often a log pane in front fetches new entries (1s to 1h).
# log_poll_interval = "2s"
# How often a log pane not in front does (1s to 1h); "off" pauses it.
# hidden_log_poll = "30s"
# Log entries kept per stream (100 to 1000000).
# log_buffer = 10000
# Entries a stream catches up after a burst or a pause; beyond, the rest
# is reported as a gap (100 to 1000000).
# log_backlog = 10000
# Requests a second that every background poll of this profile shares:
# log tails, the sessions list, pairing; under serve, every console
# together (0.2 to 50).
# request_budget = 5
# The longest a log with nothing new waits between polls (10s to 1h).
# quiet_poll = "60s"
# How long one API request may take (1s to 10m).
# request_timeout = "20s"

# More accounts get more profiles; pick one with --profile NAME or
# :profile NAME inside the program.
# [profiles.work]
# token_env = "WORK_WASENDER_TOKEN"

# wasender-tui serve: the console over SSH for a team.
# Relative paths are relative to this file's directory; ~ is your home.
[serve]
# listen = ":2222"
# Public keys allowed to connect, one per line as in ~/.ssh/authorized_keys;
# a line starting role="operator" may act, any other line may only look.
# from=, expiry-time=, no-pty and restrict are honoured as in sshd; a line
# with any other option (command=, permitopen=, …) is refused.
# authorized_keys = "~/.config/wasender-tui/authorized_keys"
# The server's host key; created on first start when missing.
# host_key = "~/.config/wasender-tui/ssh_host_ed25519"
# Disconnect a client idle for this long (1s to 24h).
# idle_timeout = "15m"
# Disconnect any client after this long (1s to 168h).
# max_session = "8h"
# Clients connected at once.
# max_sessions = 20
# A connection must authenticate within this time (like OpenSSH's
# LoginGraceTime; 1s to 10m), and at most this many may be doing so at once
# (further ones are closed at once; 1 to 1000).
# login_grace_time = "20s"
# max_unauthenticated = 10
# Every change made from any front end, one JSON line each (mode 0600).
# audit_file = "~/.local/state/wasender-tui/audit.log"

# wasender-tui status: when a session needs attention.
[health]
# What is measured, unless --since says otherwise (1m to 24h).
# window = "1h"
# Flapping: this many state changes in the window or more (1 to 1000).
# flapping_changes = 3
# Failing: this share of the window's messages failed (0.01 to 1; 0.2 is
# 20%), over at least this many messages.
# failing_rate = 0.2
# failing_messages = 5
# Unreadable: a log whose reads failed this many times in a row (1 to 100);
# a refused key (401, 403) or a missing session (404) counts at once.
# unreadable_reads = 3

# The console's webhook receiver: with it, the Events pane shows every
# session's webhooks live, and the logs follow each event at once. Off
# unless listen is set (or --events-listen is given).
[events]
# Where it listens: a bare port or ":8090" is loopback, "0.0.0.0:8090" is
# every interface.
# listen = "127.0.0.1:8090"
# Where WasenderAPI reaches it (your reverse proxy or tunnel to listen);
# the console points a session's webhook here (w on a session).
# public_url = "https://console.example.com/wasender"
# Where it relays every verified event, unchanged and signed: the dashboard
# or n8n a session's webhook went to before it pointed here.
# forward = "https://n8n.example.com/webhook/wasender"
`

// existsError is Init's refusal to replace a file; it unwraps to fs.ErrExist.
type existsError struct{ path string }

func (e existsError) Error() string {
	return "config init: " + e.path + " already exists; edit it, or add --force to replace it"
}

func (e existsError) Unwrap() error { return fs.ErrExist }

// Template is a commented config file showing every setting.
func Template() string { return template }

// Init writes Template to path with mode 0600, creating the directory
// (0700). It refuses to replace an existing file unless force is set; the
// file appears whole or not at all.
func Init(path string, force bool) error {
	if path == "" {
		return errors.New("config init: no path: set HOME or XDG_CONFIG_HOME, or give --config PATH")
	}
	if !force {
		if _, err := os.Lstat(path); err == nil {
			return existsError{path}
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("config init: %w", err)
		}
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("config init: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".config-*.toml")
	if err != nil {
		return fmt.Errorf("config init: %w", err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("config init: %w", err)
	}
	if _, err := tmp.WriteString(template); err != nil {
		tmp.Close()
		return fmt.Errorf("config init: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("config init: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("config init: %w", err)
	}
	if force {
		if err := os.Rename(tmp.Name(), path); err != nil {
			return fmt.Errorf("config init: %w", err)
		}
		return nil
	}
	// A link, unlike a rename, fails on a file made since the check above.
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return existsError{path}
		}
		return fmt.Errorf("config init: %w", err)
	}
	return nil
}
