// Package contacts is the contacts pane: a session's address book, loaded
// page by page, filtered instantly however large, with each contact's
// details and a test message to send it.
package contacts

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/pagedlist"
	"github.com/wasender-tui/wasender-tui/ui/components/table"
	"github.com/wasender-tui/wasender-tui/ui/keys"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// Model is the contacts pane.
type Model struct {
	*pagedlist.List[api.Contact]
	ctx   *common.Context
	stack *view.Stack
	// send is the test message under way: its outcome is told even after
	// its contact is closed.
	send sender
}

// New returns the contacts pane; its views open on stack.
func New(ctx *common.Context, stack *view.Stack) *Model {
	m := &Model{ctx: ctx, stack: stack}
	m.send = sender{ctx: ctx, gen: common.NextGen()}
	selected := func() api.Contact {
		if c, ok := m.Selected(); ok {
			return *c
		}
		return api.Contact{}
	}
	m.List = pagedlist.New(ctx, stack, pagedlist.Config[api.Contact]{
		Name: "contacts", One: "contact", Title: "Contacts",
		PickTitle:   "Show the contacts of",
		Placeholder: "name, phone or about; fuzzy after a pause",
		Columns: []table.Column{
			{Title: "NAME", Width: 12, Flex: 3},
			{Title: "NOTIFY NAME", Width: 10, Flex: 2},
			{Title: "VERIFIED NAME", Width: 12, Flex: 2, MinTerm: 110},
			{Title: "PHONE", Width: 16},
			{Title: "ABOUT", Width: 10, Flex: 3, MinTerm: 140},
		},
		Fetch: func(ctx context.Context, sc *api.SessionClient, page, limit int) (api.Page[api.Contact], error) {
			return sc.ContactsPage(ctx, page, limit)
		},
		Search: func(c *api.Contact) string {
			return string(c.Name) + " " + string(c.Notify) + " " + string(c.VerifiedName) + " " + c.Phone() + " " + c.JID + " " + string(c.Status)
		},
		Cells: func(c *api.Contact) []string {
			return []string{common.Clean(string(c.Name)), common.Clean(string(c.Notify)), common.Clean(string(c.VerifiedName)), common.Clean(c.Phone()), common.Clean(string(c.Status))}
		},
		Open: func(c api.Contact) tea.Cmd { return m.openDetail(c, false) },
		Actions: func(l *pagedlist.List[api.Contact]) []keys.Action {
			return []keys.Action{
				copyPhone.Does(func() tea.Cmd { return m.copyPhone(selected()) }).When(l.HasSelection),
				m.sendAction(selected).Does(func() tea.Cmd { return m.openDetail(selected(), true) }).When(l.HasSelection),
			}
		},
	})
	return m
}

var copyPhone = keys.New("copy phone", "y")

func (m *Model) copyPhone(c api.Contact) tea.Cmd { return m.ctx.Copy("the phone number", c.Phone()) }

// sendAction is m, in the list and in the details: it sends a real
// message, so viewers may not.
func (m *Model) sendAction(to func() api.Contact) keys.Action {
	return keys.New("send a test message", "m").Mutating("send message", func() string { return to().Phone() })
}

// Update takes the send's answers (whether or not its contact is still
// open) and hands the rest to the list.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	if cmd, ok := m.send.update(msg); ok {
		return cmd
	}
	return m.List.Update(msg)
}

// Status adds the send under way to the list's.
func (m *Model) Status() view.Status {
	st := m.List.Status()
	st.Busy = m.send.busy
	return st
}
