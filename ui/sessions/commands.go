package sessions

import (
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
	list, gen, now, ctx := m.ctx.ListSessions, m.gen, m.ctx.Now, m.ctx.Lifetime
	return func() tea.Msg {
		sessions, err := list(ctx)
		return listMsg{gen: gen, sessions: sessions, err: err, at: now()}
	}
}

func (m *Model) tick(chain int) tea.Cmd {
	gen := m.gen
	return m.ctx.After(m.ctx.Poll(), func(time.Time) tea.Msg { return tickMsg{gen: gen, chain: chain} })
}
