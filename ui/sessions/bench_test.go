package sessions

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/ui/uitest"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

func manySessions(n int) []api.Session {
	states := []string{"connected", "need_scan", "DISCONNECTED", "logged_out", "connecting"}
	out := make([]api.Session, n)
	for i := range out {
		out[i] = api.Session{
			ID:             api.ID(fmt.Sprint(i + 1)),
			Name:           api.Text(fmt.Sprintf("Session number %d", i+1)),
			PhoneNumber:    api.Text(fmt.Sprintf("+4915%09d", i)),
			Status:         api.Status(states[i%len(states)]),
			WebhookEnabled: i%2 == 0,
			UpdatedAt:      api.Time{Time: uitest.Epoch.Add(-time.Duration(i) * time.Minute)},
		}
	}
	return out
}

// BenchmarkViewThousandSessions: View() of the sessions pane holding 1,000
// sessions at 200x60, the cursor moving each frame.
func BenchmarkViewThousandSessions(b *testing.B) {
	env := uitest.New(b, fake.Options{})
	m := New(env.Ctx, &view.Stack{})
	m.SetSize(200, 60-4)
	m.onList(listMsg{gen: m.gen, sessions: manySessions(1000), at: uitest.Epoch})
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		m.table.SetCursor(i % 1000)
		_ = m.View()
	}
}

// BenchmarkRefreshThousandSessions: one poll result of 1,000 sessions
// turned into rows, filtered and sorted.
func BenchmarkRefreshThousandSessions(b *testing.B) {
	env := uitest.New(b, fake.Options{})
	m := New(env.Ctx, &view.Stack{})
	m.SetSize(200, 56)
	list := manySessions(1000)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		m.onList(listMsg{gen: m.gen, sessions: list, at: uitest.Epoch})
	}
}

// BenchmarkConnectKeyToCode: from the c key on a session needing a scan to
// its QR code drawn, against the demo API over loopback HTTP.
func BenchmarkConnectKeyToCode(b *testing.B) {
	env := uitest.New(b, fake.Options{Now: time.Now})
	srv := httptest.NewServer(env.Fake)
	defer srv.Close()
	client, err := api.New(api.Options{BaseURL: srv.URL + "/api", Token: env.Fake.PersonalToken()})
	if err != nil {
		b.Fatal(err)
	}
	env.Ctx.Client = client
	stack := &view.Stack{}
	m := New(env.Ctx, stack)
	m.SetSize(120, 40)
	stack.Resize(120, 40, 40)
	update := func(msg tea.Msg) tea.Cmd {
		if k, ok := msg.(tea.KeyMsg); ok {
			return view.Press(m, k)
		}
		cmds := []tea.Cmd{m.Update(msg)}
		for _, v := range stack.Views() {
			cmds = append(cmds, v.Update(msg))
		}
		return tea.Batch(cmds...)
	}
	uitest.Loop(b, update, m.SetActive(true), 5*time.Second, func(tea.Msg) bool { return m.loaded })
	m.table.SetCursor(3) // Marketing Bot, need_scan
	shown := func() bool { return stack.Top() != nil && view.IsFullscreen(stack.Top()) }
	b.ResetTimer()
	for range b.N {
		cmd := update(uitest.Key("c"))
		uitest.Loop(b, update, cmd, 5*time.Second, func(tea.Msg) bool { return shown() })
		if !shown() || !strings.Contains(stack.Top().View(), "Pair Marketing Bot") {
			b.Fatal("no code on screen")
		}
		stack.Clear()
	}
}
