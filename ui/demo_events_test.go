package ui_test

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/ui"
	"github.com/wasender-tui/wasender-tui/ui/backend"
	"github.com/wasender-tui/wasender-tui/ui/uitest"
)

// --demo with no setup: the console's receiver listens on a loopback
// port, the demo API sends its webhooks there, signed, and they appear in
// the Events pane as they happen.
func TestTheDemosWebhooksReachTheEventsPane(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	b, err := backend.Open(backend.Options{Demo: true, Events: &backend.EventsOptions{},
		Fake: fake.Options{Logs: fake.LogOptions{Rate: 4}, Contacts: 20, Groups: 2}})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if b.Webhooks == nil || !strings.HasPrefix(b.Webhooks.Addr, "127.0.0.1:") || b.Webhooks.PublicURL != b.Webhooks.URL() {
		t.Fatalf("the demo's receiver: %+v", b.Webhooks)
	}
	tm := teatest.NewTestModel(t, ui.New(b.Context(uitest.Renderer()), nil), teatest.WithInitialTermSize(120, 40))
	waitFor(t, tm, "7 Events")
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("7")})
	waitFor(t, tm, "Webhook events at http://127.0.0.1:")
	waitFor(t, tm, "messages.upsert")
	waitFor(t, tm, "→ sent (")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	view := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).View()
	for _, s := range []string{"● following", "Sales EU", "messages.update"} {
		if !strings.Contains(view, s) {
			t.Errorf("the Events pane lacks %q:\n%s", s, view)
		}
	}
	if st := b.Webhooks.Receiver.Stats(); st.Accepted == 0 || st.RefusedTotal() != 0 {
		t.Errorf("receiver %+v", st)
	}
}
