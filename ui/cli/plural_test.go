package cli

import "testing"

func TestCountsOfOneAreSingular(t *testing.T) {
	t.Parallel()
	if got := wereNot(1, "event"); got != "1 event was" {
		t.Errorf("%q", got)
	}
	if got := wereNot(3, "event"); got != "3 events were" {
		t.Errorf("%q", got)
	}
	if got := plural(1, "repeat") + ", " + plural(2, "delivery"); got != "1 repeat, 2 deliveries" {
		t.Errorf("%q", got)
	}
}
