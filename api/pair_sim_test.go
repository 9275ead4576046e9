package api_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/fake"
)

// pairSim runs Pair against the fake on virtual time: sleeps and requests
// move one clock, and every simStep the code last reported is compared
// with the string the server serves at that moment.
type pairSim struct {
	t    *testing.T
	f    *fake.Server
	id   int
	now  time.Time
	end  time.Time
	rtt  time.Duration // each request takes this long, half each way
	bias time.Duration // the server's clock minus ours (fake.Options.ClockOffset)

	pairAt time.Time // the phone scans then (zero: never)

	shown       string      // the code last reported
	server      string      // what the server served at the last sample
	serverSince time.Time   // when that string first appeared
	rotatedAt   []time.Time // changes on the server seen by the samples
	lags        []time.Duration
	worst       time.Duration // longest a new code waited to be reported
	codes       []api.PairEvent
	requests    int
	paired      time.Time
}

const simStep = 50 * time.Millisecond

var errSimEnd = errors.New("simulated time is over")

func newPairSim(t *testing.T, opts fake.Options, rtt, length time.Duration) *pairSim {
	s := &pairSim{t: t, id: 14, now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC), rtt: rtt, bias: opts.ClockOffset}
	s.end = s.now.Add(length)
	opts.Now = func() time.Time { return s.now }
	s.f = fake.New(opts)
	return s
}

func (s *pairSim) client() *api.Client {
	c, err := api.New(api.Options{
		BaseURL: "http://wasender.test/api", Token: s.f.PersonalToken(),
		HTTPClient: &http.Client{Transport: s},
		Retry:      api.RetryPolicy{MaxAttempts: 1},
		Now:        func() time.Time { return s.now },
		Sleep:      s.sleep,
	})
	if err != nil {
		s.t.Fatal(err)
	}
	return c
}

func (s *pairSim) advance(d time.Duration) {
	for d > 0 {
		step := min(d, simStep)
		s.now = s.now.Add(step)
		d -= step
		s.sample()
	}
}

func (s *pairSim) sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.advance(d)
	if !s.now.Before(s.end) {
		return errSimEnd
	}
	return nil
}

func (s *pairSim) RoundTrip(r *http.Request) (*http.Response, error) {
	s.requests++
	s.advance(s.rtt / 2)
	if r.Body == nil {
		r.Body = http.NoBody
	}
	rec := httptest.NewRecorder()
	s.f.ServeHTTP(rec, r)
	s.advance(s.rtt - s.rtt/2)
	return rec.Result(), nil
}

func (s *pairSim) sample() {
	if !s.pairAt.IsZero() && s.paired.IsZero() && !s.now.Before(s.pairAt) {
		if err := s.f.Pair(s.id); err != nil {
			s.t.Fatal(err)
		}
		s.paired = s.now
	}
	cur, err := s.f.PairingString(s.id)
	if err != nil {
		return // not waiting to be paired (yet, or any more)
	}
	if cur != s.server {
		if s.server != "" {
			s.rotatedAt = append(s.rotatedAt, s.now)
		}
		s.server, s.serverSince = cur, s.now
	}
	if s.shown != "" && s.shown != s.server {
		s.worst = max(s.worst, s.now.Sub(s.serverSince))
	}
}

func (s *pairSim) emit(ev api.PairEvent) {
	if ev.Kind != api.PairCode {
		return
	}
	s.sample()
	if ev.Code != s.server {
		s.t.Errorf("%s: reported a code the server does not serve now", s.now.Format("15:04:05.000"))
	}
	if len(s.codes) > 0 {
		s.lags = append(s.lags, s.now.Sub(s.serverSince))
	}
	s.shown = ev.Code
	s.codes = append(s.codes, ev)
}

func (s *pairSim) run(o api.PairOptions) error {
	return s.client().Pair(context.Background(), api.ID("14"), o, s.emit)
}

func meanLag(lags []time.Duration) time.Duration {
	if len(lags) == 0 {
		return 0
	}
	var sum time.Duration
	for _, l := range lags {
		sum += l
	}
	return sum / time.Duration(len(lags))
}

// Over a simulated minute, against servers that rotate on schedules of
// their own, the code reported is always the one the server serves now,
// give or take one check interval and a round trip; each code is reported
// once; the cost is one request a second.
func TestPairFollowsTheServersRotation(t *testing.T) {
	cases := []struct {
		name string
		opts fake.Options
		rtt  time.Duration
	}{
		{"every 20s", fake.Options{QRRotate: 20 * time.Second}, 80 * time.Millisecond},
		{"every 45s, as documented", fake.Options{QRRotate: 45 * time.Second}, 80 * time.Millisecond},
		{"every 7s", fake.Options{QRRotate: 7 * time.Second}, 80 * time.Millisecond},
		{"20s, first code 2s from its end", fake.Options{QRRotate: 20 * time.Second, QRPhase: 18 * time.Second}, 80 * time.Millisecond},
		{"20s ± 6s", fake.Options{QRRotate: 20 * time.Second, QRJitter: 6 * time.Second}, 80 * time.Millisecond},
		{"13s, server clock 37s ahead", fake.Options{QRRotate: 13 * time.Second, QRPhase: 3 * time.Second, ClockOffset: 37 * time.Second}, 80 * time.Millisecond},
		{"20s, server clock 2h behind", fake.Options{QRRotate: 20 * time.Second, ClockOffset: -2 * time.Hour}, 80 * time.Millisecond},
		{"20s over a slow link", fake.Options{QRRotate: 20 * time.Second, QRJitter: 5 * time.Second}, 600 * time.Millisecond},
	}
	o := api.PairOptions{}
	const codeEvery = 2 * time.Second // the default
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newPairSim(t, tc.opts, tc.rtt, time.Minute)
			if err := s.run(o); !errors.Is(err, errSimEnd) {
				t.Fatalf("Pair: %v", err)
			}
			if bound := codeEvery + tc.rtt + simStep; s.worst > bound {
				t.Errorf("a new code waited %s to be reported, want at most %s", s.worst, bound)
			}
			due := 0 // rotations long enough before the end to have been seen
			for _, at := range s.rotatedAt {
				if at.Add(codeEvery + tc.rtt).Before(s.end) {
					due++
				}
			}
			if len(s.codes) < due+1 || len(s.codes) > len(s.rotatedAt)+1 {
				t.Errorf("%d codes reported for %d rotations", len(s.codes), len(s.rotatedAt))
			}
			for i, ev := range s.codes {
				if ev.Seq != i+1 {
					t.Errorf("code %d: Seq %d", i, ev.Seq)
				}
			}
			rate := float64(s.requests-1) / time.Minute.Seconds() // without the connect
			if rate > 1.05 {
				t.Errorf("%.2f requests a second", rate)
			}
			t.Logf("%d rotations; a new code reported after %s on average, %s at worst; %.2f requests/s",
				len(s.rotatedAt), meanLag(s.lags).Round(time.Millisecond), s.worst.Round(time.Millisecond), rate)
		})
	}
}

// The interval shown comes from the rotations seen, never from the docs.
func TestPairMeasuresTheRotationInterval(t *testing.T) {
	s := newPairSim(t, fake.Options{QRRotate: 20 * time.Second, QRPhase: 11 * time.Second}, 80*time.Millisecond, 70*time.Second)
	s.run(api.PairOptions{})
	if len(s.codes) < 4 {
		t.Fatalf("%d codes", len(s.codes))
	}
	if s.codes[0].Rotates != 0 || s.codes[1].Rotates != 0 {
		t.Errorf("an interval before two rotations were seen: %s, %s", s.codes[0].Rotates, s.codes[1].Rotates)
	}
	for _, ev := range s.codes[2:] {
		if d := ev.Rotates - 20*time.Second; d < -2*time.Second || d > 2*time.Second {
			t.Errorf("code %d: rotates every %s, want 20s ± the 2s check interval", ev.Seq, ev.Rotates)
		}
	}
}

// The phone links between two state reads: the next code read gets no
// code (400, already connected) and pairing ends then, not at the next
// state read.
func TestPairEndsWhenTheCodeReadSaysConnected(t *testing.T) {
	s := newPairSim(t, fake.Options{QRRotate: 20 * time.Second}, 80*time.Millisecond, time.Minute)
	s.pairAt = s.now.Add(10*time.Second + 100*time.Millisecond) // just after a state read
	var paired []api.PairEvent
	err := s.client().Pair(context.Background(), api.ID("14"), api.PairOptions{}, func(ev api.PairEvent) {
		if ev.Kind == api.PairPaired {
			paired = append(paired, ev)
		}
		s.emit(ev)
	})
	if err != nil || len(paired) != 1 {
		t.Fatalf("Pair: %v, %d paired events", err, len(paired))
	}
	if d := s.now.Sub(s.paired); d > time.Second+2*s.rtt {
		t.Errorf("paired noticed %s after the scan, want within the 1s to the next code read", d)
	}
}

// The figure the README quotes: from a rotation on the server to the new
// code reported, over half an hour of rotations every 20 s ± 6 s (so they
// fall anywhere between two checks), with 80 ms round trips.
func TestPairRotationLagFigure(t *testing.T) {
	s := newPairSim(t, fake.Options{QRRotate: 20 * time.Second, QRJitter: 6 * time.Second}, 80*time.Millisecond, 30*time.Minute)
	s.run(api.PairOptions{})
	if len(s.lags) < 80 {
		t.Fatalf("%d rotations seen", len(s.lags))
	}
	t.Logf("%d rotations: reported %s after the rotation on average, %s at worst; %.2f requests/s",
		len(s.lags), meanLag(s.lags).Round(10*time.Millisecond), s.worst.Round(10*time.Millisecond), float64(s.requests)/(30*time.Minute).Seconds())
	if s.worst > 2*time.Second+80*time.Millisecond+simStep {
		t.Errorf("worst %s", s.worst)
	}
}

// Code reads that fail while state reads succeed keep their warning up
// (the code may be out of date) until a code read succeeds again.
func TestPairKeepsAWarningUntilTheFailingReadSucceeds(t *testing.T) {
	s := newPairSim(t, fake.Options{QRRotate: 20 * time.Second}, 80*time.Millisecond, 20*time.Second)
	s.f.FailNext("GET", "/api/whatsapp-sessions/14/qrcode", 503, "", 3)
	var kinds []api.PairEventKind
	s.client().Pair(context.Background(), api.ID("14"), api.PairOptions{}, func(ev api.PairEvent) {
		if ev.Kind == api.PairWarning || ev.Kind == api.PairRecovered {
			kinds = append(kinds, ev.Kind)
		}
	})
	want := []api.PairEventKind{api.PairWarning, api.PairWarning, api.PairWarning, api.PairRecovered}
	if fmt.Sprint(kinds) != fmt.Sprint(want) {
		t.Errorf("warnings and recoveries %v, want %v", kinds, want)
	}
}
