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
