package sessionops

import (
	"context"
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/webhook"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/confirm"
	"github.com/wasender-tui/wasender-tui/ui/keys"
)

// Pointing a session's webhook at the console's receiver: the session's
// webhook is read afresh (the list may be old, or lack it), the operator
// sees the URL it would replace and chooses the events, confirms on a
// dialog that starts on No, and the update is sent (and audited).

type webhookMsg struct {
	gen     uint64
	session api.Session
	err     error
}

// webhookAction is the key that points the selected session's webhook at
// this console; only a console that receives webhooks offers it.
func (o *Ops) webhookAction(sel func() (api.Session, bool), manageable func() bool, target func() string) keys.Action {
	return keys.New("point webhook here", "w").Mutating("set webhook", target).
		When(manageable).When(func() bool { return o.ctx.Webhooks != nil }).
		Does(func() tea.Cmd { s, _ := sel(); return o.readWebhook(s) })
}

// readWebhook reads the session's webhook settings as they are now.
func (o *Ops) readWebhook(s api.Session) tea.Cmd {
	if o.ctx.Webhooks.PublicURL == "" {
		return common.Notify(common.LevelWarn, "set public_url under [events] in the config: the address where WasenderAPI reaches this console's receiver (a reverse proxy or tunnel to "+o.ctx.Webhooks.Addr+")")
	}
	o.busy = "reading the webhook of " + Name(s)
	client, gen, ctx, id := o.ctx.Client, o.gen, o.ctx.Lifetime, s.ID
	return func() tea.Msg {
		got, err := client.GetSession(ctx, id)
		if got.ID == "" {
			got.ID, got.Name = id, s.Name
		}
		return webhookMsg{gen: gen, session: got, err: err}
	}
}

func (o *Ops) onWebhook(msg webhookMsg) tea.Cmd {
	if msg.gen != o.gen {
		return nil
	}
	o.busy = ""
	if msg.err != nil {
		return common.Notify(common.LevelError, "✗ reading the webhook of "+Name(msg.session)+": "+common.ErrorText(msg.err))
	}
	v := newWebhookView(o, msg.session)
	o.stack.Push(v)
	return nil
}

// askWebhook confirms the change chosen in v, on No.
func (o *Ops) askWebhook(v *webhookView) tea.Cmd {
	events := v.chosen()
	if len(events) == 0 {
		return common.Notify(common.LevelWarn, "choose at least one event (space toggles, a chooses all)")
	}
	s, url := v.session, o.ctx.Webhooks.PublicURL
	name, was := Name(s), strings.TrimSpace(string(s.WebhookURL))
	body := "The webhook URL becomes " + common.RedactURL(url) + ", enabled, for " + common.Plural(len(events), "event", "events") + "."
	replacing := was != "" && was != url
	switch {
	case replacing && forwardsTo(o.ctx.Webhooks, was):
		body += " It replaces " + common.RedactURL(common.Clean(was)) + ", which goes on receiving every event through [events] forward."
	case replacing && bool(s.WebhookEnabled):
		body += " It replaces " + common.RedactURL(common.Clean(was)) + ": a session has one webhook URL, so whatever receives it now gets nothing from then on."
	case replacing:
		body += " It replaces " + common.RedactURL(common.Clean(was)) + " (disabled now)."
	}
	o.stack.Close(v)
	return o.ask(confirm.Spec{Title: "Point the webhook of " + name + " at this console?", Body: body, YesLabel: "Point here", Danger: replacing && !forwardsTo(o.ctx.Webhooks, was)},
		"pointing the webhook of "+name+" here", o.act(Webhook, s.ID, name, func(ctx context.Context, c *api.Client, out *DoneMsg) error {
			got, err := c.SetWebhook(ctx, s.ID, api.Webhook{URL: url, Events: events, Was: was})
			out.Session, out.Text = &got, common.Plural(len(events), "event", "events")
			return err
		}))
}

// forwardsTo reports whether the receiver relays its events to url.
func forwardsTo(w *common.Webhooks, url string) bool {
	return w.Forwarder != nil && strings.TrimRight(w.Forwarder.URL, "/") == strings.TrimRight(url, "/")
}

// defaultEvents are the events offered checked: the session's own when it
// already points here, else every documented one.
func defaultEvents(s api.Session, url string) []string {
	if strings.TrimSpace(string(s.WebhookURL)) == url {
		var own []string
		for _, e := range s.WebhookEvents {
			if k := webhook.Canonical(e); slices.Contains(webhook.Known, k) {
				own = append(own, k)
			}
		}
		if len(own) > 0 {
			return own
		}
	}
	return webhook.Known
}
