package ui

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/input"
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
	_, inHelp := m.front().(*helpView)
	if !a.Nav() && a.Label() != commandKey.Label() && a.Label() != helpKey.Label() && !inHelp {
		m.clearNotice() // a later action done: the notice before it is over
	}
	return a.Run()
}

// burst is the key presses one key message stands for, or nil when it is
// one. Keys typed faster than they are read (over a slow link, or sent by
// a script) arrive as one message of several runes: each is a press. And
// Bubble Tea reads esc followed at once by a key (tmux send-keys Escape 1,
// fast typing over SSH) as alt+KEY: where nothing in front binds alt+KEY
// it is esc, then KEY. A paste is never split.
func (m *Model) burst(k tea.KeyMsg) []tea.KeyMsg {
	switch {
	case k.Paste:
		return nil
	case k.Alt && !m.bindsAlt(k):
		k.Alt = false
		return []tea.KeyMsg{{Type: tea.KeyEsc}, k}
	case k.Type == tea.KeyRunes && len(k.Runes) > 1:
		out := make([]tea.KeyMsg, len(k.Runes))
		for i, r := range k.Runes {
			out[i] = runeKey(r, k.Alt)
		}
		return out
	}
	return nil
}

// bindsAlt reports whether alt+KEY k means something where it is pressed:
// an action's key, or a text field's editing key (alt+b word back).
func (m *Model) bindsAlt(k tea.KeyMsg) bool {
	if m.typing {
		_, ok := keys.Find(m.commandActions(), k)
		return ok || input.Binds(k)
	}
	v := m.front()
	if _, ok := keys.Find(m.actionsOf(v), k); ok {
		return true
	}
	return view.FocusOf(v) == view.Text && input.Binds(k)
}

// runeKey is the key message of one typed rune, as Bubble Tea makes it.
func runeKey(r rune, alt bool) tea.KeyMsg {
	if r == ' ' {
		return tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}, Alt: alt}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: alt}
}
