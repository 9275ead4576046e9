package config

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Mask hides a secret for display: the first two and last two characters
// of a secret of 12 or more, stars for anything shorter.
func Mask(secret string) string {
	r := []rune(secret)
	if len(r) < 12 {
		return strings.Repeat("*", len(r))
	}
	return string(r[:2]) + "…" + string(r[len(r)-2:])
}

// Summary describes the configuration for `wasender-tui config check`,
// with secrets masked. Its Warnings are not in it: config check prints
// them once, on stderr.
func (c *Config) Summary() string {
	var b strings.Builder
	row := func(label, format string, args ...any) {
		fmt.Fprintf(&b, "%-17s %s\n", label+":", fmt.Sprintf(format, args...))
	}
	p := c.Profile

	if c.FileExists {
		row("config file", "%s", c.Path)
	} else if path := ResolvePath(c.opts); path != "" {
		row("config file", "none (would be %s)", path)
	} else {
		row("config file", "none")
	}
	profile := c.ProfileName
	if profile == "" {
		profile = "none (environment only)"
	}
	if len(c.Profiles) > 0 {
		profile += fmt.Sprintf(" (profiles: %s)", strings.Join(c.Profiles, ", "))
	}
	row("profile", "%s", profile)
	row("base URL", "%s", RedactURL(p.BaseURL))
	row("token", "%s", describeSecret(p.Token, p.TokenSource))
	row("api key", "%s", describeSecret(p.APIKey, p.APIKeySource))
	row("session keys", "%s", describeSessionKeys(p.SessionKeys))
	row("poll intervals", "sessions %s, log tail %s, hidden logs %s",
		formatDuration(p.PollInterval), formatDuration(p.LogPollInterval), offOr(p.HiddenLogPoll))
	row("request timeout", "%s", formatDuration(p.RequestTimeout))
	row("log buffer", "%d entries per stream, catching up at most %d", p.LogBuffer, p.LogBacklog)
	row("request budget", "%g requests/s for every poll; a quiet log at least every %s", p.RequestBudget, formatDuration(p.QuietPoll))

	s := c.Serve
	row("serve listen", "%s", s.Listen)
	row("authorized keys", "%s", orUnset(s.AuthorizedKeys))
	row("host key", "%s", orUnset(s.HostKey))
	row("audit file", "%s", orUnset(s.AuditFile))
	row("serve limits", "idle %s, session %s, %s at once",
		formatDuration(s.IdleTimeout), formatDuration(s.MaxSession), plural(s.MaxSessions, "session"))
	row("serve login", "authenticate within %s, at most %s doing so at once",
		formatDuration(s.LoginGraceTime), plural(s.MaxUnauthenticated, "connection"))

	h := c.Health
	row("health", "over %s: flapping at %d state changes, failing at %g%% of %d messages or more, unreadable after %d failed reads",
		formatDuration(h.Window), h.FlappingChanges, h.FailingRate*100, h.FailingMessages, h.UnreadableReads)

	e := c.Events
	if e.Listen == "" {
		row("events listen", "off (no webhook receiver; [events] listen or --events-listen starts one)")
	} else {
		row("events listen", "%s", e.Listen)
	}
	row("events public", "%s", orUnset(RedactURL(e.PublicURL)))
	if e.Forward != "" {
		row("events forward", "%s", RedactURL(e.Forward))
	}
	return b.String() // the warnings are the caller's to print, once, on stderr
}

func describeSecret(secret, source string) string {
	if secret == "" {
		return "none"
	}
	return fmt.Sprintf("%s (%d chars) from %s", Mask(secret), utf8.RuneCountInString(secret), source)
}

func describeSessionKeys(keys map[string]string) string {
	if len(keys) == 0 {
		return "none"
	}
	ids := make([]string, 0, len(keys))
	for id := range keys {
		ids = append(ids, id)
	}
	// Session ids are numbers: 9 before 10.
	sort.Slice(ids, func(i, j int) bool {
		if len(ids[i]) != len(ids[j]) {
			return len(ids[i]) < len(ids[j])
		}
		return ids[i] < ids[j]
	})
	return fmt.Sprintf("%d (sessions %s)", len(ids), strings.Join(ids, ", "))
}

func offOr(d time.Duration) string {
	if d == 0 {
		return "off"
	}
	return formatDuration(d)
}

func orUnset(s string) string {
	if s == "" {
		return "(not set)"
	}
	return s
}

// plural is "1 session" or "20 sessions".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
