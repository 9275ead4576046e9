package healthview

import (
	"testing"
	"time"

	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/ui/uitest"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// big is the pane at 200x60 over 500 sessions of the demo world (with its
// incidents), every verdict in.
func big(b *testing.B) *harness {
	b.Helper()
	env := uitest.New(b, fake.Options{Sessions: 500, Incidents: true, Contacts: -1, Groups: -1, DefaultLimit: -1})
	h := &harness{env: env}
	h.p = env.NewPane(b, 200, 60, func(s *view.Stack) view.Pane { h.m = New(env.Ctx, s); return h.m })
	for range 120 {
		if h.m.ready {
			break
		}
		h.p.Advance(Every)
	}
	if !h.m.ready || len(h.m.rows) != 500 {
		b.Fatalf("ready %v, %d rows", h.m.ready, len(h.m.rows))
	}
	b.ReportAllocs()
	b.ResetTimer()
	return h
}

// BenchmarkView500: one frame of the pane at 200x60 with 500 sessions.
func BenchmarkView500(b *testing.B) {
	h := big(b)
	for range b.N {
		_ = h.m.View()
	}
}

// BenchmarkRebuild500: what the pane does when the streams brought
// something: the board's rows of 500 sessions, sorted, and their cells.
func BenchmarkRebuild500(b *testing.B) {
	h := big(b)
	for range b.N {
		h.env.Clock.Advance(time.Millisecond)
		h.m.pump(true)
	}
}
