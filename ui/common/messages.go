package common

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api"
)

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
	Path  string // a file path in Text: on a narrow screen its directory gives way, never its name
}

// Notify returns a command that shows text in the status bar.
func Notify(level Level, text string) tea.Cmd {
	return func() tea.Msg { return NoticeMsg{Level: level, Text: text} }
}

// ShowLogsMsg asks the console to bring the logs pane to the front on one
// session (or all, with Session ""), with Filter typed into its filter.
// Any pane may send it.
type ShowLogsMsg struct {
	Session api.ID
	Filter  string
	// SessionLogs shows the session logs (its changes of state) instead of
	// the message logs.
	SessionLogs bool
	// Status shows only the entries of that status ("failed").
	Status string
	// Window shows only the entries this recent (0: all).
	Window time.Duration
}

// ShowLogs returns the command that sends ShowLogsMsg.
func ShowLogs(session api.ID, filter string) tea.Cmd {
	return func() tea.Msg { return ShowLogsMsg{Session: session, Filter: filter} }
}
