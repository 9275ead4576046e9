package sessions

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/form"
)

// openForm opens the create form (s nil) or the edit form of s. Field keys
// are the API's names, so a 422 lands each error beside its field.
func (m *Model) openForm(s *api.Session) {
	var v api.Session
	title := "New session"
	m.formID = ""
	if s != nil {
		v = *s
		if m.detail.full != nil && m.detail.full.ID == s.ID {
			v = *m.detail.full
		}
		title = "Edit " + displayName(v)
		m.formID = v.ID
	} else {
		v.AccountProtection, v.LogMessages = true, true
	}
	m.form = form.New(m.ctx.Styles, title, []form.Field{
		form.TextField("name", "Name", "e.g. Support Desk", string(v.Name)),
		form.TextField("phone_number", "Phone number", "international, e.g. +14155550123", string(v.PhoneNumber)),
		form.BoolField("account_protection", "Account protection", "", bool(v.AccountProtection)),
		form.BoolField("log_messages", "Log messages", "", bool(v.LogMessages)),
		form.BoolField("read_incoming_messages", "Mark incoming read", "", bool(v.ReadIncomingMessages)),
		form.TextField("webhook_url", "Webhook URL", "https://…", string(v.WebhookURL)),
		form.BoolField("webhook_enabled", "Webhook enabled", "", bool(v.WebhookEnabled)),
		form.ListField("webhook_events", "Webhook events", "messages.received, session.status, …", v.WebhookEvents),
		form.BoolField("auto_reject_calls", "Auto-reject calls", "", bool(v.AutoRejectCalls)),
		form.BoolField("always_online", "Always online", "", bool(v.AlwaysOnline)),
		form.BoolField("ignore_groups", "Ignore groups", "", bool(v.IgnoreGroups)),
		form.BoolField("ignore_channels", "Ignore channels", "", bool(v.IgnoreChannels)),
		form.BoolField("ignore_broadcasts", "Ignore broadcasts", "", bool(v.IgnoreBroadcasts)),
		form.TextField("proxy_url", "Proxy URL", "http(s):// or socks5://, public host", string(v.ProxyURL)),
	})
	m.form.SetSize(m.width, m.height)
	if m.mode != modeForm {
		m.prev = m.mode
	}
	m.mode = modeForm
}

// input collects the form: every field when creating (the API requires
// name, phone, protection and logging), only changed ones when editing.
func (m *Model) input() api.SessionInput {
	f := m.form
	creating := m.formID == ""
	want := func(key string) bool { return creating || f.Changed(key) }
	str := func(key string) *string {
		if !want(key) {
			return nil
		}
		v := f.String(key)
		if creating && v == "" && key != "name" && key != "phone_number" {
			return nil
		}
		return &v
	}
	boolean := func(key string) *bool {
		if !want(key) {
			return nil
		}
		v := f.Bool(key)
		return &v
	}
	in := api.SessionInput{
		Name:                 str("name"),
		PhoneNumber:          str("phone_number"),
		AccountProtection:    boolean("account_protection"),
		LogMessages:          boolean("log_messages"),
		ReadIncomingMessages: boolean("read_incoming_messages"),
		WebhookURL:           str("webhook_url"),
		WebhookEnabled:       boolean("webhook_enabled"),
		AutoRejectCalls:      boolean("auto_reject_calls"),
		AlwaysOnline:         boolean("always_online"),
		IgnoreGroups:         boolean("ignore_groups"),
		IgnoreChannels:       boolean("ignore_channels"),
		IgnoreBroadcasts:     boolean("ignore_broadcasts"),
		ProxyURL:             str("proxy_url"),
	}
	if want("webhook_events") {
		ev := f.List("webhook_events")
		if ev == nil {
			ev = []string{}
		}
		if !creating || len(ev) > 0 {
			in.WebhookEvents = &ev
		}
	}
	return in
}

func (m *Model) onFormKey(k tea.KeyMsg) tea.Cmd {
	if m.busy != "" {
		return nil // saving: the form waits for the answer
	}
	var cmd tea.Cmd
	m.form, cmd = m.form.Update(k)
	switch {
	case m.form.Cancelled():
		m.mode = m.prev
		return nil
	case m.form.Submitted():
		if m.formID != "" && m.input() == (api.SessionInput{}) {
			m.mode = m.prev
			return common.Notify(common.LevelInfo, "nothing changed")
		}
		if m.formID == "" {
			m.busy = "creating session " + m.form.String("name")
		} else {
			m.busy = "saving " + m.form.String("name")
		}
		return m.saveCmd(m.formID, m.input())
	}
	return cmd
}

// onSaved closes the form on success; on failure it keeps the form open
// with the API's words, and 422 field errors beside their fields.
func (m *Model) onSaved(msg actionMsg) tea.Cmd {
	if msg.err != nil {
		if m.mode != modeForm {
			return common.Notify(common.LevelError, "✗ save failed: "+common.ErrorText(msg.err))
		}
		if e, ok := api.AsError(msg.err); ok && len(e.Fields) > 0 {
			m.form.SetErrors(e.Message, e.Fields)
		} else {
			m.form.SetErrors(common.ErrorText(msg.err), nil)
		}
		return nil
	}
	if m.mode == modeForm {
		m.mode = m.prev
	}
	if m.mode == modeDetail && msg.session != nil && m.detail.id == msg.session.ID {
		s := *msg.session
		m.detail.full = &s
	}
	text := "✓ session " + strings.TrimSpace(msg.name) + " " + msg.verb
	return tea.Batch(common.Notify(common.LevelOK, text), m.refresh())
}
