package logs

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/ui/components/search"
)

func (m *Model) onKey(k tea.KeyMsg) tea.Cmd {
	switch {
	case m.scope.Picking:
		if chosen, cmd := m.scope.Key(k); !chosen {
			return cmd
		}
		list, _ := m.ctx.Sessions.Sessions()
		return m.selectSession(m.scope.Session, list)
	case m.mode == modeDetail:
		if k.String() == "esc" || k.String() == "enter" {
			m.mode = modeList
		}
		return nil
	case m.typing:
		return m.onFilterKey(k)
	}
	c, keys := m.ctx, m.keys
	switch {
	case c.Matches(k, keys.Pick):
		m.scope.Open()
	case c.Matches(k, keys.Kind):
		if m.scope.Session == "" {
			return nil // nothing chosen yet
		}
		if m.kind == kindMessage {
			m.kind = kindSession
		} else {
			m.kind = kindMessage
		}
		list, _ := m.ctx.Sessions.Sessions()
		return m.selectSession(m.scope.Session, list)
	case c.Matches(k, keys.Follow):
		m.follow, m.unseen = true, 0
		m.cursor = len(m.visible) - 1
	case c.Matches(k, keys.Filter):
		m.typing = true
		m.filter.SetValue(m.filters.term)
		m.filter.CursorEnd()
		return m.filter.Focus()
	case k.String() == "esc" && m.filters.term != "":
		m.filters.term = ""
		m.refilter()
	case c.Matches(k, keys.Next):
		m.jump(+1)
	case c.Matches(k, keys.Prev):
		m.jump(-1)
	case c.Matches(k, keys.HideToggle):
		m.filters.hide = !m.filters.hide
		m.refilter()
	case c.Matches(k, keys.Status):
		m.filters.status = cycle(m.filters.status, m.statuses)
		m.refilter()
	case c.Matches(k, keys.Event):
		m.filters.event = cycle(m.filters.event, m.events)
		m.refilter()
	case c.Matches(k, keys.Window):
		m.filters.window = nextWindow(m.filters.window)
		m.refilter()
	case c.Matches(k, keys.Time):
		m.utc = !m.utc
	case c.Matches(k, keys.Wrap):
		m.wrap = !m.wrap
	case c.Matches(k, keys.Refresh):
		return m.pollAgain()
	case c.Matches(k, keys.Open):
		return m.openDetail()
	case c.Matches(k, keys.Copy):
		if e := m.selected(); e != nil {
			return c.Copy("the line", m.plainLine(e))
		}
	case c.Matches(k, keys.Save):
		return m.save()
	default:
		m.scroll(k)
	}
	return nil
}

// scroll moves the cursor; moving up from the newest line stops following.
func (m *Model) scroll(k tea.KeyMsg) {
	page := max(m.rows()-1, 1)
	before := m.cursor
	switch k.String() {
	case "up", "k":
		m.cursor--
	case "down", "j":
		m.cursor++
	case "pgup", "ctrl+u":
		m.cursor -= page
	case "pgdown", "ctrl+d":
		m.cursor += page
	case "home", "g":
		m.cursor = 0
	default:
		return
	}
	m.clampCursor()
	switch {
	case m.cursor < before:
		m.follow = false
	case m.cursor == len(m.visible)-1:
		m.follow, m.unseen = true, 0
	}
}

// jump moves to the next or previous line containing the filter term.
func (m *Model) jump(dir int) {
	if m.filters.term == "" {
		return
	}
	for i := m.cursor + dir; i >= 0 && i < len(m.visible); i += dir {
		if m.filters.matchesTerm(m.ring.at(m.visible[i])) {
			m.cursor = i
			m.follow = i == len(m.visible)-1
			return
		}
	}
}

func (m *Model) onFilterKey(k tea.KeyMsg) tea.Cmd {
	switch k.String() {
	case "esc":
		m.typing = false
		m.filter.Blur()
		m.filters.term = ""
		m.refilter()
		return nil
	case "enter":
		m.typing = false
		m.filter.Blur()
		return nil
	}
	var cmd tea.Cmd
	m.filter, cmd = m.filter.Update(k)
	// The buffer is bounded (10,000 lines by default), so filtering while
	// typing is a plain pass over pre-lowered text: about a millisecond.
	m.filters.term = search.Fold(strings.TrimSpace(m.filter.Value()))
	m.refilter()
	return cmd
}

func (m *Model) sessionTitle() string { return m.scope.Name() }

func (m *Model) kindTitle() string {
	if m.kind == kindSession {
		return "session logs"
	}
	return "message logs"
}
