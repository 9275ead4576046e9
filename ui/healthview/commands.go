package healthview

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api"
)

// listMsg is the answer to a read of the session list.
type listMsg struct {
	gen      uint64
	sessions []api.Session
	err      error
	at       time.Time
}

// tickMsg is the next look at the streams of one stay in front.
type tickMsg struct {
	gen   uint64
	chain int
}

// fetchList reads the session list within the request budget, unless a
// read is in flight.
func (m *Model) fetchList() tea.Cmd {
	if m.listing {
		return nil
	}
	m.listing = true
	list, gen, now, ctx := m.ctx.ListSessions, m.gen, m.ctx.Now, m.ctx.Lifetime
	return func() tea.Msg {
		sessions, err := list(ctx)
		return listMsg{gen: gen, sessions: sessions, err: err, at: now()}
	}
}

func (m *Model) tick() tea.Cmd {
	gen, chain := m.gen, m.chain
	return m.ctx.After(Every, func(time.Time) tea.Msg { return tickMsg{gen: gen, chain: chain} })
}
