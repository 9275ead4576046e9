package sessions

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/confirm"
)

func (m *Model) onKey(k tea.KeyMsg) tea.Cmd {
	switch m.mode {
	case modeForm:
		return m.onFormKey(k)
	case modeConfirm:
		return m.onConfirmKey(k)
	case modeUser:
		if k.String() == "esc" || k.String() == "enter" {
			m.mode = m.prev
		}
		return nil
	case modeDetail:
		return m.onDetailKey(k)
	case modePair:
		cmd := m.pair.Update(k)
		return cmd
	}
	if m.filtering {
		return m.onFilterKey(k)
	}
	return m.onListKey(k)
}

func (m *Model) onFilterKey(k tea.KeyMsg) tea.Cmd {
	switch k.String() {
	case "esc":
		m.filter.SetValue("")
		m.filter.Blur()
		m.filtering = false
		m.refreshView()
		return nil
	case "enter":
		m.filter.Blur()
		m.filtering = false
		return nil
	case "up", "down", "pgup", "pgdown":
		m.table, _ = m.table.Update(k)
		return nil
	}
	var cmd tea.Cmd
	m.filter, cmd = m.filter.Update(k)
	m.refreshView()
	return cmd
}

func (m *Model) onListKey(k tea.KeyMsg) tea.Cmd {
	c, keys := m.ctx, m.keys
	switch {
	case k.String() == "esc" && m.filter.Value() != "":
		m.filter.SetValue("")
		m.refreshView()
		return nil
	case c.Matches(k, keys.Filter):
		m.filtering = true
		return m.filter.Focus()
	case c.Matches(k, keys.Sort):
		m.nextSort()
		return nil
	case c.Matches(k, keys.Reverse):
		m.sortDesc = !m.sortDesc
		m.refreshView()
		return nil
	case c.Matches(k, keys.Refresh):
		return m.refresh()
	case c.Matches(k, keys.Create):
		if cmd := m.needToken("create sessions"); cmd != nil {
			return cmd
		}
		m.openForm(nil)
		return nil
	}
	r := m.selected()
	if r == nil {
		m.table, _ = m.table.Update(k)
		return nil
	}
	if c.Matches(k, keys.Open) {
		return m.openDetail(r.s)
	}
	if cmd, ok := m.sessionAction(k, r.s); ok {
		return cmd
	}
	m.table, _ = m.table.Update(k)
	return nil
}

// sessionAction handles the actions shared by the list and the details.
func (m *Model) sessionAction(k tea.KeyMsg, s api.Session) (tea.Cmd, bool) {
	c, keys := m.ctx, m.keys
	name := displayName(s)
	switch {
	case c.Matches(k, keys.Connect):
		return m.connect(s), true
	case c.Matches(k, keys.Edit):
		if cmd := m.needToken("edit sessions"); cmd != nil {
			return cmd, true
		}
		m.openForm(&s)
		return nil, true
	case c.Matches(k, keys.Delete):
		if cmd := m.needToken("delete sessions"); cmd != nil {
			return cmd, true
		}
		m.ask(confirm.New(c.Styles, "Delete session "+name+"?",
			"This deletes the session and its settings on the server. It cannot be undone.", "Delete", name, true),
			"deleting "+name, m.deleteCmd(s.ID, name))
		return nil, true
	case c.Matches(k, keys.Disconnect):
		if cmd := m.needToken("disconnect sessions"); cmd != nil {
			return cmd, true
		}
		m.ask(confirm.New(c.Styles, "Disconnect "+name+"?",
			"The WhatsApp account is logged out; pairing again needs a QR scan.", "Disconnect", "", true),
			"disconnecting "+name, m.disconnectCmd(s.ID, name))
		return nil, true
	case c.Matches(k, keys.Restart):
		if !s.Status.Is(api.StatusConnected) {
			return common.Notify(common.LevelWarn, "restart is only possible for a connected session; "+name+" is "+c.Styles.Status(string(s.Status)).Word), true
		}
		if cmd := m.needToken("restart sessions"); cmd != nil {
			return cmd, true
		}
		m.ask(confirm.New(c.Styles, "Restart "+name+"?", "A soft restart reconnects the session to WhatsApp.", "Restart", "", false),
			"restarting "+name, m.restartCmd(s.ID, name))
		return nil, true
	case c.Matches(k, keys.Regenerate):
		if cmd := m.needToken("regenerate keys"); cmd != nil {
			return cmd, true
		}
		m.ask(confirm.New(c.Styles, "Regenerate the API key of "+name+"?",
			"The current key stops working at once: every script or server using it must be given the new one.", "Regenerate", "", true),
			"regenerating the key of "+name, m.regenerateCmd(s.ID, name))
		return nil, true
	case c.Matches(k, keys.UserInfo):
		m.busy = "asking WhatsApp who " + name + " is"
		return m.userCmd(s.ID, name), true
	}
	return nil, false
}

func (m *Model) needToken(what string) tea.Cmd {
	if m.ctx.Client.HasToken() {
		return nil
	}
	return common.Notify(common.LevelWarn, "to "+what+" the console needs a personal access token (WASENDER_TOKEN)")
}

func (m *Model) ask(dlg confirm.Model, busy string, onYes tea.Cmd) {
	m.prev = m.mode
	m.mode = modeConfirm
	m.confirm = dlg
	m.onYes = onYes
	m.yesBusy = busy
}

func (m *Model) onConfirmKey(k tea.KeyMsg) tea.Cmd {
	var cmd tea.Cmd
	m.confirm, cmd = m.confirm.Update(k)
	switch {
	case m.confirm.Confirmed():
		m.mode = m.prev
		m.busy = m.yesBusy
		yes := m.onYes
		m.onYes = nil
		return yes
	case m.confirm.Cancelled():
		m.mode = m.prev
		m.onYes = nil
		return common.Notify(common.LevelInfo, "cancelled")
	}
	return cmd
}

// onAction reports an action's outcome in the API's words and refreshes.
func (m *Model) onAction(msg actionMsg) tea.Cmd {
	m.busy = ""
	if msg.verb == "created" || msg.verb == "updated" {
		return m.onSaved(msg)
	}
	if msg.err != nil {
		return common.Notify(common.LevelError, fmt.Sprintf("✗ %s: %s", failedVerb(msg.verb, msg.name), common.ErrorText(msg.err)))
	}
	var cmds []tea.Cmd
	switch msg.verb {
	case "user":
		m.user, m.userFor = *msg.user, msg.name
		if m.mode != modeUser {
			m.prev = m.mode
		}
		m.mode = modeUser
		return nil
	case "deleted":
		if m.mode == modeDetail && m.detail.id == msg.id {
			m.closeDetail()
		}
	case "given a new API key":
		if m.mode == modeDetail && m.detail.id == msg.id {
			if m.detail.full != nil {
				m.detail.full.APIKey = api.Text(msg.key)
			}
			cmds = append(cmds, m.fetchDetail(msg.id))
		}
	default:
		if m.mode == modeDetail && m.detail.id == msg.id {
			cmds = append(cmds, m.fetchDetail(msg.id))
		}
	}
	text := "✓ " + msg.name + " " + msg.verb
	if msg.text != "" {
		text += ": " + msg.text
	}
	if msg.verb == "given a new API key" {
		text += " (press enter, then v to see it)"
		if m.mode == modeDetail {
			text = "✓ " + msg.name + " has a new API key (v reveals it)"
		}
	}
	cmds = append(cmds, common.Notify(common.LevelOK, text), m.refresh())
	return tea.Batch(cmds...)
}

func failedVerb(verb, name string) string {
	switch verb {
	case "deleted":
		return "delete " + name
	case "disconnected":
		return "disconnect " + name
	case "restarted":
		return "restart " + name
	case "given a new API key":
		return "regenerate the key of " + name
	case "user":
		return "user of " + name
	}
	return verb + " " + name
}

func displayName(s api.Session) string {
	if n := common.Clean(string(s.Name)); n != "" {
		return n
	}
	return "session " + string(s.ID)
}
