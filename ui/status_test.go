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
