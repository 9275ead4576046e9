// Package cli holds the console's plain commands (qr, logs): output for a
// terminal or a pipe, without the full-screen UI.
package cli

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/wasender-tui/wasender-tui/api"
)

// FindSession resolves ref, a session id or name (case-insensitive; a
// unique prefix will do), against the account's sessions. Without a
// personal token, which the list needs, a session whose key was given
// with its id (session_keys) is found by that id alone.
func FindSession(ctx context.Context, c *api.Client, ref string) (api.Session, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return api.Session{}, fmt.Errorf("no session given")
	}
	if !c.HasToken() {
		if ids := c.KeySessions(); len(ids) > 0 {
			return keySession(ids, ref)
		}
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
			return api.Session{}, ambiguous{fmt.Sprintf("%q matches %d sessions: give the id of one: %s", api.Clean(ref), len(candidates), describe(candidates))}
		}
	}
	return api.Session{}, fmt.Errorf("no session %q; the account has %s", ref, describe(list))
}

// ErrAmbiguous is inside the error of a FindSession whose ref names more
// than one session: a usage error, the candidates in its text.
var ErrAmbiguous = errors.New("ambiguous session")

type ambiguous struct{ msg string }

func (a ambiguous) Error() string      { return a.msg }
func (ambiguous) Is(target error) bool { return target == ErrAmbiguous }

// keySession is the session of session_keys with id ref.
func keySession(ids []api.ID, ref string) (api.Session, error) {
	names := make([]string, len(ids))
	for i, id := range ids {
		if string(id) == ref {
			return api.Session{ID: id}, nil
		}
		names[i] = string(id)
	}
	return api.Session{}, fmt.Errorf("no session %q among the session_keys (%s); finding a session by name needs the personal access token (WASENDER_TOKEN)", ref, strings.Join(names, ", "))
}

func describe(list []api.Session) string {
	if len(list) == 0 {
		return "no sessions"
	}
	names := make([]string, len(list))
	for i, s := range list {
		names[i] = fmt.Sprintf("%s (%s)", api.Clean(string(s.Name)), api.Clean(string(s.ID)))
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}
