package ui

import (
	"os"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/ui/common"
)

// Run shows the console in the local terminal until the operator quits.
func Run(ctx *common.Context, switcher ProfileSwitcher) error {
	if ctx.Output == nil {
		ctx.Output = os.Stdout
	}
	_, err := tea.NewProgram(New(ctx, switcher), tea.WithAltScreen()).Run()
	return err
}
