package logs

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/common"
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

// While polls fail the status line says so, in the API's words, with when
// the last one worked; once they work again it is back to following.
func TestStatusLineSaysPollsFailAndRecovers(t *testing.T) {
	h := newHarness(t, "12")
	status := func() string { l := h.lines(); return ansi.Strip(l[len(l)-1]) }
	if s := status(); !strings.HasPrefix(s, "● following · polled just now") {
		t.Fatalf("before: %q", s)
	}
	h.env.Fake.FailNext("GET", "/api/whatsapp-sessions/12/message-logs", 503, `{"success":false,"message":"Service is down for maintenance"}`, 1000)
	for range 3 {
		h.poll(30 * time.Second)
	}
	s := status()
	for _, want := range []string{"● following (last ok 1m ago)", "⚠ retrying", "Service is down for maintenance"} {
		if !strings.Contains(s, want) {
			t.Errorf("during the outage the status line lacks %q: %q", want, s)
		}
	}
	if strings.HasPrefix(s, "● following ·") {
		t.Errorf("following as if all were well: %q", s)
	}
	h.p.Resize(80, 24) // the error is cut to the room, not dropped
	if s := status(); !strings.Contains(s, "⚠ retrying in") || !strings.Contains(s, "Service is down") {
		t.Errorf("at 80 columns: %q", s)
	}
	h.p.Resize(160, 30)
	h.env.Fake.ClearFailures()
	for range 3 {
		h.poll(30 * time.Second)
	}
	if s := status(); !strings.HasPrefix(s, "● following · polled just now") || strings.Contains(s, "⚠") {
		t.Errorf("after the outage: %q", s)
	}
}

// At 80 columns a long text filter, highlight only, with a status filter
// and a time window: every filter in force stays, the term cut with "…"
// and the label shortened before any filter gives way.
func TestStatusLineAt80KeepsEveryFilterWithALongTerm(t *testing.T) {
	h := newHarness(t, "12")
	h.p.Resize(80, 24)
	h.press("/")
	h.p.Type("divyatimed out")
	h.press("enter", "H", "F", "W")
	last := h.lines()[len(h.lines())-1]
	plain := ansi.Strip(last)
	if w := ansi.StringWidth(last); w > 80 {
		t.Fatalf("status line is %d cells wide: %q", w, plain)
	}
	for _, want := range []string{"● following", "filter divya", "(hl)", "no match", "status ", "last 5m"} {
		if !strings.Contains(plain, want) {
			t.Errorf("status line lacks %q: %q", want, plain)
		}
	}
	h.p.Resize(200, 30) // room: the term and the label whole
	if plain := ansi.Strip(h.lines()[len(h.lines())-1]); !strings.Contains(plain, "filter divyatimed out (highlight only)") {
		t.Errorf("at 200 columns: %q", plain)
	}
}

// The Health pane's enter opens the logs over its own window, whatever it
// is: the status line names that window as Health does (2h30m, not 2h).
func TestTheWindowFromHealthIsNamedAsHealthNamesIt(t *testing.T) {
	h := newHarness(t, allSessions)
	h.p.Resize(200, 30)
	h.p.Send(common.ShowLogsMsg{Session: "13", Status: api.StatusFailed, Window: 2*time.Hour + 30*time.Minute})
	plain := ansi.Strip(h.lines()[len(h.lines())-1])
	if !strings.Contains(plain, "last 2h30m") {
		t.Errorf("status line: %q, want the window as Health names it: last 2h30m", plain)
	}
	if h.m.filters.window != 2*time.Hour+30*time.Minute {
		t.Errorf("window %v, want 2h30m", h.m.filters.window)
	}
}
