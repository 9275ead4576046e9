package ui_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
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
