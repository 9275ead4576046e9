package logs

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/config"
	"github.com/wasender-tui/wasender-tui/ui/common"
)

// SaveDir is where ctrl+s writes logs: $XDG_STATE_HOME/wasender-tui/logs.
func SaveDir() string { return filepath.Join(config.StateDir(nil), "logs") }

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// saveName is the file ctrl+s would write now, within SaveDir.
func (m *Model) saveName() string {
	return fmt.Sprintf("%s-%s-%s.log",
		strings.Trim(unsafeName.ReplaceAllString(strings.ToLower(m.sessionTitle()), "-"), "-"),
		strings.ReplaceAll(m.kindTitle(), " ", "-"),
		m.ctx.Now().Format("20060102-150405"))
}

// save writes the lines shown (filters applied) to a new file, mode 0600,
// written whole or not at all, and notes the write in the audit trail:
// over SSH it is a file written on the server.
func (m *Model) save() tea.Cmd {
	var b strings.Builder
	for _, seq := range m.visible {
		if e := m.ring.at(seq); e != nil {
			b.WriteString(m.plainLine(e))
			b.WriteByte('\n')
		}
	}
	lines, name, dir, trail := len(m.visible), m.saveName(), SaveDir(), m.ctx.Trail()
	return func() tea.Msg {
		path, err := writePrivate(dir, name, b.String())
		if path == "" {
			path = filepath.Join(dir, name)
		}
		text := "✓ saved " + common.Plural(lines, "line", "lines") + " to " + path
		level := common.LevelOK
		if err != nil {
			text, level = "✗ saving the log: "+err.Error(), common.LevelError
		}
		if aerr := trail.Write("save log", path, common.Result(err)); aerr != nil {
			text += " (the audit trail could not be written: " + aerr.Error() + ")"
		}
		return common.NoticeMsg{Level: level, Text: text}
	}
}

// writePrivate creates dir (0700) and writes name atomically with mode 0600.
func writePrivate(dir, name, content string) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	f, err := os.CreateTemp(dir, ".save-*")
	if err != nil {
		return "", err
	}
	defer os.Remove(f.Name())
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return "", err
	}
	if _, err := f.WriteString(content); err != nil {
		f.Close()
		return "", err
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	path := filepath.Join(dir, name)
	if err := os.Rename(f.Name(), path); err != nil {
		return "", err
	}
	return path, nil
}
