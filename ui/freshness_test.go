package ui_test

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// While every refresh fails, the header's freshness is the age of the last
// good list, beside the error, in Sessions and Health alike: not "just
// now" for the first minute of an outage.
func TestFreshnessIsTheLastGoodList(t *testing.T) {
	for _, pane := range []string{"1", "6"} {
		env, m, d := newConsole(t)
		start(t, d, m, 160, 30)
		d.Press(pane)
		d.Advance(time.Second)
		env.Fake.FailNext("GET", "/api/whatsapp-sessions", 503, "", 1000)
		for _, want := range []string{"updated 30s ago", "updated 2m ago"} {
			if want == "updated 30s ago" {
				d.Advance(35 * time.Second)
			} else {
				d.Advance(90 * time.Second)
			}
			header := strings.Split(m.View(), "\n")[0]
			for _, w := range []string{want, "⚠", "HTTP 503"} {
				if !strings.Contains(header, w) {
					t.Errorf("pane %s: header lacks %q: %q", pane, w, header)
				}
			}
		}
	}
}

// Once any pane reads the list again, the Health header drops the error at
// once: it does not wait for a read of its own.
func TestHealthErrorEndsWithTheNextGoodList(t *testing.T) {
	env, m, d := newConsole(t)
	start(t, d, m, 160, 30)
	d.Press("6")
	env.Fake.FailNext("GET", "/api/whatsapp-sessions", 503, "", 1)
	d.Press("r")
	if h := strings.Split(m.View(), "\n")[0]; !strings.Contains(h, "HTTP 503") {
		t.Fatalf("no error in the header: %q", h)
	}
	d.Press("1")
	d.Advance(6 * time.Second) // the Sessions pane reads the list, and it is good
	d.Press("6")
	if h := strings.Split(m.View(), "\n")[0]; strings.Contains(h, "⚠") {
		t.Errorf("the error outlives the good list: %q", h)
	}
}

// A notice ends on its own timer a few seconds on, with a dialog open over
// the pane or not.
func TestNoticesExpireOnTheirOwn(t *testing.T) {
	_, m, d := newConsole(t)
	start(t, d, m, 120, 30)
	d.Press("x", "esc") // a confirmation, cancelled: "cancelled"
	if !strings.Contains(m.View(), "cancelled") {
		t.Fatalf("no notice:\n%s", m.View())
	}
	d.Press("x") // the dialog again, left open
	d.Advance(5 * time.Second)
	if v := m.View(); strings.Contains(v, "cancelled") || !strings.Contains(v, "Disconnect") {
		t.Errorf("5 s on, with a dialog open:\n%s", v)
	}
}

// At 80 columns the header's left part, cut with "…", leaves a gap before
// the counts: with a long error, and with a long profile name.
func TestHeaderLeavesAGapBeforeTheCounts(t *testing.T) {
	gap := regexp.MustCompile(`…\s{2,}\S`)
	env, m, d := newConsole(t)
	start(t, d, m, 80, 24)
	env.Fake.FailNext("GET", "/api/whatsapp-sessions", 503, "", 1)
	d.Press("r")
	if h := strings.Split(m.View(), "\n")[0]; !gap.MatchString(h) || !strings.HasSuffix(h, "updated just now") {
		t.Errorf("with an error: %q", h)
	}
	env, m, d = newConsole(t)
	env.Ctx.Profile = "production-eu-west-customer-support-and-sales-for-the-whole-region"
	start(t, d, m, 80, 24)
	if h := strings.Split(m.View(), "\n")[0]; !gap.MatchString(h) || !strings.HasSuffix(h, "updated just now") {
		t.Errorf("with a long profile: %q", h)
	}
}

// The list's failure is the list's, not one pane's: read by Sessions, it
// shows in Health at once, which need not read the list again to know.
func TestAFailedListShowsInHealthToo(t *testing.T) {
	env, m, d := newConsole(t)
	start(t, d, m, 160, 30)
	d.Advance(time.Second)
	env.Fake.FailNext("GET", "/api/whatsapp-sessions", 503, "", 1)
	d.Press("r")
	d.Press("6")
	if h := strings.Split(m.View(), "\n")[0]; !strings.Contains(h, "HTTP 503") {
		t.Errorf("Health does not show the list's failure: %q", h)
	}
}
