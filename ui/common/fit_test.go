package common

import "testing"

func TestShortPathKeepsTheName(t *testing.T) {
	p := "/home/operator/.local/state/wasender-tui/logs/sales-eu-message-logs-20261201-070102.log"
	for _, c := range []struct {
		w    int
		want string
	}{
		{200, p},
		{60, "/home/ope…tui/logs/sales-eu-message-logs-20261201-070102.log"},
		{70, "/home/operator…nder-tui/logs/sales-eu-message-logs-20261201-070102.log"},
		{20, "…/sales-eu-message-…"},
	} {
		if got := ShortPath(p, c.w); got != c.want {
			t.Errorf("ShortPath(%d) = %q, want %q", c.w, got, c.want)
		}
	}
}

func TestFitPartsDropsTheLeastFirst(t *testing.T) {
	parts := []Part{{"● following", 9}, {"polled just now", 2}, {"12/12 lines", 3}, {"status failed", 8}}
	if got := FitParts(parts, " · ", 80); got != "● following · polled just now · 12/12 lines · status failed" {
		t.Errorf("wide: %q", got)
	}
	if got := FitParts(parts, " · ", 45); got != "● following · 12/12 lines · status failed · …" {
		t.Errorf("45: %q", got)
	}
	if got := FitParts(parts, " · ", 20); got != "● following · …" {
		t.Errorf("20: %q", got)
	}
	failing := []Part{{"● following (last ok 1m ago)", 10}, {"⚠ retrying in 8s: Service is down for maintenance [HTTP 503]", 9}, {"99/99 lines", 5}}
	if got := FitParts(failing, " · ", 80); got != "● following (last ok 1m ago) · ⚠ retrying in 8s: Service is down for mainte… · …" {
		t.Errorf("an error is cut, not dropped: %q", got)
	}
}
