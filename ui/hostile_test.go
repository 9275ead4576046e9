package ui

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/ui/uitest"
)

// tours are the keys that make a view show all it can, pressed once it is
// reached: every field in turn copied, secrets revealed, the other log,
// whole lines, files saved.
var tours = map[string][]string{
	"Sessions":                   {"y", "end", "home"},
	"Session details":            append([]string{"v"}, repeat(22, "y", "down")...),
	"Confirmation":               {"y", wait},
	"Session form":               {"esc", "e"}, // the form of an edit, filled in from the server
	"Groups":                     append([]string{"y"}, repeat(5, "down", "y")...),
	"Group details":              append([]string{"y", "l", wait}, repeat(12, "down")...),
	"Contacts":                   append([]string{"y"}, repeat(5, "down", "y")...),
	"Contact details":            {"y", "r", wait},
	"Test message being written": {"h", "i", "enter", "y", wait, wait},
	"Logs":                       {"w", "y", "ctrl+s", "J", "up", "enter", wait, "esc", "m", wait, "y", "ctrl+s", "J", "up", "enter"},
	"Log line":                   {"up", "enter", wait, "y"},
	"Audit":                      {"up", "enter"},
	"Health":                     {"W", wait, "end", "enter", wait},
	"Events":                     append([]string{"end"}, repeat(20, "up")...),
	"Event details":              {"y", "esc", "up", "enter", "y", "esc", "ctrl+s"},
}

// wait, in a stop's keys or a tour, lets 5 seconds pass: polls and what
// loads later.
const wait = "(5 s pass)"

// hostileConsole is the console of the keys tests against a hostile
// server (fake.Options.Hostile), with a webhook receiver that has been
// delivered every documented webhook, made hostile the same way.
func hostileConsole(t *testing.T, opts fake.Options) (*Model, *uitest.Driver) {
	t.Helper()
	opts.Hostile = true
	env := uitest.New(t, opts)
	env.Listen(t)
	docs, _ := filepath.Glob(filepath.Join("..", "api", "webhook", "testdata", "docs", "*.json"))
	if len(docs) < 10 {
		t.Fatalf("the documented webhooks: %v", docs)
	}
	for i, f := range docs {
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		if code := env.Deliver(t, 11+i%6, string(fake.Arm("webhook "+name, body))); code != 200 {
			t.Fatalf("delivering %s: %d", name, code)
		}
	}
	return consoleOn(t, env)
}

func repeat(n int, keys ...string) []string {
	var out []string
	for range n {
		out = append(out, keys...)
	}
	return out
}

// Issue 12: a server that puts terminal escapes, bidi overrides and C1
// controls into every string it serves (fake.Options.Hostile) cannot reach
// the terminal: every view of the console (the keys tests' walk, each with
// a tour of what it can show), every text it copies (OSC52) and every file
// it writes (saved logs, JSON lines, the audit trail) is free of them.
func TestNothingFromAHostileServerReachesTheTerminal(t *testing.T) {
	state := t.TempDir()
	t.Setenv("XDG_STATE_HOME", state)
	var outs []uitest.Output
	for _, s := range walk {
		m, d := hostileConsole(t, s.opts)
		var clip bytes.Buffer
		m.ctx.Output = &clip
		frame := func(after string) {
			outs = append(outs, uitest.Output{Kind: "frame", What: s.name + ", " + after, Text: m.View()})
		}
		for _, k := range s.keys {
			press(d, k)
			frame("after " + k)
		}
		d.Advance(10 * time.Second) // polls, pairing, what loads later
		frame("10 s later")
		for _, k := range tours[s.name] {
			press(d, k)
			frame("touring, after " + k)
		}
		for i, text := range uitest.Clipboard(clip.String()) {
			outs = append(outs, uitest.Output{Kind: "copied text", What: s.name + ", copied text " + strconv.Itoa(i+1), Text: text})
		}
		if b, err := os.ReadFile(m.ctx.Audit.Path()); err == nil {
			outs = append(outs, uitest.Output{Kind: "audit trail", What: s.name + ", the audit trail", Text: string(b)})
		}
	}
	filepath.WalkDir(state, func(path string, e fs.DirEntry, err error) error { // saved logs and events
		if err == nil && !e.IsDir() {
			b, _ := os.ReadFile(path)
			outs = append(outs, uitest.Output{Kind: "saved file", What: "saved " + path, Text: string(b)})
		}
		return nil
	})
	uitest.Report(t, outs)
}
