package ui_test

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// At 40x12 a table row too wide for the window ends with "…", selected
// or not.
func TestNarrowRowsSayTheyAreCut(t *testing.T) {
	_, m, d := newConsole(t)
	start(t, d, m, 40, 12)
	for _, name := range []string{"Support Desk", "Sales EU", "Field Team"} {
		l := rowOf(m.View(), name)
		if ansi.StringWidth(l) > 40 || !strings.HasSuffix(strings.TrimRight(l, " "), "…") {
			t.Errorf("row of %s: %q", name, l)
		}
	}
}
