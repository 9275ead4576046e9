package events

import (
	"path/filepath"
	"slices"
	"sort"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/ui/components/picker"
	"github.com/wasender-tui/wasender-tui/ui/keys"
)

// buildActions makes the pane's key tables, once.
func (m *Model) buildActions() {
	shown := func() bool { return len(m.list.Lines) > 0 }
	m.list.Own = []keys.Action{
		keys.Open.Does(m.openDetail).When(func() bool { r := m.selected(); return r != nil && r.ev != nil }),
		m.list.FollowKey(),
		m.list.FilterKey(),
		keys.New("clear filters", "esc").Doing(func() { m.filters, m.list.Term = filters{}, ""; m.refilter() }).When(func() bool { return m.filters.any(m.list.Term) }),
		keys.New("event filter", "E").Doing(func() { m.filters.kind = cycle(m.filters.kind, m.kinds); m.refilter() }).
			When(func() bool { return len(m.kinds) > 0 }),
		keys.Pick.Described("session filter").Doing(m.pickSession).When(func() bool { return len(m.sessions) > 0 }),
		// Saving writes a file on the host the console runs on (the
		// server, over SSH): only operators may, and it is audited.
		keys.New("save", "ctrl+s").Mutating("save events", func() string { return filepath.Join(SaveDir(), m.saveName()) }).
			Does(m.save).When(shown),
	}
	m.list.Own = append(m.list.Own, keys.Navigation(&m.list)...)
	m.list.Field = m.list.FieldKeys(&m.list)
}

// pickSession chooses the session shown among those seen, or all.
func (m *Model) pickSession() {
	ids := make([]string, 0, len(m.sessions))
	for id := range m.sessions {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		if len(ids[i]) != len(ids[j]) {
			return len(ids[i]) < len(ids[j])
		}
		return ids[i] < ids[j]
	})
	opts := []picker.Option{{Key: picker.AllSessions, Label: "All sessions"}}
	for _, id := range ids {
		opts = append(opts, picker.Option{Key: id, Label: m.sessions[id], Detail: id})
	}
	current := m.filters.session
	if current == "" {
		current = picker.AllSessions
	}
	picker.Open(m.stack, m.ctx.Styles, "Show the events of", opts, current, func(o picker.Option) tea.Cmd {
		m.filters.session = o.Key
		if o.Key == picker.AllSessions {
			m.filters.session = ""
		}
		m.refilter()
		return nil
	})
}

// cycle moves through "" and the values seen.
func cycle(cur string, values []string) string {
	opts := append([]string{""}, values...)
	i := slices.Index(opts, cur)
	return opts[(i+1)%len(opts)]
}
