package ui_test

import (
	"strings"
	"testing"
)

// The groups of a session that is not connected: the pane says it is not
// connected, not "no groups".
func TestGroupsOfADisconnectedSession(t *testing.T) {
	_, m, d := newConsole(t)
	start(t, d, m, 120, 30)
	d.Press("2", "p")
	d.Type("Field")
	d.Press("enter")
	v := m.View()
	if !strings.Contains(v, "Groups of Field Team") || strings.Contains(v, "no groups") || !strings.Contains(v, "Field Team is not connected (○ disconnected)") {
		t.Errorf("groups of Field Team:\n%s", v)
	}
}
