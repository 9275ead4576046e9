// Package scope is which session a pane shows (groups, contacts, logs):
// the first choice, made from the session list (loaded if no pane has yet),
// and the picker dialog to change it.
package scope

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/picker"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// All is the choice of every session at once (where offered).
const All = picker.AllSessions

// Scope is a pane's choice of session.
type Scope struct {
	Session string // a session id, All, or "" before the first choice
	Err     error  // the session list could not be loaded
	loading bool   // the session list is being fetched

	ctx     *common.Context
	owner   uint64
	title   string
	withAll bool
}

// New returns a scope; title heads the picker ("Show the groups of"), and
// withAll offers All, which is then also the first choice.
func New(ctx *common.Context, owner uint64, title string, withAll bool) *Scope {
	return &Scope{ctx: ctx, owner: owner, title: title, withAll: withAll}
}

type listMsg struct {
	owner uint64
	list  []api.Session
	err   error
}

// Start makes the first choice: chosen is set when the session list is
// already known; otherwise the command loads it and Update chooses.
func (s *Scope) Start() (chosen bool, cmd tea.Cmd) {
	if _, at := s.ctx.Sessions.Sessions(); !at.IsZero() {
		return s.choose(), nil
	}
	if err := s.ctx.Sessions.Err(); err != nil {
		s.Err = err // another pane's read failed: say so while this one is on its way
	}
	if s.loading {
		return false, nil // shown again while the list is on its way
	}
	s.loading = true
	fetch, owner, ctx := s.ctx.ListSessions, s.owner, s.ctx.Lifetime
	return false, func() tea.Msg {
		list, err := fetch(ctx)
		return listMsg{owner: owner, list: list, err: err}
	}
}

func (s *Scope) choose() bool {
	if s.withAll {
		s.Session = All
		return true
	}
	s.Session = string(s.ctx.Sessions.FirstConnected())
	return s.Session != ""
}

// Update takes the loaded session list; chosen reports a first choice.
func (s *Scope) Update(msg tea.Msg) (chosen bool) {
	m, ok := msg.(listMsg)
	if !ok || m.owner != s.owner {
		return false
	}
	s.loading = false
	if m.err != nil {
		s.Err = m.err
		s.ctx.Sessions.Fail(m.err, s.ctx.Now())
		return false
	}
	s.ctx.Sessions.Set(m.list, s.ctx.Now())
	return s.choose()
}

// Pick opens the picker on stack, on the current choice; chosen runs once
// another session is chosen.
func (s *Scope) Pick(stack *view.Stack, chosen func() tea.Cmd) {
	list, _ := s.ctx.Sessions.Sessions()
	picker.Open(stack, s.ctx.Styles, s.title, picker.SessionOptions(s.ctx.Styles, list, s.withAll), s.Session, func(o picker.Option) tea.Cmd {
		if o.Key == s.Session {
			return nil
		}
		s.Session = o.Key
		return chosen()
	})
}

// Name is the chosen session's name, or "all sessions".
func (s *Scope) Name() string {
	if s.Session == All {
		return "all sessions"
	}
	return s.ctx.Sessions.Name(api.ID(s.Session))
}
