package cli

import (
	"os"

	"github.com/charmbracelet/x/term"
)

// TerminalSize returns a QROptions.Size that reads f's terminal.
func TerminalSize(f *os.File) func() (cols, rows int, ok bool) {
	return func() (int, int, bool) {
		w, h, err := term.GetSize(f.Fd())
		return w, h, err == nil && w > 0 && h > 0
	}
}
