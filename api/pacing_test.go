package api

import (
	"context"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

const metaRoute = "GET /api/groups/123456789-987654321@g.us/metadata"
const groupJID = "123456789-987654321@g.us"

// paceSetup serves group metadata for sessions 1 and 2 and records, on the
// fake clock, when each request reached the server.
func paceSetup(t *testing.T) (*apiServer, *fakeClock, *Client, *[]time.Time) {
	s := newAPIServer(t)
	clk := newFakeClock()
	// A long timeout: paced waits run on the fake clock but must fit in the
	// call's (wall-clock) deadline.
	c := s.client(t, clk.opts(Options{Token: testPAT, Timeout: 10 * time.Minute,
		SessionKeys: map[string]string{"1": "k1", "2": "k2"}}))
	meta := fixture(t, "group_metadata.json")
	var at []time.Time
	s.handle(metaRoute, func(r *http.Request, _ int) reply {
		if r.Header.Get("Authorization") == "Bearer k1" {
			at = append(at, clk.Now())
		}
		return ok(meta)
	})
	return s, clk, c, &at
}

func TestGroupMetadataPacedTenPerMinute(t *testing.T) {
	_, clk, c, at := paceSetup(t)
	ctx := context.Background()
	t0 := clk.Now()
	for i := range 10 {
		if d := c.PaceDelay("1", EndpointGroupMetadata); d != 0 {
			t.Fatalf("call %d: PaceDelay %v, want 0", i+1, d)
		}
		if _, err := c.Session("1").GroupMetadata(ctx, groupJID); err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Second)
	}
	if w := clk.Waits(); len(w) != 0 {
		t.Fatalf("the first 10 calls waited %v", w)
	}
	// Now t0+10s: the 11th must wait until the first call (t0) leaves the window.
	if d := c.PaceDelay("1", EndpointGroupMetadata); d != 50*time.Second {
		t.Errorf("PaceDelay before the 11th call = %v, want 50s", d)
	}
	// Another session is not affected.
	if d := c.PaceDelay("2", EndpointGroupMetadata); d != 0 {
		t.Errorf("session 2 PaceDelay = %v", d)
	}
	if _, err := c.Session("2").GroupMetadata(ctx, groupJID); err != nil {
		t.Fatal(err)
	}
	if w := clk.Waits(); len(w) != 0 {
		t.Errorf("session 2 waited %v", w)
	}
	if _, err := c.Session("1").GroupMetadata(ctx, groupJID); err != nil {
		t.Fatal(err)
	}
	if w := clk.Waits(); !slices.Equal(w, []time.Duration{50 * time.Second}) {
		t.Errorf("11th call waited %v, want [50s]", w)
	}
	if got := (*at)[10]; !got.Equal(t0.Add(time.Minute)) {
		t.Errorf("11th request reached the server at t0+%v, want t0+1m", got.Sub(t0))
	}
	// 12th: the second call (t0+1s) leaves at t0+61s.
	if d := c.PaceDelay("1", EndpointGroupMetadata); d != time.Second {
		t.Errorf("PaceDelay before the 12th = %v, want 1s", d)
	}
	checkWindow(t, *at, 10, time.Minute)
}

func TestPaceWaitBeyondDeadlineFailsFast(t *testing.T) {
	s, clk, _, _ := paceSetup(t)
	// The default 20 s timeout cannot cover a 50 s pacing wait.
	c := s.client(t, clk.opts(Options{Token: testPAT, SessionKeys: map[string]string{"1": "k1"}}))
	ctx := context.Background()
	for range 10 {
		if _, err := c.Session("1").GroupMetadata(ctx, groupJID); err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Second)
	}
	before := s.count(metaRoute)
	_, err := c.Session("1").GroupMetadata(ctx, groupJID)
	e := mustErr(t, err)
	if e.RetryAfter != 50*time.Second || !strings.Contains(err.Error(), "rate limit") {
		t.Errorf("error = %v (%+v)", err, e)
	}
	if s.count(metaRoute) != before || len(clk.Waits()) != 0 {
		t.Errorf("a request was sent or a wait started")
	}
	// The refused call gave its slot back.
	if d := c.PaceDelay("1", EndpointGroupMetadata); d != 50*time.Second {
		t.Errorf("PaceDelay = %v, want 50s", d)
	}
}

func TestCancelledPaceWaitReleasesItsSlot(t *testing.T) {
	s, clk, c, _ := paceSetup(t)
	ctx := context.Background()
	for range 10 {
		if _, err := c.Session("1").GroupMetadata(ctx, groupJID); err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Second)
	}
	// The 11th call is cancelled while it waits for its slot (t0+60s).
	cctx, cancel := context.WithCancel(ctx)
	c.sleep = func(ctx context.Context, d time.Duration) error {
		cancel()
		return ctx.Err()
	}
	before := s.count(metaRoute)
	_, err := c.Session("1").GroupMetadata(cctx, groupJID)
	if e := mustErr(t, err); !strings.Contains(e.Message, "waiting for the rate limit: cancelled") {
		t.Errorf("error = %+v", e)
	}
	if s.count(metaRoute) != before {
		t.Error("a cancelled call was sent")
	}
	// Released: the next call gets the same slot (50 s), not the one after (51 s).
	if d := c.PaceDelay("1", EndpointGroupMetadata); d != 50*time.Second {
		t.Errorf("PaceDelay = %v, want 50s: the cancelled call's slot was not released", d)
	}
}

func TestRetriesArePacedToo(t *testing.T) {
	clk := newFakeClock()
	s := newAPIServer(t)
	c := s.client(t, clk.opts(Options{Token: testPAT, Timeout: 10 * time.Minute, SessionKeys: map[string]string{"1": "k1"}}))
	meta := fixture(t, "group_metadata.json")
	s.handle(metaRoute, func(_ *http.Request, n int) reply {
		if n == 9 {
			return reply{status: 503, body: []byte(`{}`)}
		}
		return ok(meta)
	})
	ctx := context.Background()
	for range 9 {
		if _, err := c.Session("1").GroupMetadata(ctx, groupJID); err != nil {
			t.Fatal(err)
		}
	}
	// The 10th call fails once and is retried: that retry is the 11th
	// request of the minute and must wait for the window.
	if _, err := c.Session("1").GroupMetadata(ctx, groupJID); err != nil {
		t.Fatal(err)
	}
	w := clk.Waits()
	if len(w) != 2 {
		t.Fatalf("waits = %v, want a backoff then the window", w)
	}
	if total := w[0] + w[1]; total != time.Minute {
		t.Errorf("retry sent %v after the first call, want 1m", total)
	}
}

func TestPacerUnit(t *testing.T) {
	clk := newFakeClock()
	p := newPacer(clk.Now)
	if d, _ := p.reserve("s", ""); d != 0 {
		t.Error("empty endpoint is never paced")
	}
	// Send message: 1 per 5 s.
	d1, _ := p.reserve("s", EndpointSendMessage)
	d2, rel2 := p.reserve("s", EndpointSendMessage)
	d3, _ := p.reserve("s", EndpointSendMessage)
	if d1 != 0 || d2 != 5*time.Second || d3 != 10*time.Second {
		t.Errorf("reservations %v %v %v", d1, d2, d3)
	}
	rel2()
	if d := p.delay("s", EndpointSendMessage); d != 15*time.Second {
		t.Errorf("delay after releasing the middle slot = %v (the last one is still at 10s)", d)
	}
	clk.Advance(11 * time.Second)
	if d := p.delay("s", EndpointSendMessage); d != 4*time.Second {
		t.Errorf("delay = %v", d)
	}
	if d, _ := p.reserve("s", "unlisted"); d != 0 {
		t.Errorf("unlisted endpoint paced: %v", d)
	}
}

// checkWindow asserts no more than n of the times fall in any half-open
// window of length per, i.e. any n+1 consecutive sorted times span >= per.
func checkWindow(t *testing.T, times []time.Time, n int, per time.Duration) {
	t.Helper()
	s := slices.Clone(times)
	slices.SortFunc(s, func(a, b time.Time) int { return a.Compare(b) })
	for i := 0; i+n < len(s); i++ {
		if span := s[i+n].Sub(s[i]); span < per {
			t.Fatalf("%d calls within %v (from %v to %v)", n+1, span, s[i], s[i+n])
		}
	}
}

// TestPacerSlidingWindowProperty drives the pacer with random call times
// and cancellations (releases), and checks that the calls it lets
// through never exceed n in any window, and that PaceDelay predicted each
// wait exactly.
func TestPacerSlidingWindowProperty(t *testing.T) {
	for seed := range uint64(200) {
		r := rand.New(rand.NewPCG(seed, 42))
		clk := newFakeClock()
		p := newPacer(clk.Now)
		ep := EndpointGroupMetadata
		w := publishedLimits[ep]
		var sent []time.Time
		for range 150 {
			if r.IntN(100) < 40 {
				clk.Advance(time.Duration(r.IntN(20_000)) * time.Millisecond)
			}
			predicted := p.delay("s", ep)
			d, release := p.reserve("s", ep)
			if d != predicted {
				t.Fatalf("seed %d: PaceDelay said %v, reserve gave %v", seed, predicted, d)
			}
			if d < 0 {
				t.Fatalf("seed %d: negative wait %v", seed, d)
			}
			if r.IntN(10) == 0 {
				release() // cancelled before it was sent
				continue
			}
			sent = append(sent, clk.Now().Add(d))
		}
		checkWindow(t, sent, w.n, w.per)
	}
}
