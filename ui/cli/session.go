// Package cli holds the console's plain commands (qr, logs): output for a
// terminal or a pipe, without the full-screen UI.
package cli

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/wasender-tui/wasender-tui/api"
)

// FindSession resolves ref, a session id or name (case-insensitive; a
// unique prefix will do), against the account's sessions.
func FindSession(ctx context.Context, c *api.Client, ref string) (api.Session, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return api.Session{}, fmt.Errorf("no session given")
	}
	list, err := c.ListSessions(ctx)
	if err != nil {
		return api.Session{}, err
	}
	for _, s := range list {
		if string(s.ID) == ref {
			return s, nil
		}
	}
	var exact, prefix []api.Session
	for _, s := range list {
		name := strings.ToLower(string(s.Name))
		switch {
		case name == strings.ToLower(ref):
			exact = append(exact, s)
		case strings.HasPrefix(name, strings.ToLower(ref)):
			prefix = append(prefix, s)
		}
	}
	for _, candidates := range [][]api.Session{exact, prefix} {
		switch len(candidates) {
		case 0:
			continue
		case 1:
			return candidates[0], nil
		default:
			return api.Session{}, fmt.Errorf("%q matches %s: give the id", ref, describe(candidates))
		}
	}
	return api.Session{}, fmt.Errorf("no session %q; the account has %s", ref, describe(list))
}

func describe(list []api.Session) string {
	if len(list) == 0 {
		return "no sessions"
	}
	names := make([]string, len(list))
	for i, s := range list {
		names[i] = fmt.Sprintf("%s (%s)", s.Name, s.ID)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}
