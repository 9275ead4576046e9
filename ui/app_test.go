package ui_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/ui"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/uitest"
)

func newConsole(t *testing.T) (*uitest.Env, *ui.Model, *uitest.Driver) {
	t.Helper()
	env := uitest.New(t, fake.Options{})
	m := ui.New(env.Ctx, nil)
	return env, m, env.Driver(t, func(msg tea.Msg) tea.Cmd { _, c := m.Update(msg); return c })
}

func start(t *testing.T, d *uitest.Driver, m *ui.Model, w, h int) {
	t.Helper()
	d.Send(tea.WindowSizeMsg{Width: w, Height: h})
	d.Run(m.Init())
}

func quits(d *uitest.Driver) bool {
	for _, msg := range d.Seen {
		if _, ok := msg.(tea.QuitMsg); ok {
			return true
		}
	}
	return false
}

// The golden screens: the whole console at the smallest and a large size.
func TestGoldenScreens(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {200, 60}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			env := uitest.New(t, fake.Options{})
			tm := teatest.NewTestModel(t, ui.New(env.Ctx, nil), teatest.WithInitialTermSize(size[0], size[1]))
			teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
				return bytes.Contains(b, []byte("Legacy Line"))
			}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
			tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
			final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second))
			teatest.RequireEqualOutput(t, []byte(final.View()))
		})
	}
}

// A frame is never taller or wider than the terminal, at any size, before
// the first size message, and in every view.
func TestFrameFitsTheTerminal(t *testing.T) {
	_, m, d := newConsole(t)
	if v := m.View(); v != "" {
		t.Errorf("view before the first WindowSizeMsg = %q, want empty", v)
	}
	start(t, d, m, 80, 24)
	for _, size := range [][2]int{{80, 24}, {20, 5}, {39, 9}, {40, 10}, {250, 70}, {120, 40}, {1, 1}} {
		d.Send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		for _, keys := range [][]string{nil, {"?"}, {"esc", "enter"}, {"esc", "n"}, {"esc", "d"}} {
			for _, k := range keys {
				d.Press(k)
			}
			checkFits(t, m.View(), size[0], size[1])
		}
		d.Press("esc")
		d.Press("esc")
	}
}

func checkFits(t *testing.T, v string, w, h int) {
	t.Helper()
	lines := strings.Split(v, "\n")
	if len(lines) > h {
		t.Errorf("%dx%d: frame has %d lines", w, h, len(lines))
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got > w {
			t.Errorf("%dx%d: line %d is %d cells wide: %q", w, h, i, got, l)
		}
	}
}

func TestTooSmallSaysWhatIsNeeded(t *testing.T) {
	_, m, d := newConsole(t)
	start(t, d, m, 30, 8)
	if v := m.View(); !strings.Contains(strings.ReplaceAll(v, "\n", " "), "need at least 40x10") {
		t.Errorf("view = %q", v)
	}
}

func TestHeaderShowsProfileCountsAndFreshness(t *testing.T) {
	_, m, d := newConsole(t)
	start(t, d, m, 120, 30)
	header := strings.Split(m.View(), "\n")[0]
	for _, want := range []string{"wasender-tui", "test", "wasender.test", "6 sessions · 3 connected", "updated just now"} {
		if !strings.Contains(header, want) {
			t.Errorf("header lacks %q: %q", want, header)
		}
	}
}

func TestHeaderShowsTheLastError(t *testing.T) {
	env, m, d := newConsole(t)
	start(t, d, m, 160, 30)
	env.Fake.FailNext("GET", "/api/whatsapp-sessions", 503, "", 1)
	d.Press("r")
	header := strings.Split(m.View(), "\n")[0]
	if !strings.Contains(header, "⚠") || !strings.Contains(header, "HTTP 503") {
		t.Errorf("header = %q", header)
	}
	// The list stays on screen while the API fails.
	if !strings.Contains(m.View(), "Support Desk") {
		t.Error("list vanished on a failed refresh")
	}
}

func TestFooterHelpFollowsTheKeymapAndRole(t *testing.T) {
	env, m, d := newConsole(t)
	start(t, d, m, 250, 30)
	footer := lastLine(m.View())
	for _, want := range []string{"enter details", "/ filter", "d delete", "? help", "q quit"} {
		if !strings.Contains(footer, want) {
			t.Errorf("footer lacks %q: %q", want, footer)
		}
	}
	env.Ctx.Role = common.RoleViewer
	d.Send(tea.WindowSizeMsg{Width: 250, Height: 30})
	footer = lastLine(m.View())
	if strings.Contains(footer, "delete") || strings.Contains(footer, "new session") {
		t.Errorf("viewer footer offers mutating actions: %q", footer)
	}
	d.Press("d")
	if v := m.View(); !strings.Contains(v, "your role (viewer) may not delete") {
		t.Errorf("viewer pressing d was not refused:\n%s", v)
	}
}

func lastLine(v string) string {
	lines := strings.Split(v, "\n")
	return lines[len(lines)-1]
}

func TestFullHelpAndCommandLine(t *testing.T) {
	_, m, d := newConsole(t)
	start(t, d, m, 120, 40)
	d.Press("?")
	v := m.View()
	if !strings.Contains(v, "Sessions — keys") || !strings.Contains(v, "regenerate API key") {
		t.Errorf("full help:\n%s", v)
	}
	d.Press("esc")
	for _, k := range []string{":", "n", "o", "p", "e", "enter"} {
		d.Press(k)
	}
	if v := m.View(); !strings.Contains(v, "unknown command :nope") {
		t.Errorf("unknown command not reported:\n%s", v)
	}
	d.Press(":", "q", "enter")
	if !quits(d) {
		t.Error(":q did not quit")
	}
}

func TestProfileSwitch(t *testing.T) {
	env := uitest.New(t, fake.Options{})
	env.Ctx.Profiles = []string{"test", "other"}
	var asked string
	m := ui.New(env.Ctx, func(name string, _ *lipgloss.Renderer) (*common.Context, error) {
		asked = name
		next := *env.Ctx
		next.Profile = name
		return &next, nil
	})
	d := env.Driver(t, func(msg tea.Msg) tea.Cmd { _, c := m.Update(msg); return c })
	start(t, d, m, 120, 30)
	d.Type(":profile other")
	d.Press("enter")
	if asked != "other" {
		t.Fatalf("switcher asked for %q", asked)
	}
	v := m.View()
	if !strings.Contains(strings.Split(v, "\n")[0], "other") || !strings.Contains(v, "Support Desk") {
		t.Errorf("after switching:\n%s", v)
	}
}

func TestQuitKeys(t *testing.T) {
	for _, k := range []string{"q", "ctrl+c"} {
		_, m, d := newConsole(t)
		start(t, d, m, 80, 24)
		d.Press(k)
		if !quits(d) {
			t.Errorf("%s did not quit", k)
		}
	}
	// q types into the filter instead of quitting; ctrl+c always quits.
	_, m, d := newConsole(t)
	start(t, d, m, 80, 24)
	d.Press("/", "q")
	if quits(d) {
		t.Error("q quit while typing a filter")
	}
}
