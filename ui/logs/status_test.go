package logs

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// At 80 columns the status line keeps what is filtered out: the status,
// the window and the text filter stay, the freshness gives way first, and
// "…" says something did.
func TestStatusLineAt80KeepsTheFilters(t *testing.T) {
	h := newHarness(t, "12")
	h.p.Resize(80, 24)
	h.press("F", "W", "t", "/")
	h.p.Type("sent")
	h.press("enter")
	last := h.lines()[len(h.lines())-1]
	plain := ansi.Strip(last)
	if w := ansi.StringWidth(last); w > 80 {
		t.Fatalf("status line is %d cells wide: %q", w, plain)
	}
	for _, want := range []string{"● following", "status ", "last 5m", "filter sent", "UTC"} {
		if !strings.Contains(plain, want) {
			t.Errorf("status line lacks %q: %q", want, plain)
		}
	}
	if !strings.HasSuffix(plain, "…") || strings.Contains(plain, "every 2s") {
		t.Errorf("the freshness did not give way with a mark: %q", plain)
	}
}
