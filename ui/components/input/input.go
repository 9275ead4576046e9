// Package input builds the console's text inputs, all alike.
package input

import (
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/ui/styles"
)

// New returns a text input styled from st. The cursor does not blink: a
// blinking cursor repaints twice a second, which costs bytes on a slow SSH
// link and keeps an idle console busy.
func New(st *styles.Styles, prompt, placeholder string, limit int) textinput.Model {
	ti := textinput.New()
	ti.Prompt = prompt
	ti.Placeholder = placeholder
	ti.CharLimit = limit
	ti.PromptStyle = st.HelpKey
	ti.TextStyle = st.Input
	ti.PlaceholderStyle = st.Dim
	ti.CompletionStyle = st.Dim
	ti.Cursor.Style = st.Bold
	ti.Cursor.TextStyle = st.Input
	ti.Cursor.SetMode(cursor.CursorStatic)
	// ctrl+v would read the clipboard of the host the console runs on
	// (the server, over SSH): a terminal's own paste arrives bracketed.
	ti.KeyMap.Paste.SetEnabled(false)
	return ti
}

// Binds reports whether an input takes k as an editing key rather than
// as text (alt+b, alt+f, alt+d, alt+backspace move or delete by word).
func Binds(k tea.KeyMsg) bool {
	km := textinput.DefaultKeyMap
	return key.Matches(k, km.CharacterForward, km.CharacterBackward, km.WordForward, km.WordBackward,
		km.DeleteWordBackward, km.DeleteWordForward, km.DeleteAfterCursor, km.DeleteBeforeCursor,
		km.DeleteCharacterBackward, km.DeleteCharacterForward, km.LineStart, km.LineEnd,
		km.AcceptSuggestion, km.NextSuggestion, km.PrevSuggestion)
}
