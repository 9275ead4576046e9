package common

import tea "github.com/charmbracelet/bubbletea"

// Level grades a notice.
type Level int

const (
	LevelInfo Level = iota
	LevelOK
	LevelWarn
	LevelError
)

// NoticeMsg puts a line in the status bar. The console stamps it with
// its clock when it arrives.
type NoticeMsg struct {
	Level Level
	Text  string
}

// Notify returns a command that shows text in the status bar.
func Notify(level Level, text string) tea.Cmd {
	return func() tea.Msg { return NoticeMsg{Level: level, Text: text} }
}
