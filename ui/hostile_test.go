package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

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
}

// wait, in a tour, lets 5 seconds pass: polls and what loads later.
const wait = "(5 s pass)"

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
		opts := s.opts
		opts.Hostile = true
		m, d := console(t, opts)
		var clip bytes.Buffer
		m.ctx.Output = &clip
		frame := func(after string) {
			outs = append(outs, uitest.Output{Kind: "frame", What: s.name + ", " + after, Text: m.View()})
		}
		for _, k := range s.keys {
			d.Press(k)
			frame("after " + k)
		}
		d.Advance(10 * time.Second) // polls, pairing, what loads later
		frame("10 s later")
		for _, k := range tours[s.name] {
			if k == wait {
				d.Advance(5 * time.Second)
			} else {
				d.Press(k)
			}
			frame("touring, after " + k)
		}
		for i, text := range uitest.Clipboard(clip.String()) {
			outs = append(outs, uitest.Output{Kind: "copied text", What: s.name + ", copied text " + strconv.Itoa(i+1), Text: text})
		}
		if b, err := os.ReadFile(m.ctx.Audit.Path()); err == nil {
			outs = append(outs, uitest.Output{Kind: "audit trail", What: s.name + ", the audit trail", Text: string(b)})
		}
	}
	files, _ := filepath.Glob(filepath.Join(state, "wasender-tui", "logs", "*"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		outs = append(outs, uitest.Output{Kind: "saved file", What: "saved " + filepath.Base(f), Text: string(b)})
	}
	uitest.Report(t, outs)
}
