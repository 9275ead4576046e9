package logs

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/wasender-tui/wasender-tui/api"
)

// apiLog is a message log entry as the API sends it.
func apiLog(t *testing.T, id int, at time.Time, status, content, reason string) api.MessageLog {
	t.Helper()
	var l api.MessageLog
	body := fmt.Sprintf(`{"id":%d,"to":"+4915730984412","content":%q,"status":%q,"failed_reason":%q,"created_at":%q}`,
		id, content, status, reason, at.UTC().Format(time.RFC3339))
	if err := json.Unmarshal([]byte(body), &l); err != nil {
		t.Fatal(err)
	}
	return l
}

// arrive gives the pane entries as a poll of session 12 brings them.
func (h *harness) arrive(logs ...api.MessageLog) {
	var r streamResult
	for _, l := range logs {
		r.news = append(r.news, fromMessageLog("12", l))
	}
	h.m.onResults([]streamResult{r})
}

// withFailures adds seven failed messages with a long text each, every
// other one timed out, and one sent after them.
func withFailures(t *testing.T, h *harness) {
	long := strings.Repeat("Hello Amelia, your order is on its way and will arrive tomorrow. ", 2)
	at := h.env.Clock.Now()
	var logs []api.MessageLog
	for i := range 7 {
		reason := "recipient is not on WhatsApp"
		if i%2 == 0 {
			reason = "relay timed out after 30s"
		}
		logs = append(logs, apiLog(t, 9000+i, at.Add(time.Duration(i)*time.Second), "failed", long, reason))
	}
	logs = append(logs, apiLog(t, 9100, at.Add(10*time.Second), "sent", long+"and sorry: the relay timed out yesterday", ""))
	h.arrive(logs...)
}

// At 80 columns a failed line shows its reason, and a line the search
// finds shows the match, wherever it is in the line.
func TestAt80TheReasonAndTheMatchAreOnScreen(t *testing.T) {
	h := newHarness(t, "12")
	withFailures(t, h)
	h.p.Resize(80, 24)
	for _, l := range h.lines() {
		if p := ansi.Strip(l); strings.Contains(p, "✗ failed") && !strings.Contains(p, "✗ recipient") && !strings.Contains(p, "✗ relay") && !strings.Contains(p, "✗ message") {
			t.Errorf("a failed line without its reason: %q", p)
		}
	}
	h.press("/")
	h.p.Type("relay timed out")
	h.press("enter")
	lines := h.lines()
	body := lines[1 : len(lines)-1]
	shown := 0
	for _, l := range body {
		p := ansi.Strip(l)
		if p == "" {
			continue
		}
		shown++
		if !strings.Contains(p, "relay timed out") {
			t.Errorf("a line found by the search shows no match: %q", p)
		}
	}
	if shown != 5 {
		t.Errorf("%d lines shown, want 5:\n%s", shown, strings.Join(body, "\n"))
	}
}

// n and N say where the cursor is among the matches, and that there are
// no more at either end.
func TestSearchCountsMatchesAndSaysWhenThereAreNoMore(t *testing.T) {
	h := newHarness(t, "12")
	withFailures(t, h)
	h.press("/")
	h.p.Type("relay timed out")
	h.press("enter", "H") // every line, the matches highlighted
	status := func() string { l := h.lines(); return ansi.Strip(l[len(l)-1]) }
	if s := status(); !strings.Contains(s, "match 5/5") {
		t.Fatalf("status line: %q", s)
	}
	h.press("n")
	if s := status(); !strings.Contains(s, "match 5/5") || !strings.Contains(s, "no more matches below") {
		t.Errorf("n past the last: %q", s)
	}
	h.press("N")
	if s := status(); !strings.Contains(s, "match 4/5") || strings.Contains(s, "no more") {
		t.Errorf("N: %q", s)
	}
	h.press("N", "N", "N", "N")
	if s := status(); !strings.Contains(s, "match 1/5") || !strings.Contains(s, "no more matches above") {
		t.Errorf("N past the first: %q", s)
	}
	h.press("down")
	if s := status(); !strings.Contains(s, "5 matches") || strings.Contains(s, "no more") {
		t.Errorf("between matches: %q", s)
	}
}

// A search for what a group's JID ends with shows it, even where the TO
// column cuts the JID.
func TestAMatchInTheRecipientIsShown(t *testing.T) {
	h := newHarness(t, "12")
	h.p.Resize(100, 24)
	var l api.MessageLog
	body := `{"id":9300,"to":"120363025874419022@g.us","content":"hello","status":"sent","created_at":"` + h.env.Clock.Now().UTC().Format(time.RFC3339) + `"}`
	if err := json.Unmarshal([]byte(body), &l); err != nil {
		t.Fatal(err)
	}
	h.arrive(l)
	h.press("/")
	h.p.Type("@g.us")
	h.press("enter")
	lines := h.lines()
	for _, l := range lines[1 : len(lines)-1] {
		if p := ansi.Strip(l); p != "" && !strings.Contains(p, "@g.us") {
			t.Errorf("a line found by the search shows no match: %q", p)
		}
	}
}
