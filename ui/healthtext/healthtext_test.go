package healthtext

import (
	"testing"
	"time"

	"github.com/wasender-tui/wasender-tui/api/health"
)

// Bars double: a glance compares sessions, and no count is drawn as none.
func TestSparkBarsCompareAcrossSessions(t *testing.T) {
	spark, per := Spark([]int{0, 1, 2, 3, 4, 7, 8, 64, 127, 128, 5000, 0}, 24)
	if per != 5*time.Minute {
		t.Errorf("per %s", per)
	}
	if want := "·▁▂▂▃▃▄▇▇██·"; spark != want {
		t.Errorf("spark %q, want %q", spark, want)
	}
}

// A window longer than the cells adds neighbouring buckets together and
// says what one cell spans.
func TestSparkOfALongWindow(t *testing.T) {
	counts := make([]int, 288) // 24h
	counts[0], counts[11], counts[12] = 1, 1, 4
	spark, per := Spark(counts, 24)
	if per != time.Hour || len([]rune(spark)) != 24 {
		t.Fatalf("%q per %s", spark, per)
	}
	if r := []rune(spark); r[0] != '▂' || r[1] != '▃' || r[2] != '·' {
		t.Errorf("%q", spark)
	}
	if s, _ := Spark(make([]int, 3), 24); s != "···" {
		t.Errorf("15m: %q", s)
	}
}

func TestFlagMarksWhatNeedsLookingAt(t *testing.T) {
	reason := func(kinds ...string) []health.Reason {
		var out []health.Reason
		for _, k := range kinds {
			out = append(out, health.Reason{Kind: k})
		}
		return out
	}
	for _, c := range []struct {
		row  health.Row
		want string
	}{
		{health.Row{Verdict: health.OK, Ready: true}, ""},
		{health.Row{Verdict: health.Attention, Reasons: reason(health.Flapping)}, ""}, // still reading
		{health.Row{Verdict: health.Attention, Ready: true, Reasons: reason(health.Failing, health.Flapping)}, "! failing"},
		{health.Row{Verdict: health.Attention, Ready: true, Reasons: reason(health.Unreadable)}, "! unreadable"},
		{health.Row{Verdict: health.Down, Reasons: reason(health.NotConnected, health.Flapping)}, "✗ down"},
	} {
		if got := Flag(c.row); got != c.want {
			t.Errorf("%+v: %q, want %q", c.row, got, c.want)
		}
	}
}
