package ui_test

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/ui"
	"github.com/wasender-tui/wasender-tui/ui/uitest"
)

// With a token the API refuses, every pane that needs the session list
// says the API's refusal, body and header (⚠), not a loading or empty
// message.
func TestWrongTokenShowsInEveryPane(t *testing.T) {
	env := uitest.New(t, fake.Options{})
	env.SetClient(env.Client(t, "1|wrong"))
	m := ui.New(env.Ctx, nil)
	d := env.Driver(t, func(msg tea.Msg) tea.Cmd { _, c := m.Update(msg); return c })
	start(t, d, m, 160, 30)
	for _, pane := range []string{"1", "2", "3", "4", "6"} {
		d.Press(pane)
		v := m.View()
		lines := strings.Split(v, "\n")
		if !strings.Contains(lines[0], "⚠") || !strings.Contains(lines[0], "HTTP 401") {
			t.Errorf("pane %s: header lacks the 401: %q", pane, lines[0])
		}
		body := strings.Join(lines[2:len(lines)-2], "\n")
		if !strings.Contains(body, "HTTP 401") || strings.Contains(body, "loading") || strings.Contains(body, "yet") {
			t.Errorf("pane %s: body:\n%s", pane, body)
		}
	}
}

// While a pane reads the list again, it shows the failure the list's last
// read had (read by another pane), not "loading sessions…".
func TestWrongTokenShowsWhileTheListIsReadAgain(t *testing.T) {
	env := uitest.New(t, fake.Options{})
	env.SetClient(env.Client(t, "1|wrong"))
	m := ui.New(env.Ctx, nil)
	d := env.Driver(t, func(msg tea.Msg) tea.Cmd { _, c := m.Update(msg); return c })
	start(t, d, m, 160, 30)
	for _, pane := range []string{"2", "4", "6"} {
		m.Update(uitest.Key(pane)) // its read of the list not answered yet
		v := m.View()
		if body := strings.Split(v, "\n")[2]; !strings.Contains(body, "HTTP 401") {
			t.Errorf("pane %s while reading again: %q", pane, body)
		}
		m.Update(uitest.Key("1"))
	}
}
