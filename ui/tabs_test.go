package ui_test

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/ui/common"
)

// The Events pane's header has the other panes' shape: how many, of which
// sessions, and how fresh.
func TestEventsHeaderHasTheOthersShape(t *testing.T) {
	env, m, d, _ := listening(t, common.RoleOperator)
	start(t, d, m, 160, 30)
	env.Deliver(t, 12, `{"event":"session.status","data":{"status":"connected"}}`)
	d.Press("7")
	d.Advance(2 * time.Second)
	header := strings.Split(m.View(), "\n")[0]
	if !strings.HasSuffix(header, "1 event · all sessions · updated just now") {
		t.Errorf("header %q", header)
	}
}

// At 40 columns the seven tabs do not fit by name: the pane in front keeps
// its name, whichever it is, and the others show their number.
func TestActiveTabStaysVisibleWhenNarrow(t *testing.T) {
	_, m, d, _ := listening(t, common.RoleOperator)
	start(t, d, m, 40, 12)
	for k, name := range map[string]string{"1": "Sessions", "4": "Logs", "6": "Health", "7": "Events"} {
		d.Press(k)
		tabs := strings.Split(m.View(), "\n")[1]
		if !strings.Contains(tabs, k+" "+name) || !strings.Contains(tabs, " 7 ") && k != "7" {
			t.Errorf("after %s: tabs %q", k, tabs)
		}
	}
	d.Send(tea.WindowSizeMsg{Width: 160, Height: 30})
	if tabs := strings.Split(m.View(), "\n")[1]; !strings.Contains(tabs, "1 Sessions  2 Groups") {
		t.Errorf("wide: tabs %q", tabs)
	}
}
