package sessionops_test

import (
	"context"
	"io"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/audit"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/api/webhook"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/sessions"
	"github.com/wasender-tui/wasender-tui/ui/styles"
	"github.com/wasender-tui/wasender-tui/ui/uitest"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

const dashboard = "https://dash.example.com/hooks/6f1c0e-secret-path"

type rig struct {
	t     *testing.T
	env   *uitest.Env
	p     *uitest.Pane
	rcv   *webhook.Receiver
	url   string
	trail *audit.Log
}

// newRig is the sessions pane of a console that receives webhooks at a
// loopback receiver (its public URL), against a fake that sends each
// session's webhooks where its own settings say, as the API does. Session
// 12's webhook goes to a dashboard.
func newRig(t *testing.T, public bool) *rig {
	t.Helper()
	env := uitest.New(t, fake.Options{Webhooks: true, WebhookTick: time.Millisecond})
	t.Cleanup(env.Fake.Close)
	trail, err := audit.Open(filepath.Join(t.TempDir(), "audit.log"))
	if err != nil {
		t.Fatal(err)
	}
	env.Ctx.Client = env.ClientWith(t, api.Options{Token: env.Fake.PersonalToken(), OnMutation: trail.Hook("test")})
	env.Ctx.Audit, env.Ctx.Actor = trail, "local:alice"
	ctx := api.WithActor(context.Background(), "local:alice")
	env.Ctx.Bind(ctx)
	on, events := true, []string{"messages.received"}
	if _, err := env.Ctx.Client.UpdateSession(ctx, "12", api.SessionInput{WebhookURL: ptr(dashboard), WebhookEnabled: &on, WebhookEvents: &events}); err != nil {
		t.Fatal(err)
	}
	secrets := webhook.NewSecrets(webhook.SecretOptions{Source: env.Ctx.Client})
	if err := secrets.Load(ctx); err != nil {
		t.Fatal(err)
	}
	rcv := webhook.New(webhook.Options{Secrets: secrets})
	srv := httptest.NewServer(rcv)
	t.Cleanup(srv.Close)
	r := &rig{t: t, env: env, rcv: rcv, url: srv.URL + "/wasender", trail: trail}
	env.Ctx.Webhooks = &common.Webhooks{Receiver: rcv, Addr: strings.TrimPrefix(srv.URL, "http://")}
	if public {
		env.Ctx.Webhooks.PublicURL = r.url
	}
	r.p = env.NewPane(t, 120, 40, func(s *view.Stack) view.Pane { return sessions.New(env.Ctx, s) })
	r.p.Press("down") // Sales EU, 12
	return r
}

func ptr[T any](v T) *T { return &v }

func (r *rig) lastNotice() string {
	for i := len(r.p.Seen) - 1; i >= 0; i-- {
		if n, ok := r.p.Seen[i].(common.NoticeMsg); ok {
			return n.Text
		}
	}
	return ""
}

func (r *rig) webhookOf(id api.ID) api.Session {
	r.t.Helper()
	s, err := r.env.Ctx.Client.GetSession(context.Background(), id)
	if err != nil {
		r.t.Fatal(err)
	}
	return s
}

func (r *rig) audited() []audit.Entry {
	entries, err := audit.Tail(r.trail.Path(), 100)
	if err != nil {
		r.t.Fatal(err)
	}
	return entries
}

// w shows the URL it would replace and the events, asks on No, and only a
// Yes sends the update: then the API's webhooks come to the console.
func TestPointingAWebhookHere(t *testing.T) {
	r := newRig(t, true)
	r.p.Press("w")
	v := r.p.View()
	for _, s := range []string{
		"Point the webhook of Sales EU at this console",
		"now        " + dashboard + " (enabled · 1 event)",
		"⚠ replaced: a session has one webhook URL; what receives it now gets nothing",
		"new        " + r.url + " (enabled)",
		`(forward = "URL" under [events] relays every event to it, signed)`,
		"22 of 22", "[x] messages.received", "[x] session.status",
	} {
		if !strings.Contains(v, s) {
			t.Errorf("the setup lacks %q:\n%s", s, v)
		}
	}
	r.p.Press("c", "enter")
	if got := r.lastNotice(); !strings.Contains(got, "choose at least one event") {
		t.Errorf("with no event: %q", got)
	}
	r.p.Press("space", "down", "down", "space", "down", "down", "down", "down", "down", "down", "down", "down", "space") // received, update, session.status
	r.p.Press("enter")
	v = r.p.View()
	for _, s := range []string{"Point the webhook of Sales EU at this console?", "It replaces " + dashboard, "for 3 events"} {
		if !strings.Contains(strings.Join(strings.Fields(strings.ReplaceAll(v, "│", "")), " "), s) {
			t.Errorf("the question lacks %q:\n%s", s, v)
		}
	}
	r.p.Press("enter") // the dialog starts on No
	if got := r.webhookOf("12"); string(got.WebhookURL) != dashboard || r.lastNotice() != "cancelled" {
		t.Fatalf("No changed the webhook to %q (%q)", got.WebhookURL, r.lastNotice())
	}
	if n := len(r.audited()); n != 1 {
		t.Errorf("No wrote %d audit lines", n)
	}

	r.p.Press("w", "enter", "l", "enter")
	if got := r.lastNotice(); got != "✓ Sales EU sends its webhooks to this console: 22 events" {
		t.Errorf("notice %q", got)
	}
	s := r.webhookOf("12")
	if string(s.WebhookURL) != r.url || !bool(s.WebhookEnabled) || len(s.WebhookEvents) != len(webhook.Known) {
		t.Errorf("the session's webhook is %q %v %q", s.WebhookURL, s.WebhookEnabled, s.WebhookEvents)
	}
	entries := r.audited()
	last := entries[len(entries)-1]
	host := strings.TrimPrefix(strings.TrimSuffix(r.url, "/wasender"), "http://")
	if last.Action != "set webhook" || last.Target != "12: webhook to "+host+" (was dash.example.com)" || last.Result != "ok" || last.Actor != "local:alice" {
		t.Errorf("audit %+v", last)
	}
	if strings.Contains(last.Target, "secret-path") {
		t.Error("the audit trail shows the old URL's path")
	}

	// The fake now sends session 12's webhooks here.
	sub := r.rcv.Subscribe(webhook.SubscribeOptions{})
	if _, err := r.env.Ctx.Client.Session("12").SendText(context.Background(), "+447911204858", "Your order shipped"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	b, err := sub.Next(ctx)
	if err != nil || len(b.Events) == 0 || b.Events[0].Session.ID != "12" || b.Events[0].Kind != webhook.MessagesUpsert {
		t.Fatalf("the receiver got %v, %v", b, err)
	}
}

// Again on a session that points here already: it says so, and offers
// the session's own events.
func TestPointingAgainKeepsTheEvents(t *testing.T) {
	r := newRig(t, true)
	on, events := true, []string{"session.status", "message.update"}
	if _, err := r.env.Ctx.Client.UpdateSession(context.Background(), "12", api.SessionInput{WebhookURL: ptr(r.url), WebhookEnabled: &on, WebhookEvents: &events}); err != nil {
		t.Fatal(err)
	}
	r.p.Press("w")
	v := r.p.View()
	if !strings.Contains(v, "(this console; enabled · 2 events)") || strings.Contains(v, "replaced") || !strings.Contains(v, "2 of 22") || !strings.Contains(v, "[x] messages.update") {
		t.Errorf("setup:\n%s", v)
	}
}

// With [events] forward set to the URL replaced, the setup says it goes
// on receiving every event.
func TestReplacingTheForwardedURL(t *testing.T) {
	r := newRig(t, true)
	r.env.Ctx.Webhooks.Forwarder = &webhook.Forwarder{URL: dashboard}
	r.p.Press("w")
	if v := r.p.View(); !strings.Contains(v, "replaced, and still receives every event: [events] forward relays them to it") || strings.Contains(v, "⚠") {
		t.Errorf("setup:\n%s", v)
	}
	r.p.Press("enter")
	if v := strings.Join(strings.Fields(strings.ReplaceAll(r.p.View(), "│", "")), " "); !strings.Contains(v, "which goes on receiving every event through [events] forward") {
		t.Errorf("question:\n%s", v)
	}
}

// Without public_url the action says what to set, and sends nothing.
func TestWithoutAPublicURLTheActionSaysWhatToSet(t *testing.T) {
	r := newRig(t, false)
	r.p.Press("w")
	if got := r.lastNotice(); !strings.Contains(got, "set public_url under [events] in the config") {
		t.Errorf("notice %q", got)
	}
	if _, ok := r.p.Front().(*sessions.Model); !ok {
		t.Errorf("a view opened:\n%s", r.p.View())
	}
}

// A console that does not receive webhooks does not offer it.
func TestNoReceiverNoAction(t *testing.T) {
	env := uitest.New(t, fake.Options{})
	p := env.NewPane(t, 120, 40, func(s *view.Stack) view.Pane { return sessions.New(env.Ctx, s) })
	for _, a := range p.Front().Actions() {
		if a.Mutates() == "set webhook" && a.Applies() {
			t.Error("offered without a receiver")
		}
	}
}

// At 80 columns the warning and the hint under it are wrapped, never cut,
// in colour as without.
func TestTheWebhookWarningWrapsAt80(t *testing.T) {
	r := newRig(t, true)
	rend := lipgloss.NewRenderer(io.Discard)
	rend.SetColorProfile(termenv.TrueColor)
	r.env.Ctx.Styles = styles.New(rend)
	r.p.Resize(80, 24)
	r.p.Press("w")
	v := ansi.Strip(r.p.View())
	for _, l := range strings.Split(v, "\n") {
		if ansi.StringWidth(l) > 80 {
			t.Errorf("a line wider than 80: %q", l)
		}
	}
	flat := strings.Join(strings.Fields(v), " ")
	for _, s := range []string{
		"⚠ replaced: a session has one webhook URL; what receives it now gets nothing",
		`(forward = "URL" under [events] relays every event to it, signed)`,
	} {
		if !strings.Contains(flat, s) {
			t.Errorf("the setup at 80 lacks %q whole:\n%s", s, v)
		}
	}
}
