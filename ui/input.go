package ui

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/keys"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// onKey dispatches one key press from the action tables. A bracketed
// paste goes whole to the text field in focus, never to actions.
func (m *Model) onKey(k tea.KeyMsg) tea.Cmd {
	if k.Type == tea.KeyCtrlC {
		return tea.Quit
	}
	if m.typing {
		return m.onCommandKey(k)
	}
	v := m.front()
	text := view.FocusOf(v) == view.Text
	if k.Paste {
		if text {
			m.clearNotice()
			return v.Update(k)
		}
		return common.Notify(common.LevelInfo, "paste ignored: no text field has focus")
	}
	if a, ok := keys.Find(m.actionsOf(v), k); ok {
		return m.run(a)
	}
	if text {
		return v.Update(k)
	}
	return nil
}

// run does an action, unless the role forbids it: then the refusal is
// said, and written to the audit trail off the Update path.
func (m *Model) run(a keys.Action) tea.Cmd {
	if !m.allowed(&a) {
		return m.ctx.Refuse(a.Mutates(), a.Target(), a.Desc())
	}
	if !a.Nav() && a.Label() != commandKey.Label() {
		m.clearNotice() // a later action done: the notice before it is over
	}
	return a.Run()
}
