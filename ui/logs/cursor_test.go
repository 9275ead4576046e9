package logs

import (
	"testing"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
)

func (h *harness) line(id, status string, age time.Duration) entry {
	return entry{kind: kindMessage, id: api.ID(id), session: "11", at: h.env.Clock.Now().Add(-age), status: status, hay: status}
}

func TestAnUpdateThatHidesTheLastLineLeavesTheCursorOnALine(t *testing.T) {
	h := newHarness(t, "11")
	h.m.filters.status = "failed"
	h.m.refilter()
	h.m.onResults([]streamResult{{news: []entry{h.line("a", "failed", 0), h.line("b", "failed", 0)}}})
	h.m.onResults([]streamResult{{updates: []entry{h.line("b", "sent", 0)}}})
	if h.m.list.Cursor >= len(h.m.list.Lines) {
		t.Fatalf("cursor %d past the %d lines shown", h.m.list.Cursor, len(h.m.list.Lines))
	}
	if e := h.m.selected(); e == nil || e.id != "a" {
		t.Fatalf("selected %v, want a", e)
	}
	h.p.View()
}

func TestEvictionKeepsThePausedCursorOnItsLine(t *testing.T) {
	h := newHarness(t, "11")
	h.m.ring, h.m.list.Lines, h.m.list.Cursor = newRing(4), nil, 0
	h.m.onResults([]streamResult{{news: []entry{
		h.line("a", "sent", 4*time.Minute), h.line("b", "sent", 3*time.Minute),
		h.line("c", "sent", 2*time.Minute), h.line("d", "sent", time.Minute),
	}}})
	h.press("up") // on c, paused
	if e := h.m.selected(); e == nil || e.id != "c" {
		t.Fatalf("selected %v, want c", e)
	}
	h.m.onResults([]streamResult{{news: []entry{h.line("e", "sent", 0)}}}) // a makes way
	if e := h.m.selected(); e == nil || e.id != "c" {
		t.Fatalf("after a made way the cursor is on %v, want c", e.id)
	}
}
