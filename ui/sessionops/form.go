package sessionops

import (
	"context"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/form"
)

// openForm opens the create form (s nil) or the edit form of s. Field keys
// are the API's names, so a 422 lands each error beside its field.
func (o *Ops) openForm(s *api.Session) {
	var v api.Session
	title := "New session"
	o.formID = ""
	if s != nil {
		v = *s
		title = "Edit " + Name(v)
		o.formID = v.ID
	} else {
		v.AccountProtection, v.LogMessages = true, true
	}
	f := form.New(o.ctx.Styles, title, []form.Field{
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
	f.Submit = o.save
	f.Cancel = func() { o.closeForm() }
	o.form = f
	o.stack.Push(f)
}

func (o *Ops) closeForm() {
	o.stack.Close(o.form)
	o.form = nil
}

// input collects the form: every field when creating (the API requires
// name, phone, protection and logging), only changed ones when editing.
func (o *Ops) input() api.SessionInput {
	f := o.form
	creating := o.formID == ""
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

// save sends the form; it waits, keys held, for the answer.
func (o *Ops) save() tea.Cmd {
	in, id := o.input(), o.formID
	if id != "" && in == (api.SessionInput{}) {
		o.closeForm()
		return common.Notify(common.LevelInfo, "nothing changed")
	}
	name := o.form.String("name")
	op := Update
	o.busy = "saving " + name
	if id == "" {
		op, o.busy = Create, "creating session "+name
	}
	o.form.Waiting = true
	return o.act(op, id, name, func(ctx context.Context, c *api.Client, out *DoneMsg) error {
		var s api.Session
		var err error
		if id == "" {
			s, err = c.CreateSession(ctx, in)
		} else {
			s, err = c.UpdateSession(ctx, id, in)
		}
		if err == nil {
			out.Session, out.ID, out.Name = &s, s.ID, string(s.Name)
		}
		return err
	})()
}

// onSaved closes the form on success; on failure it keeps the form open
// with the API's words, and 422 field errors beside their fields.
func (o *Ops) onSaved(msg DoneMsg) tea.Cmd {
	open := o.form != nil && o.stack.Contains(o.form)
	if msg.Err != nil {
		if !open {
			return common.Notify(common.LevelError, "✗ save failed: "+common.ErrorText(msg.Err))
		}
		o.form.Waiting = false
		if e, ok := api.AsError(msg.Err); ok && len(e.Fields) > 0 {
			o.form.SetErrors(e.Message, e.Fields)
		} else {
			o.form.SetErrors(common.ErrorText(msg.Err), nil)
		}
		return nil
	}
	if open {
		o.closeForm()
	}
	return common.Notify(common.LevelOK, "✓ session "+strings.TrimSpace(common.Clean(msg.Name))+" "+msg.Op.done())
}
