package keys

import (
	tea "github.com/charmbracelet/bubbletea"
)

var types = func() map[string]tea.KeyType {
	m := map[string]tea.KeyType{}
	for t := tea.KeyType(-100); t < 128; t++ {
		if s := t.String(); s != "" && t != tea.KeyRunes {
			m[s] = t
		}
	}
	return m
}()

// Msg is the key message Bubble Tea makes for the key named k ("enter",
// "ctrl+s", "j", "alt+x"): what a test presses to reach an action.
func Msg(k string) tea.KeyMsg {
	alt := false
	if len(k) > 4 && k[:4] == "alt+" {
		alt, k = true, k[4:]
	}
	if t, ok := types[k]; ok {
		msg := tea.KeyMsg{Type: t, Alt: alt}
		if t == tea.KeySpace {
			msg.Runes = []rune{' '}
		}
		return msg
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k), Alt: alt}
}
