package sessionops

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/table"
	"github.com/wasender-tui/wasender-tui/ui/keys"
	"github.com/wasender-tui/wasender-tui/ui/styles"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

type userMsg struct {
	gen  uint64
	name string
	user api.User
	err  error
}

// user asks WhatsApp which account is behind s; the answer opens a panel.
func (o *Ops) user(s api.Session) tea.Cmd {
	name := Name(s)
	o.busy = "asking WhatsApp who " + name + " is"
	client, gen, ctx, id := o.ctx.Client, o.gen, o.ctx.Lifetime, s.ID
	return func() tea.Msg {
		u, err := client.Session(id).User(ctx)
		return userMsg{gen: gen, name: name, user: u, err: err}
	}
}

func (o *Ops) onUser(msg userMsg) tea.Cmd {
	if msg.gen != o.gen {
		return nil
	}
	o.busy = ""
	if msg.err != nil {
		return common.Notify(common.LevelError, "✗ user of "+msg.name+": "+common.ErrorText(msg.err))
	}
	u := &userView{st: o.ctx.Styles, name: msg.name, user: msg.user}
	u.actions = []keys.Action{keys.New("close", "esc", "enter").Doing(func() { o.stack.Close(u) })}
	o.stack.Push(u)
	return nil
}

// userView is the panel of a session's WhatsApp account.
type userView struct {
	st            *styles.Styles
	name          string
	user          api.User
	actions       []keys.Action
	width, height int
}

func (u *userView) Focus() view.Focus      { return view.Dialog }
func (u *userView) Actions() []keys.Action { return u.actions }
func (u *userView) Update(tea.Msg) tea.Cmd { return nil }
func (u *userView) SetSize(w, h int)       { u.width, u.height = w, h }

func (u *userView) View() string {
	st := u.st
	row := func(label, value string) string {
		if value == "" {
			value = "-"
		}
		return st.Label.Render(table.Fit(label, 6)) + " " + common.Clean(value)
	}
	lines := []string{
		st.Title.Render("WhatsApp account of " + u.name),
		"",
		row("name", string(u.user.Name)),
		row("phone", u.user.Phone()),
		row("jid", string(u.user.ID)),
		row("lid", string(u.user.LID)),
	}
	return common.DialogBox(st, u.width, u.height, lines, 0)
}
