package ui_test

import (
	"strings"
	"testing"

	"github.com/wasender-tui/wasender-tui/ui/common"
)

// A status line too long for the window ends with "…".
func TestStatusLineSaysItIsCut(t *testing.T) {
	_, m, d := newConsole(t)
	start(t, d, m, 40, 12)
	d.Send(common.NoticeMsg{Level: common.LevelInfo, Text: "restart of Support Desk asked; the server answers in its own time"})
	lines := strings.Split(m.View(), "\n")
	if l := lines[len(lines)-2]; !strings.HasPrefix(l, "restart of Support") || !strings.HasSuffix(l, "…") {
		t.Errorf("status line %q", l)
	}
}

// The help screen that does not fit says there is more below, until its
// end is scrolled into view.
func TestHelpSaysThereIsMore(t *testing.T) {
	_, m, d := newConsole(t)
	start(t, d, m, 80, 24)
	d.Press("?")
	if !strings.Contains(m.View(), "↓ more") {
		t.Errorf("no more indicator:\n%s", m.View())
	}
	d.Press("G")
	if v := m.View(); strings.Contains(v, "↓ more") || !strings.Contains(v, ":q") {
		t.Errorf("at the end:\n%s", v)
	}
}

// A command with wrong arguments says why and leaves the pane in front:
// :health 15x does not switch to Health.
func TestAWrongCommandDoesNotSwitch(t *testing.T) {
	_, m, d := newConsole(t)
	start(t, d, m, 120, 30)
	d.Send(typed(":health 15x"))
	d.Press("enter")
	v := m.View()
	if !strings.Contains(v, `✗ :health "15x" is not a window`) || !strings.Contains(v, "Support Desk") || strings.Contains(v, "VERDICT") {
		t.Errorf("after :health 15x:\n%s", v)
	}
	d.Send(typed(":health 15m"))
	d.Press("enter")
	if v := m.View(); !strings.Contains(v, "VERDICT") {
		t.Errorf("after :health 15m:\n%s", v)
	}
}
