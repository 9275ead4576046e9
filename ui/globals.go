package ui

import (
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

// actionsOf is every action that works in v, in the order dispatch tries
// them: the view's own first, then the console's its focus allows.
func (m *Model) actionsOf(v view.View) []keys.Action {
	own := v.Actions()
	switch view.FocusOf(v) {
	case view.Normal:
		return append(own[:len(own):len(own)], m.globals...)
	case view.Dialog:
		return append(own[:len(own):len(own)], m.dialogGlobals()...)
	}
	return own
}

// allowed reports whether the operator's role may use a.
func (m *Model) allowed(a keys.Action) bool {
	return a.Mutates() == "" || m.ctx.Role.MayChange()
}

// offer is an action as help and the footer list it.
type offer struct {
	keys.Action
	own bool // the view's, not the console's
}

// offers is what works in v, as help and the footer list it: actions that
// apply, that the role may use (help hides what it may not), and that
// some key reaches (a key taken by an earlier action is not this one's).
func (m *Model) offers(v view.View) []offer {
	own := len(v.Actions())
	all := m.actionsOf(v)
	reached := map[string]int{}
	for i, a := range all {
		if !a.Applies() {
			continue
		}
		for _, k := range a.Keys() {
			if _, taken := reached[k]; !taken {
				reached[k] = i
			}
		}
	}
	var out []offer
	for i, a := range all {
		if !a.Applies() || !m.allowed(a) {
			continue
		}
		for _, k := range a.Keys() {
			if reached[k] == i {
				out = append(out, offer{Action: a, own: i < own})
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
