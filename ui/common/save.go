package common

import (
	"os"
	"path/filepath"

	tea "github.com/charmbracelet/bubbletea"
)

// Save is a file a console writes on its host (a saved log, saved
// events): over SSH that is the server, so every save is in the audit
// trail.
type Save struct {
	Action  string // the audit trail's name for it: "save log"
	Dir     string
	Name    string
	Content string
	Saved   string // what the notice says was saved: "12 lines"
	Saving  string // what the notice says failed: "the log"
}

// Save returns the command that writes s (WritePrivate), notes it in the
// trail, and says how it went: "✓ saved 12 lines to PATH", or "✗ saving the
// log: …".
func (t Trail) Save(s Save) tea.Cmd {
	return func() tea.Msg {
		path, err := WritePrivate(s.Dir, s.Name, s.Content)
		if path == "" {
			path = filepath.Join(s.Dir, s.Name)
		}
		text, level := "✓ saved "+s.Saved+" to "+path, LevelOK
		if err != nil {
			text, level = "✗ saving "+s.Saving+": "+err.Error(), LevelError
		}
		if aerr := t.Write(s.Action, path, Result(err)); aerr != nil {
			text += " (the audit trail could not be written: " + aerr.Error() + ")"
		}
		return NoticeMsg{Level: level, Text: text, Path: path}
	}
}

// WritePrivate creates dir (0700) and writes name in it atomically with
// mode 0600: the file appears whole or not at all.
func WritePrivate(dir, name, content string) (string, error) {
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
