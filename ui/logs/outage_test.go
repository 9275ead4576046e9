package logs

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// Switching back to the pane during an outage: from the first frame it
// tells what the streams know now, not what they knew at the last drain
// behind. A stream polled rarely behind and not polled since the API went
// away is overdue, not well, and its poll, due at once, is not "held back
// by the request budget"; one that failed behind shows its error.
func TestBackToThePaneDuringAnOutageTellsItAtOnce(t *testing.T) {
	h := newHarness(t, "12")
	status := func() string { l := h.lines(); return ansi.Strip(l[len(l)-1]) }
	h.run(h.m.SetActive(false))
	h.env.Fake.FailNext("GET", "/api/whatsapp-sessions/12/message-logs", 503, `{"success":false,"message":"Service is down for maintenance"}`, 1000)
	h.p.Advance(45 * time.Second) // behind: polled every 30s, then every minute
	h.run(h.m.SetActive(true))
	s := status()
	for _, bad := range []string{"request budget", "every 1m", "● following ·"} {
		if strings.Contains(s, bad) {
			t.Errorf("first frame back says %q: %q", bad, s)
		}
	}
	if !strings.HasPrefix(s, "● following (last ok 40s ago) · polling now") {
		t.Errorf("first frame back does not say the last good poll is old: %q", s)
	}
	if st := h.m.Status(); !st.Stale {
		t.Errorf("the header is not told the freshness is stale (it would say \"just now\")")
	}

	// The stream polls behind and fails; no drain has taken it yet.
	h.run(h.m.SetActive(false))
	h.env.Clock.Advance(30 * time.Second)
	h.env.Poll()
	h.run(h.m.SetActive(true))
	if s := status(); !strings.Contains(s, "⚠ retrying") || !strings.Contains(s, "Service is down") || !strings.HasPrefix(s, "● following (last ok") {
		t.Errorf("first frame back after a failed poll behind: %q", s)
	}
	if st := h.m.Status(); st.Err == nil {
		t.Errorf("the header is not told of the error")
	}
}
