package logs

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/wasender-tui/wasender-tui/api"
)

// At 250 columns a group's JID is whole in the TO column, and a wrapped
// entry's further lines start under its text.
func TestAt250ColumnsGrowAndWrappedLinesAlignUnderTheText(t *testing.T) {
	h := newHarness(t, "12")
	h.p.Resize(250, 40)
	text := strings.Repeat("Shift plan for week 20 is pinned, please confirm before Friday. ", 8)
	var l api.MessageLog
	body, _ := json.Marshal(map[string]any{"id": 9200, "to": "120363025874419022@g.us", "content": text, "status": "sent",
		"created_at": h.env.Clock.Now().UTC().Format("2006-01-02T15:04:05Z")})
	if err := json.Unmarshal(body, &l); err != nil {
		t.Fatal(err)
	}
	h.arrive(l)
	lines := h.lines()
	last := ansi.Strip(lines[len(lines)-2])
	if !strings.Contains(last, "120363025874419022@g.us ") {
		t.Errorf("the group's JID is cut: %q", last)
	}
	h.press("w")
	lines = h.lines()
	var first int
	for i, l := range lines {
		if strings.Contains(ansi.Strip(l), "120363025874419022@g.us") {
			first = i
		}
	}
	if first == 0 || first+1 >= len(lines)-1 {
		t.Fatalf("no wrapped entry:\n%s", strings.Join(lines, "\n"))
	}
	head, next := ansi.Strip(lines[first]), ansi.Strip(lines[first+1])
	col := strings.Index(head, "Shift plan")
	indent := len(next) - len(strings.TrimLeft(next, " "))
	if want := ansi.StringWidth(head[:col]); indent != want || strings.TrimSpace(next) == "" {
		t.Errorf("continuation indented %d, want %d (under the text):\n%s\n%s", indent, want, head, next)
	}
}
