// Package audit keeps the trail of what operators changed: one JSON line
// per mutating action (time, who, profile, action, target, result) in a
// file only its owner can read.
package audit

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
)

// Entry is one line of the trail.
type Entry struct {
	Time    time.Time `json:"time"`
	Actor   string    `json:"actor"`   // "ssh:alice SHA256:…" or "local:bob"
	Profile string    `json:"profile"` // the config profile acted on
	Action  string    `json:"action"`  // "restart session", "send message", …
	Target  string    `json:"target"`  // a session id, a recipient
	Result  string    `json:"result"`  // "ok", "error: …", "refused: viewer"
}

// Log appends entries to a file. It is safe for concurrent use by every
// console of a server.
type Log struct {
	mu   sync.Mutex
	path string
	f    *os.File
}

// Open opens (creating it, and its directory, private to the owner) the
// audit file at path for appending.
func Open(path string) (*Log, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return nil, err
	}
	return &Log{path: path, f: f}, nil
}

// Path is the file written.
func (l *Log) Path() string { return l.path }

// Write appends one entry as a line. A nil Log writes nothing.
func (l *Log) Write(e Entry) error {
	if l == nil {
		return nil
	}
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	b = api.SafeJSON(b) // an SSH user's name, a server's words: safe to cat
	l.mu.Lock()
	defer l.mu.Unlock()
	_, err = l.f.Write(append(b, '\n'))
	return err
}

// Close closes the file.
func (l *Log) Close() error {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.f.Close()
}

// Hook returns the api.Client option that writes every mutation of
// profile's client to the trail.
func (l *Log) Hook(profile string) func(api.Mutation) {
	return func(m api.Mutation) {
		result := "ok"
		if m.Err != nil {
			result = "error: " + api.Words(m.Err)
		}
		actor := m.Actor
		if actor == "" {
			actor = "unknown"
		}
		_ = l.Write(Entry{Time: m.At.UTC(), Actor: actor, Profile: profile, Action: m.Action, Target: m.Target, Result: result})
	}
}

// Tail returns the last n entries of the file at path, oldest first.
// Lines that are not entries are skipped.
func Tail(path string, n int) ([]Entry, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// Read at most the last 1 MiB: plenty for the lines shown.
	if fi, err := f.Stat(); err == nil && fi.Size() > 1<<20 {
		if _, err := f.Seek(fi.Size()-1<<20, io.SeekStart); err != nil {
			return nil, err
		}
	}
	var out []Entry
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		var e Entry
		if json.Unmarshal([]byte(line), &e) == nil && e.Action != "" {
			out = append(out, e)
		}
	}
	if len(out) > n {
		out = out[len(out)-n:]
	}
	return out, sc.Err()
}
