package common

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// Role is what an operator may do.
type Role int

const (
	RoleOperator Role = iota // may act
	RoleViewer               // reads only, never sees secrets
)

// MayChange reports whether the role may change things (act on the
// server, write files on the host).
func (r Role) MayChange() bool { return r == RoleOperator }

func (r Role) String() string {
	if r == RoleViewer {
		return "viewer"
	}
	return "operator"
}

// Action is a key binding with what dispatch, help and role checks need to
// know about it. Keys are data: the same value drives all three.
type Action struct {
	key.Binding
	Mutates bool // changes something on the server
}

// NewAction builds an action from keys and help text.
func NewAction(help, desc string, keys ...string) Action {
	return Action{Binding: key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))}
}

// Mutating marks an action as changing server state.
func (a Action) Mutating() Action { a.Mutates = true; return a }

// When returns a enabled or disabled: actions that do not apply to what
// is selected are hidden from help and ignored.
func (a Action) When(enabled bool) Action {
	a.SetEnabled(enabled)
	return a
}

// Allowed reports whether the operator's role permits a.
func (c *Context) Allowed(a Action) bool { return !a.Mutates || c.Role == RoleOperator }

// Matches reports whether msg triggers a and the role permits it.
func (c *Context) Matches(msg tea.KeyMsg, a Action) bool {
	return a.Enabled() && c.Allowed(a) && key.Matches(msg, a.Binding)
}

// Refused returns the action msg would trigger if the role permitted it.
// The root calls it before routing a key, so a viewer is told no in one place.
func (c *Context) Refused(msg tea.KeyMsg, actions []Action) (Action, bool) {
	for _, a := range actions {
		if a.Enabled() && !c.Allowed(a) && key.Matches(msg, a.Binding) {
			return a, true
		}
	}
	return Action{}, false
}

// Bindings returns the help entries of the actions the role may use.
func (c *Context) Bindings(actions ...Action) []key.Binding {
	out := make([]key.Binding, 0, len(actions))
	for _, a := range actions {
		if a.Enabled() && c.Allowed(a) {
			out = append(out, a.Binding)
		}
	}
	return out
}
