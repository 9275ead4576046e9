package ui_test

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/ui"
	"github.com/wasender-tui/wasender-tui/ui/uitest"
)

// shown is the console on the sessions pane at 120x40, loaded.
func shown(b *testing.B) *ui.Model {
	env := uitest.New(b, fake.Options{})
	m := ui.New(env.Ctx, nil)
	d := env.Driver(b, func(msg tea.Msg) tea.Cmd { _, c := m.Update(msg); return c })
	d.Send(tea.WindowSizeMsg{Width: 120, Height: 40})
	d.Run(m.Init())
	b.ReportAllocs()
	b.ResetTimer()
	return m
}

// BenchmarkConsoleView: one whole frame (header, tabs, the sessions pane,
// status line, the footer made from the action tables) at 120x40.
func BenchmarkConsoleView(b *testing.B) {
	m := shown(b)
	for range b.N {
		_ = m.View()
	}
}

type nothing struct{}

// BenchmarkConsoleMessage: what a message no view wants costs, with the
// frame after it (every message is followed by one).
func BenchmarkConsoleMessage(b *testing.B) {
	m := shown(b)
	for range b.N {
		m.Update(nothing{})
		_ = m.View()
	}
}
