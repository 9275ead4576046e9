package sessions_test

import (
	"strings"
	"testing"
	"time"

	"github.com/wasender-tui/wasender-tui/api/fake"
)

// Pairing from a session's details leaves the details showing the new
// state, with the keys that fit it, and says as whom, as from the list.
func TestPairingFromDetailsShowsTheNewState(t *testing.T) {
	h := newHarness(t, fake.Options{AutoPair: 20 * time.Second})
	h.press("end", "up") // Field Team, disconnected
	h.press("enter")
	if v := h.view(); !strings.Contains(v, "Field Team") || !strings.Contains(v, "○ disconnected") {
		t.Fatalf("not Field Team's details:\n%s", v)
	}
	h.press("c")
	h.p.Advance(30 * time.Second)
	v := h.view()
	if !strings.Contains(v, "Field Team") || !strings.Contains(v, "● connected") || strings.Contains(v, "○ disconnected") {
		t.Errorf("the details do not show the paired session:\n%s", v)
	}
	if n := h.lastNotice(); !strings.Contains(n, "✓ Field Team paired as ") {
		t.Errorf("notice = %q, want it paired as someone (all: %q)", n, h.notices())
	}
	var offered []string
	for _, a := range h.p.Front().Actions() {
		if a.Applies() {
			offered = append(offered, a.Keys()...)
		}
	}
	joined := " " + strings.Join(offered, " ") + " "
	if strings.Contains(joined, " c ") || !strings.Contains(joined, " R ") {
		t.Errorf("the details offer %v: want R restart, not c connect", offered)
	}
}
