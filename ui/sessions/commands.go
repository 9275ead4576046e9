package sessions

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api"
)

// listMsg is the answer to a refresh of the session list.
type listMsg struct {
	gen      uint64
	sessions []api.Session
	err      error
	at       time.Time
}

// tickMsg schedules the next refresh of one polling chain.
type tickMsg struct {
	gen   uint64
	chain int
}

// detailMsg answers a session details request.
type detailMsg struct {
	gen     uint64
	id      api.ID
	session api.Session
	err     error
}

// actionMsg is the outcome of an operator action.
type actionMsg struct {
	gen     uint64
	verb    string // "deleted", "disconnected", …
	id      api.ID
	name    string
	text    string       // the API's message on success
	session *api.Session // create/update result
	key     string       // regenerated api key
	user    *api.User
	err     error
}

func (m *Model) fetchList() tea.Cmd {
	client, list, gen, now, ctx := m.ctx.Client, m.ctx.ListSessions, m.gen, m.ctx.Now, m.ctx.Lifetime
	if !client.HasToken() {
		return func() tea.Msg {
			s, err := keySession(ctx, client)
			var list []api.Session
			if err == nil {
				list = []api.Session{s}
			}
			return listMsg{gen: gen, sessions: list, err: err, at: now()}
		}
	}
	return func() tea.Msg {
		sessions, err := list(ctx)
		return listMsg{gen: gen, sessions: sessions, err: err, at: now()}
	}
}

// keySession describes the one session a bare API key gives access to,
// from /status and /user, since listing sessions needs the personal token.
func keySession(ctx context.Context, client *api.Client) (api.Session, error) {
	sc := client.Session("")
	st, err := sc.Status(ctx)
	if err != nil {
		return api.Session{}, err
	}
	s := api.Session{Name: "(session of WASENDER_API_KEY)", Status: st}
	if st.Is(api.StatusConnected) {
		if u, err := sc.User(ctx); err == nil {
			s.Name, s.PhoneNumber = u.Name, api.Text(u.Phone())
		}
	}
	return s, nil
}

func (m *Model) tick(chain int) tea.Cmd {
	gen := m.gen
	return m.ctx.After(m.ctx.Poll(), func(time.Time) tea.Msg { return tickMsg{gen: gen, chain: chain} })
}

func (m *Model) fetchDetail(id api.ID) tea.Cmd {
	client, gen, ctx := m.ctx.Client, m.gen, m.ctx.Lifetime
	return func() tea.Msg {
		s, err := client.GetSession(ctx, id)
		return detailMsg{gen: gen, id: id, session: s, err: err}
	}
}

// act runs one API action off the Update path and reports its outcome.
func (m *Model) act(verb string, id api.ID, name string, fn func(ctx context.Context, c *api.Client, out *actionMsg) error) tea.Cmd {
	client, gen, ctx := m.ctx.Client, m.gen, m.ctx.Lifetime
	return func() tea.Msg {
		out := actionMsg{gen: gen, verb: verb, id: id, name: name}
		out.err = fn(ctx, client, &out)
		return out
	}
}

func (m *Model) deleteCmd(id api.ID, name string) tea.Cmd {
	return m.act("deleted", id, name, func(ctx context.Context, c *api.Client, _ *actionMsg) error {
		return c.DeleteSession(ctx, id)
	})
}

func (m *Model) disconnectCmd(id api.ID, name string) tea.Cmd {
	return m.act("disconnected", id, name, func(ctx context.Context, c *api.Client, out *actionMsg) error {
		r, err := c.DisconnectSession(ctx, id)
		out.text = string(r.Message)
		return err
	})
}

func (m *Model) restartCmd(id api.ID, name string) tea.Cmd {
	return m.act("restarted", id, name, func(ctx context.Context, c *api.Client, out *actionMsg) error {
		text, err := c.RestartSession(ctx, id)
		out.text = text
		return err
	})
}

func (m *Model) regenerateCmd(id api.ID, name string) tea.Cmd {
	return m.act("given a new API key", id, name, func(ctx context.Context, c *api.Client, out *actionMsg) error {
		key, err := c.RegenerateKey(ctx, id)
		out.key = key
		return err
	})
}

func (m *Model) userCmd(id api.ID, name string) tea.Cmd {
	return m.act("user", id, name, func(ctx context.Context, c *api.Client, out *actionMsg) error {
		u, err := c.Session(id).User(ctx)
		out.user = &u
		return err
	})
}

func (m *Model) saveCmd(id api.ID, in api.SessionInput) tea.Cmd {
	verb := "updated"
	if id == "" {
		verb = "created"
	}
	return m.act(verb, id, "", func(ctx context.Context, c *api.Client, out *actionMsg) error {
		var s api.Session
		var err error
		if id == "" {
			s, err = c.CreateSession(ctx, in)
		} else {
			s, err = c.UpdateSession(ctx, id, in)
		}
		if err == nil {
			out.session, out.id, out.name = &s, s.ID, string(s.Name)
		}
		return err
	})
}
