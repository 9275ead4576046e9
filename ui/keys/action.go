// Package keys is the console's key map as data. Every view lists its
// actions once (keys, help text, when they apply, whether they change
// something); dispatch, the footer, the help screen and the viewer role
// all read that one list, so help cannot drift from what the keys do.
package keys

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// Action is what a key does in a view.
type Action struct {
	binding key.Binding
	mutates string // the audit trail's name for it; "" for actions that only read
	when    func() bool
	target  func() string
	do      func() tea.Cmd
	nav     bool
}

// New is an action on keys described by desc; its help shows the keys
// ("r/ctrl+r refresh"). It does nothing until given Does.
func New(desc string, keys ...string) Action {
	return Action{binding: key.NewBinding(key.WithKeys(keys...), key.WithHelp(Label(keys...), desc))}
}

// Does sets what the action does.
func (a Action) Does(fn func() tea.Cmd) Action { a.do = fn; return a }

// Doing sets what the action does, for actions that start no command.
func (a Action) Doing(fn func()) Action {
	a.do = func() tea.Cmd { fn(); return nil }
	return a
}

// When makes the action apply only while cond holds: otherwise its keys do
// nothing and help does not list it.
func (a Action) When(cond func() bool) Action {
	if prev := a.when; prev != nil {
		a.when = func() bool { return prev() && cond() }
	} else {
		a.when = cond
	}
	return a
}

// Mutating marks an action that changes something (on the server, or a
// file on the host): audit names it in the audit trail ("restart
// session"), and target says what it acts on when it is refused. Viewers
// may not use such actions: help hides them and dispatch refuses them.
func (a Action) Mutating(audit string, target func() string) Action {
	a.mutates, a.target = audit, target
	return a
}

// Described copies the action with another help text, for a view where
// the same keys mean something more precise ("read again (10/min)").
func (a Action) Described(desc string) Action {
	a.binding.SetHelp(a.binding.Help().Key, desc)
	return a
}

// Labelled copies the action with another label for its keys ("1-5").
func (a Action) Labelled(label string) Action {
	a.binding.SetHelp(label, a.binding.Help().Desc)
	return a
}

// Keys are the key names that trigger the action.
func (a Action) Keys() []string { return a.binding.Keys() }

// Label is how help writes the keys: "↑/k".
func (a Action) Label() string { return a.binding.Help().Key }

// Desc is what help says the action does.
func (a Action) Desc() string { return a.binding.Help().Desc }

// Mutates is the action's name in the audit trail, "" for one that only reads.
func (a Action) Mutates() string { return a.mutates }

// Target is what a mutating action acts on, for the audit trail.
func (a Action) Target() string {
	if a.target == nil {
		return ""
	}
	return a.target()
}

// Nav reports a navigation action (listed apart in help, not in the footer).
func (a Action) Nav() bool { return a.nav }

// Applies reports whether the action applies now.
func (a Action) Applies() bool { return a.when == nil || a.when() }

// Matches reports whether k is one of the action's keys.
func (a Action) Matches(k tea.KeyMsg) bool { return key.Matches(k, a.binding) }

// Run does the action.
func (a Action) Run() tea.Cmd {
	if a.do == nil {
		return nil
	}
	return a.do()
}

// Find returns the first action of list that applies and is bound to k.
func Find(list []Action, k tea.KeyMsg) (Action, bool) {
	for _, a := range list {
		if a.Matches(k) && a.Applies() {
			return a, true
		}
	}
	return Action{}, false
}

// Applicable returns the actions of list that apply now.
func Applicable(list []Action) []Action {
	out := make([]Action, 0, len(list))
	for _, a := range list {
		if a.Applies() {
			out = append(out, a)
		}
	}
	return out
}

// names is how help writes key names that are not what one types.
var names = map[string]string{
	"up": "↑", "down": "↓", "left": "←", "right": "→",
	"pgdown": "pgdn", " ": "space",
}

// Name is how help writes one key.
func Name(k string) string {
	if n, ok := names[k]; ok {
		return n
	}
	return k
}

// Label writes keys for help: "↑/k", "r/ctrl+r".
func Label(keys ...string) string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = Name(k)
	}
	return strings.Join(out, "/")
}
