package common

import (
	osc52 "github.com/aymanbagabas/go-osc52/v2"
	tea "github.com/charmbracelet/bubbletea"
)

// Copy puts text on the operator's clipboard with an OSC52 escape, which
// works over SSH, and in tmux with set-clipboard on (tmux takes plain OSC52
// and passes it on; its passthrough wrapping is off by default since 3.3).
// label names what was copied. The text is cleaned (Clean) whatever its
// source: pasted into a shell, an escape in it would act there.
func (c *Context) Copy(label, text string) tea.Cmd {
	out := c.Output
	if out == nil {
		return Notify(LevelWarn, "no terminal to copy to")
	}
	seq := osc52.New(Clean(text))
	return func() tea.Msg {
		if _, err := seq.WriteTo(out); err != nil {
			return NoticeMsg{Level: LevelError, Text: "copy failed: " + err.Error()}
		}
		return NoticeMsg{Level: LevelOK, Text: "✓ copied " + label + " to the clipboard (OSC52; your terminal must allow it)"}
	}
}
