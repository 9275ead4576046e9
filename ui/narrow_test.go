package ui_test

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/wasender-tui/wasender-tui/ui/common"
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

// At 40x12 a dialog fits the window: its frame is whole, right border and
// bottom too, and the buttons stay; what gives way says so with "…".
func TestNarrowDialogsFit(t *testing.T) {
	for _, keys := range [][]string{{"d"}, {"d", "x", "enter"}, {"x"}, {"R"}, {"u"}, {"2", "p"}} {
		_, m, d := newConsole(t)
		start(t, d, m, 40, 12)
		d.Press(keys...)
		v := m.View()
		if !strings.Contains(v, "╮") || !strings.Contains(v, "╯") {
			t.Errorf("%v: the frame is cut:\n%s", keys, v)
		}
		if (keys[0] == "d" || keys[0] == "x") && !strings.Contains(v, " No ") {
			t.Errorf("%v: the buttons are gone:\n%s", keys, v)
		}
		checkFits(t, v, 40, 12)
	}
}

// The webhook setup at 40x12: its long title is cut with "…".
func TestNarrowWebhookSetupSaysItIsCut(t *testing.T) {
	_, m, d, _ := listening(t, common.RoleOperator)
	start(t, d, m, 40, 12)
	d.Press("w")
	lines := strings.Split(m.View(), "\n")
	if !strings.HasPrefix(lines[2], "Point the webhook") || !strings.HasSuffix(lines[2], "…") {
		t.Errorf("title line %q", lines[2])
	}
}
