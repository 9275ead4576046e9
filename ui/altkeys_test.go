package ui_test

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/ui/common"
)

func alt(r rune) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: true} }

func tabs(m tea.Model) string { return strings.Split(m.View(), "\n")[1] }

// Bubble Tea reads esc followed at once by a key as alt+KEY; the console
// binds no alt+KEY, so it is esc, then KEY: in a pane, in a detail view
// (which esc closes first), and in a filter (which esc clears first).
func TestAltKeyIsEscThenKey(t *testing.T) {
	env, m, d, _ := listening(t, common.RoleOperator)
	start(t, d, m, 160, 30)
	env.Deliver(t, 12, `{"event":"session.status","data":{"status":"connected"}}`)
	d.Press("7")
	d.Advance(2 * time.Second)
	d.Send(alt('1'))
	if tb := tabs(m); !strings.Contains(tb, "1 Sessions") || !strings.Contains(m.View(), "Support Desk") {
		t.Fatalf("esc 1 in the Events pane did not show the Sessions pane:\n%s", m.View())
	}

	d.Press("7", "enter")
	if v := m.View(); !strings.Contains(v, "copy JSON") {
		t.Fatalf("no event details:\n%s", v)
	}
	d.Send(alt('1'))
	if !strings.Contains(m.View(), "Support Desk") {
		t.Fatalf("esc 1 in the event details did not show the Sessions pane:\n%s", m.View())
	}
	d.Press("7")
	if strings.Contains(m.View(), "copy JSON") {
		t.Errorf("esc 1 left the event details open:\n%s", m.View())
	}

	d.Press("1", "enter") // Support Desk's details
	d.Send(alt('j'))
	d.Press("enter")
	if v := m.View(); !strings.HasPrefix(strings.Split(v, "\n")[2], "Sales EU") {
		t.Errorf("esc j in the session details did not close them and move down:\n%s", v)
	}
}

// In a text field alt+KEY keeps what the field binds it to (alt+b: a word
// back); other alt keys are esc (clear the filter), then KEY.
func TestAltKeyInATextField(t *testing.T) {
	_, m, d := newConsole(t)
	start(t, d, m, 120, 30)
	d.Press("/")
	d.Send(typed("Sales EU"))
	d.Send(alt('b'))
	d.Send(typed("x"))
	if v := m.View(); !strings.Contains(v, "/Sales xEU") {
		t.Fatalf("alt+b did not move a word back in the filter:\n%s", v)
	}
	d.Send(alt('2'))
	if v := m.View(); !strings.Contains(tabs(m), "2 Groups") || strings.Contains(v, "Sales xEU") || !strings.Contains(v, "Groups of") {
		t.Fatalf("esc 2 in the filter did not clear it and show the Groups pane:\n%s", v)
	}
	d.Press("1")
	if v := m.View(); strings.Contains(v, "Sales xEU") || !strings.Contains(v, "Support Desk") {
		t.Errorf("the filter was not cleared:\n%s", v)
	}
}
