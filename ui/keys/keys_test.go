package keys

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

func TestMsgRoundTrips(t *testing.T) {
	for _, k := range []string{"enter", "esc", "ctrl+s", "ctrl+r", "tab", "shift+tab", "up", "pgdown", "home", "G", "j", " ", "?", ":", "alt+x", "1"} {
		if got := Msg(k).String(); got != k {
			t.Errorf("Msg(%q).String() = %q", k, got)
		}
	}
}

func TestFindTakesTheFirstThatApplies(t *testing.T) {
	off := false
	var ran string
	list := []Action{
		New("first", "x").Doing(func() { ran = "first" }).When(func() bool { return off }),
		New("second", "x").Doing(func() { ran = "second" }),
	}
	a, ok := Find(list, Msg("x"))
	if !ok || a.Desc() != "second" {
		t.Fatalf("found %q", a.Desc())
	}
	a.Run()
	if ran != "second" || len(Applicable(list)) != 1 {
		t.Fatalf("ran %q", ran)
	}
	if _, ok := Find(list, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("x"), Paste: true}); ok {
		t.Fatal("a paste triggered an action")
	}
}

func TestLabelsNameEveryKey(t *testing.T) {
	if got := New("refresh", "r", "ctrl+r").Label(); got != "r/ctrl+r" {
		t.Errorf("label %q", got)
	}
	if got := Up.Label(); got != "↑/k" {
		t.Errorf("up %q", got)
	}
	a := New("sort", "s").Mutating("sort things", func() string { return "t" }).Described("sort by name")
	if a.Desc() != "sort by name" || a.Mutates() != "sort things" || a.Target() != "t" || a.Label() != "s" {
		t.Errorf("%+v", a)
	}
}

func TestScrollStaysInBounds(t *testing.T) {
	s := &Scroll{}
	s.Resize(30, 10)
	for _, a := range Navigation(s) {
		a.Run()
	}
	if s.Offset != 20 {
		t.Fatalf("offset %d after bottom", s.Offset)
	}
	s.Move(100)
	s.Move(-5)
	if s.Offset != 15 {
		t.Fatalf("offset %d", s.Offset)
	}
	s.Resize(5, 10)
	if s.Offset != 0 {
		t.Fatalf("offset %d when everything fits", s.Offset)
	}
}
