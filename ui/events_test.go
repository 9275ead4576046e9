package ui_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/wasender-tui/wasender-tui/api/audit"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/ui"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/uitest"
)

// listening is a console that receives webhooks, with an audit trail.
func listening(t *testing.T, role common.Role) (*uitest.Env, *ui.Model, *uitest.Driver, *audit.Log) {
	t.Helper()
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	env := uitest.New(t, fake.Options{})
	env.Listen(t)
	trail, err := audit.Open(filepath.Join(t.TempDir(), "audit.log"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { trail.Close() })
	env.Ctx.Audit, env.Ctx.Actor, env.Ctx.Role = trail, "ssh:bob SHA256:v", role
	m := ui.New(env.Ctx, nil)
	d := env.Driver(t, func(msg tea.Msg) tea.Cmd { _, c := m.Update(msg); return c })
	return env, m, d, trail
}

// A viewer may neither point a session's webhook here nor save events:
// both are refused, said and audited, and nothing is sent.
func TestAViewerMayNotPointAWebhookNorSaveEvents(t *testing.T) {
	env, m, d, trail := listening(t, common.RoleViewer)
	start(t, d, m, 120, 30)
	if strings.Contains(m.View(), "point webhook") {
		t.Errorf("a viewer is offered the action:\n%s", m.View())
	}
	d.Press("down", "w")
	if v := m.View(); !strings.Contains(v, "✗ your role (viewer) may not point webhook here") || strings.Contains(v, "Point the webhook") {
		t.Errorf("after w:\n%s", v)
	}
	env.Deliver(t, 12, `{"event":"session.status","data":{"status":"connected"}}`)
	d.Press("7")
	d.Press("ctrl+s")
	entries, _ := audit.Tail(trail.Path(), 5)
	if len(entries) != 2 {
		t.Fatalf("audit %+v", entries)
	}
	if e := entries[0]; e.Action != "set webhook" || e.Target != "12" || e.Result != "refused: viewer" {
		t.Errorf("refused webhook: %+v", e)
	}
	if e := entries[1]; e.Action != "save events" || !strings.Contains(e.Target, filepath.Join("wasender-tui", "events", "events-all-")) || e.Result != "refused: viewer" {
		t.Errorf("refused save: %+v", e)
	}
	s, err := env.Ctx.Client.GetSession(context.Background(), "12")
	if err != nil || strings.Contains(string(s.WebhookURL), "console.example.com") {
		t.Errorf("the webhook changed: %q %v", s.WebhookURL, err)
	}
}

// The header counts refused deliveries whichever pane is in front, at
// every width.
func TestTheHeaderCountsRefusedWebhooks(t *testing.T) {
	env, m, d, _ := listening(t, common.RoleOperator)
	start(t, d, m, 120, 30)
	header := func() string { return strings.SplitN(m.View(), "\n", 2)[0] }
	if strings.Contains(header(), "refused") {
		t.Fatalf("header %q", header())
	}
	env.Ctx.Webhooks.Receiver.ServeHTTP(newRecorder(), forged())
	env.Ctx.Webhooks.Receiver.ServeHTTP(newRecorder(), forged())
	d.Advance(time.Second)
	if h := header(); !strings.Contains(h, "⚠ 2 webhooks refused") || !strings.Contains(h, "6 sessions") {
		t.Errorf("header %q", h)
	}
	d.Send(tea.WindowSizeMsg{Width: 80, Height: 24})
	if h := header(); !strings.Contains(h, "⚠ 2 webhooks refused") || !strings.Contains(h, "6 sessions · 3 connected") {
		t.Errorf("header at 80 columns %q", h)
	}
	env.Ctx.Demo = true // the longest title: the warning is cut, not the counts
	d.Advance(time.Minute)
	if h := header(); !strings.Contains(h, "DEMO") || !strings.Contains(h, "⚠ 2 webhook") || !strings.Contains(h, "6 sessions · 3 connected") || ansi.StringWidth(h) > 80 {
		t.Errorf("DEMO header at 80 columns %q", h)
	}
	env.Ctx.Demo = false
	d.Press("7")
	if v := m.View(); !strings.Contains(v, "refused 2: 2 wrong signature") {
		t.Errorf("the pane:\n%s", v)
	}
}

// Without a receiver there is no Events pane, and :events says how to
// get one.
func TestNoEventsPaneWithoutAReceiver(t *testing.T) {
	_, m, d := newConsole(t)
	start(t, d, m, 120, 30)
	if strings.Contains(m.View(), "6 Events") {
		t.Errorf("an Events tab without a receiver:\n%s", m.View())
	}
	d.Press(":")
	d.Send(typed("events"))
	d.Press("enter")
	if v := m.View(); !strings.Contains(v, "the console receives no webhooks: start it with --events-listen ADDR") {
		t.Errorf(":events:\n%s", v)
	}
}

func forged() *http.Request {
	req := httptest.NewRequest("POST", "/", strings.NewReader(`{"event":"session.status"}`))
	req.Header.Set("X-Webhook-Signature", "not-a-secret")
	return req
}

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }
