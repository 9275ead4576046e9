package ui_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/ui"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/uitest"
)

// At 80 columns the notice of a save keeps the file's name whole: the
// directory gives way in its middle, marked "…".
func TestSaveNoticeKeepsTheFileNameAt80(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a-rather-long-state-directory", "of-an-operator")
	t.Setenv("XDG_STATE_HOME", dir)
	env, m, d := newConsole(t)
	start(t, d, m, 80, 24)
	d.Press("4")
	env.Poll()
	d.Advance(time.Second)
	d.Press("ctrl+s")
	saved, _ := filepath.Glob(filepath.Join(dir, "wasender-tui", "logs", "*.log"))
	if len(saved) != 1 {
		t.Fatalf("saved %q", saved)
	}
	name := filepath.Base(saved[0])
	var line string
	for _, l := range strings.Split(m.View(), "\n") {
		if strings.Contains(ansi.Strip(l), "✓ saved") {
			line = ansi.Strip(l)
		}
	}
	if !strings.Contains(line, name) || !strings.Contains(line, "…") || ansi.StringWidth(line) > 80 {
		t.Errorf("the notice does not show %s whole within 80 columns: %q", name, line)
	}
}

// statusLine is the frame's status line, its styles stripped.
func statusLine(v string) string {
	lines := strings.Split(v, "\n")
	return ansi.Strip(lines[len(lines)-2])
}

// A notice goes when what it described is over: a good command after a
// wrong one, a paste taken after one ignored, a view opened after a
// refusal. Nothing else happening, an error stays.
func TestNoticeGoesWhenALaterCommandOrViewSucceeds(t *testing.T) {
	_, m, d := incidents(t, 120, 30)
	d.Press(":")
	d.Type("health 15x")
	d.Press("enter")
	if l := statusLine(m.View()); !strings.Contains(l, `:health "15x" is not a window`) {
		t.Fatalf("no error for :health 15x: %q", l)
	}
	d.Advance(2 * time.Second)
	if l := statusLine(m.View()); !strings.Contains(l, "is not a window") {
		t.Fatalf("the error went on its own within 2s: %q", l)
	}
	d.Press(":")
	d.Type("health 2h30m")
	d.Press("enter")
	if l := statusLine(m.View()); strings.Contains(l, "15x") {
		t.Errorf("the error of :health 15x stays under :health 2h30m: %q", l)
	}

	_, m, d = newConsole(t)
	start(t, d, m, 120, 30)
	d.Send(pasted("jjj"))
	if l := statusLine(m.View()); !strings.Contains(l, "paste ignored") {
		t.Fatalf("no notice: %q", l)
	}
	d.Press("/")
	d.Send(pasted("Sales"))
	if l := statusLine(m.View()); strings.Contains(l, "paste ignored") {
		t.Errorf("the notice stays under a paste taken: %q", l)
	}
}

func TestRefusalGoesWhenAViewOpens(t *testing.T) {
	env := uitest.New(t, fake.Options{})
	env.Ctx.Role = common.RoleViewer
	m := ui.New(env.Ctx, nil)
	d := env.Driver(t, func(msg tea.Msg) tea.Cmd { _, c := m.Update(msg); return c })
	start(t, d, m, 120, 30)
	d.Press("x")
	if l := statusLine(m.View()); !strings.Contains(l, "may not disconnect") {
		t.Fatalf("no refusal: %q", l)
	}
	d.Press("j")
	if l := statusLine(m.View()); !strings.Contains(l, "may not disconnect") {
		t.Fatalf("moving the cursor took the refusal down: %q", l)
	}
	d.Press("enter")
	if l := statusLine(m.View()); strings.Contains(l, "may not disconnect") {
		t.Errorf("the refusal stays in the details: %q", l)
	}
}

// The notice naming a saved file stays long enough to read the path.
func TestASavedFilesNoticeStaysToBeRead(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	env, m, d := newConsole(t)
	start(t, d, m, 120, 30)
	d.Press("4")
	env.Poll()
	d.Advance(time.Second)
	d.Press("ctrl+s")
	if !strings.Contains(statusLine(m.View()), "✓ saved") {
		t.Fatalf("no notice of the save: %q", m.View())
	}
	d.Advance(6 * time.Second)
	if !strings.Contains(statusLine(m.View()), "✓ saved") {
		t.Errorf("6 s after saving the path is gone: %q", statusLine(m.View()))
	}
	d.Advance(5 * time.Second)
	if strings.Contains(statusLine(m.View()), "✓ saved") {
		t.Errorf("11 s after saving the notice is still up: %q", statusLine(m.View()))
	}
}

// An error is looked up in help: opening and closing it, by key or by
// :help, leaves the error up, and it stays twice as long as news.
func TestAnErrorOutlivesALookInHelp(t *testing.T) {
	_, m, d := incidents(t, 120, 30)
	wrong := `:health "zz" is not a window`
	d.Press(":")
	d.Type("health zz")
	d.Press("enter")
	d.Press("?", "?")
	if l := statusLine(m.View()); !strings.Contains(l, wrong) {
		t.Errorf("after ? and ? the error is gone: %q", l)
	}
	d.Press(":")
	d.Type("help")
	d.Press("enter", "esc")
	if l := statusLine(m.View()); !strings.Contains(l, wrong) {
		t.Errorf("after :help the error is gone: %q", l)
	}
	d.Advance(6 * time.Second)
	if l := statusLine(m.View()); !strings.Contains(l, wrong) {
		t.Errorf("6 s on the error is gone: %q", l)
	}
	d.Advance(3 * time.Second)
	if l := statusLine(m.View()); strings.Contains(l, wrong) {
		t.Errorf("9 s on the error is still up: %q", l)
	}
}
