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
	parts := []Part{{Text: "● following", Keep: 9}, {Text: "polled just now", Keep: 2}, {Text: "12/12 lines", Keep: 3}, {Text: "status failed", Keep: 8}}
	if got := FitParts(parts, " · ", 80); got != "● following · polled just now · 12/12 lines · status failed" {
		t.Errorf("wide: %q", got)
	}
	if got := FitParts(parts, " · ", 45); got != "● following · 12/12 lines · status failed · …" {
		t.Errorf("45: %q", got)
	}
	if got := FitParts(parts, " · ", 20); got != "● following · …" {
		t.Errorf("20: %q", got)
	}
	failing := []Part{{Text: "● following (last ok 1m ago)", Keep: 10}, {Text: "⚠ retrying in 8s: Service is down for maintenance [HTTP 503]", Keep: 9}, {Text: "99/99 lines", Keep: 5}}
	if got := FitParts(failing, " · ", 80); got != "● following (last ok 1m ago) · ⚠ retrying in 8s: Service is down for mainte… · …" {
		t.Errorf("an error is cut, not dropped: %q", got)
	}
}

// Before a part of the least keep gives way, one of that keep with a
// shorter form takes it, shortest last.
func TestFitPartsShortensBeforeDropping(t *testing.T) {
	parts := []Part{{Text: "● following", Keep: 9}, {Text: "every 2s", Keep: 2},
		{Text: "filter a long term (highlight only)", Keep: 5, Shorter: []string{"filter a long term (hl)", "filter a lo… (hl)"}},
		{Text: "status failed", Keep: 5}, {Text: "last 5m", Keep: 5}}
	for _, c := range []struct {
		w    int
		want string
	}{
		{90, "● following · every 2s · filter a long term (highlight only) · status failed · last 5m"},
		{80, "● following · filter a long term (highlight only) · status failed · last 5m · …"},
		{70, "● following · filter a long term (hl) · status failed · last 5m · …"},
		{62, "● following · filter a lo… (hl) · status failed · last 5m · …"},
		{50, "● following · filter a lo… (hl) · status fail… · …"},
	} {
		if got := FitParts(parts, " · ", c.w); got != c.want {
			t.Errorf("%d: %q, want %q", c.w, got, c.want)
		}
	}
}
