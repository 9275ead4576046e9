package ui

import (
	"slices"
	"strconv"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/ui/keys"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// The console's own keys. ctrl+c is not among them: it quits before any
// view sees a key, even while typing.
var (
	quitKey    = keys.New("quit", "q")
	helpKey    = keys.New("help", "?")
	commandKey = keys.New("command", ":")
	nextKey    = keys.New("next pane", "tab")
	prevKey    = keys.New("previous pane", "shift+tab")
)

// globalActions are the console's keys over the views of Normal focus;
// Dialog views get only help and quit (see dialogGlobals).
func (m *Model) globalActions() []keys.Action {
	out := []keys.Action{
		helpKey.Doing(m.openHelp),
		quitKey.Does(func() tea.Cmd { return tea.Quit }),
		commandKey.Does(m.openCommandLine),
		nextKey.Does(func() tea.Cmd { return m.activate((m.active + 1) % len(m.panes)) }),
		prevKey.Does(func() tea.Cmd { return m.activate((m.active - 1 + len(m.panes)) % len(m.panes)) }),
	}
	for i, p := range m.panes {
		if i >= 9 {
			break
		}
		n := strconv.Itoa(i + 1)
		out = append(out, keys.New(title(p.Name())+" pane", n).Does(func() tea.Cmd { return m.activate(i) }))
	}
	return out
}

// dialogGlobals are what a Dialog view keeps of the console's keys.
func (m *Model) dialogGlobals() []keys.Action { return m.globals[:2] }

// globalsOf are the console's keys that v's focus allows.
func (m *Model) globalsOf(v view.View) []keys.Action {
	switch view.FocusOf(v) {
	case view.Normal:
		return m.globals
	case view.Dialog:
		return m.dialogGlobals()
	}
	return nil
}

// actionsOf is every action that works in v, in the order dispatch tries
// them: the view's own first, then the console's its focus allows.
func (m *Model) actionsOf(v view.View) []keys.Action {
	own := v.Actions()
	return append(own[:len(own):len(own)], m.globalsOf(v)...)
}

// allowed reports whether the operator's role may use a.
func (m *Model) allowed(a *keys.Action) bool {
	return a.Mutates() == "" || m.ctx.Role.MayChange()
}

// offer is an action as help and the footer list it.
type offer struct {
	*keys.Action
	own bool // the view's, not the console's
}

// offers is what works in v, as help and the footer list it: actions that
// apply, that the role may use (help hides what it may not), and that
// some key reaches (a key taken by an earlier action is not this one's).
// It runs after every message, so it allocates only its answer.
func (m *Model) offers(v view.View) []offer {
	own, glob := v.Actions(), m.globalsOf(v)
	n := len(own) + len(glob)
	at := func(i int) *keys.Action {
		if i < len(own) {
			return &own[i]
		}
		return &glob[i-len(own)]
	}
	applies := make([]bool, n)
	for i := range n {
		applies[i] = at(i).Applies()
	}
	takenBefore := func(i int, k string) bool {
		for j := range i {
			if applies[j] && slices.Contains(at(j).Keys(), k) {
				return true
			}
		}
		return false
	}
	out := make([]offer, 0, n)
	for i := range n {
		a := at(i)
		if !applies[i] || !m.allowed(a) {
			continue
		}
		for _, k := range a.Keys() {
			if !takenBefore(i, k) {
				out = append(out, offer{Action: a, own: i < len(own)})
				break
			}
		}
	}
	return out
}

func title(name string) string {
	if name == "" {
		return ""
	}
	return string(name[0]-'a'+'A') + name[1:]
}
