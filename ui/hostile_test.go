package ui

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
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

// output is something the console wrote: a frame, a clipboard text, a file.
type output struct{ what, text string }

// Issue 12: a server that puts terminal escapes, bidi overrides and C1
// controls into every string it serves (fake.Options.Hostile) cannot reach
// the terminal: every view of the console (the keys tests' walk, each with
// a tour of what it can show), every text it copies (OSC52) and every file
// it writes (saved logs, JSON lines, the audit trail) is free of them.
func TestNothingFromAHostileServerReachesTheTerminal(t *testing.T) {
	state := t.TempDir()
	t.Setenv("XDG_STATE_HOME", state)
	var outs []output
	for _, s := range walk {
		opts := s.opts
		opts.Hostile = true
		m, d := console(t, opts)
		var clip bytes.Buffer
		m.ctx.Output = &clip
		frame := func(after string) { outs = append(outs, output{s.name + ", " + after, m.View()}) }
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
			outs = append(outs, output{s.name + ", copied text " + string(rune('1'+i)), text})
		}
		if b, err := os.ReadFile(m.ctx.Audit.Path()); err == nil {
			outs = append(outs, output{s.name + ", the audit trail", string(b)})
		}
	}
	files, _ := filepath.Glob(filepath.Join(state, "wasender-tui", "logs", "*"))
	for _, f := range files {
		b, _ := os.ReadFile(f)
		outs = append(outs, output{"saved " + filepath.Base(f), string(b)})
	}
	report(t, outs)
}

// report fails for every output holding an unsafe character, and logs what
// was checked: the outputs by kind, and the string fields the server served
// with payloads, with those whose mark was seen in an output (so shown,
// copied or written, and clean). The members the server adds to every
// object count apart: only views that show objects whole show them.
func report(t *testing.T, outs []output) (fields, seenFields int) {
	t.Helper()
	kinds := map[string]int{}
	var all strings.Builder
	for _, o := range outs {
		if bad, ok := uitest.Unsafe(o.text); ok {
			t.Errorf("%s holds %q", o.what, bad)
		}
		kinds[o.kind()]++
		all.WriteString(o.text)
	}
	seen := all.String()
	var unseen []string
	bare, extra, extraSeen := 0, 0, 0
	for _, f := range fake.HostileFields() {
		added := strings.HasSuffix(f.Where, extraKeyName) || strings.HasSuffix(f.Where, "(name)")
		switch {
		case f.Mark == "":
			bare++
		case added:
			extra++
			if strings.Contains(seen, f.Mark) {
				extraSeen++
			}
		case strings.Contains(seen, f.Mark):
			seenFields++
		default:
			unseen = append(unseen, f.Where)
		}
	}
	fields = bare + seenFields + len(unseen)
	sort.Strings(unseen)
	t.Logf("%d outputs checked (%s); %d string fields served with payloads: %d ids, keys and states (control characters only), %d others, %d of them seen in an output, and %d of the %d members added to objects",
		len(outs), kindList(kinds), fields, bare, seenFields+len(unseen), seenFields, extraSeen, extra)
	if testing.Verbose() {
		t.Logf("fields not seen:\n%s", strings.Join(unseen, "\n"))
	}
	return fields, seenFields
}

// extraKeyName is the member the hostile server adds to every object.
const extraKeyName = "hostile"

func (o output) kind() string {
	for _, k := range []string{"copied", "saved", "audit", "stdout", "stderr"} {
		if strings.Contains(o.what, k) {
			return k
		}
	}
	return "frame"
}

func kindList(kinds map[string]int) string {
	var parts []string
	for k, n := range kinds {
		parts = append(parts, fmt.Sprintf("%d %s", n, k))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}
