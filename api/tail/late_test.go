package tail

import (
	"testing"
	"time"
)

// Late is the wait for the budget alone: a stream polled rarely behind
// that a reader looks at again is due at once, not "held back" for the
// time it was not wanted; a hold of its credential after a 429 is a
// backoff, not the budget. Overdue says the last good poll is old.
func TestLateIsOnlyTheWaitForTheBudget(t *testing.T) {
	clock := newClock()
	log := newSimLog(world{}, clock, 5)
	log.write(3)
	tl := New(entrySource(log.Fetch), Options{})
	tl.now = clock.Now
	var held time.Time
	st := NewStream(tl, StreamOptions{Now: clock.Now, Held: func() time.Time { return held }})
	sub, _ := st.Subscribe(true)
	st.Run(bg())
	sub.SetVisible(false)
	clock.Advance(45 * time.Second) // behind: no poll due yet
	if s := st.Status(); s.Late != 0 || s.Overdue {
		t.Fatalf("behind, before its poll is due: late %v, overdue %v", s.Late, s.Overdue)
	}
	sub.SetVisible(true)
	s := st.Status()
	if s.Late != 0 {
		t.Errorf("looked at again: late %v, want 0 (the poll has just become due)", s.Late)
	}
	if !s.Overdue {
		t.Errorf("looked at again 45s after the last poll: not overdue")
	}
	clock.Advance(3 * time.Second)
	if s := st.Status(); s.Late != 3*time.Second {
		t.Errorf("3s later, not polled: late %v, want 3s", s.Late)
	}
	held = clock.Now().Add(10 * time.Second)
	clock.Advance(5 * time.Second)
	if s := st.Status(); s.Late != 0 {
		t.Errorf("while the credential is held: late %v, want 0", s.Late)
	}
	st.Run(bg())
	if s := st.Status(); s.Overdue {
		t.Errorf("overdue right after a poll")
	}
}
