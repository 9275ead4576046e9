package common

import (
	"context"

	"github.com/wasender-tui/wasender-tui/api"
)

// KeyOnlyName names the session of WASENDER_API_KEY, whose own name (and
// id) only the personal token can read.
const KeyOnlyName = "(WASENDER_API_KEY)"

// keySessions are the sessions the API keys alone give: those configured
// under session_keys (their ids known) and the one of WASENDER_API_KEY (its
// id unknown), each with its state from /status and, when connected, its
// number from /user. Everything else about them needs the personal token,
// so it stays unknown (zero): the views say so.
func keySessions(ctx context.Context, c *api.Client) ([]api.Session, error) {
	var out []api.Session
	var firstErr error
	describe := func(id api.ID, name string) {
		sc := c.Session(id)
		st, err := sc.Status(ctx)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			return
		}
		s := api.Session{ID: id, Name: api.Text(name), Status: st}
		if st.Is(api.StatusConnected) {
			if u, err := sc.User(ctx); err == nil {
				s.PhoneNumber = api.Text(u.Phone())
			}
		}
		out = append(out, s)
	}
	for _, id := range c.KeySessions() {
		describe(id, "")
	}
	if c.HasFallbackKey() {
		describe("", KeyOnlyName)
	}
	if len(out) == 0 && firstErr != nil {
		return nil, firstErr
	}
	return out, nil
}
