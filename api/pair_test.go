package api_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/fake"
)

// fast pairing on the wall clock: codes rotate every 300 ms.
func pairEnv(t *testing.T, opts fake.Options) (*fake.Server, *api.Client) {
	t.Helper()
	if opts.QRRotate == 0 {
		opts.QRRotate = 300 * time.Millisecond
	}
	f := fake.New(opts)
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	c, err := api.New(api.Options{BaseURL: srv.URL + "/api", Token: f.PersonalToken()})
	if err != nil {
		t.Fatal(err)
	}
	return f, c
}

var fastPair = api.PairOptions{StatusEvery: 40 * time.Millisecond, CodeEvery: 40 * time.Millisecond}

type recorder struct {
	mu     sync.Mutex
	events []api.PairEvent
}

func (r *recorder) emit(e api.PairEvent) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
}

func (r *recorder) kinds(k api.PairEventKind) []api.PairEvent {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []api.PairEvent
	for _, e := range r.events {
		if e.Kind == k {
			out = append(out, e)
		}
	}
	return out
}

func TestPairShowsRotatingCodesUntilThePhoneLinks(t *testing.T) {
	_, c := pairEnv(t, fake.Options{AutoPair: 1200 * time.Millisecond})
	var rec recorder
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	start := time.Now()
	if err := c.Pair(ctx, "14", fastPair, rec.emit); err != nil {
		t.Fatalf("Pair: %v", err)
	}
	codes := rec.kinds(api.PairCode)
	if len(codes) < 3 {
		t.Fatalf("%d codes in %s, want each rotation", len(codes), time.Since(start))
	}
	for i, e := range codes {
		if !strings.HasPrefix(e.Code, "2@") || len(e.Code) < 200 {
			t.Errorf("code %d = %q", i, e.Code)
		}
		if e.Seq != i+1 {
			t.Errorf("code %d has Seq %d", i, e.Seq)
		}
		if i > 0 && (e.Code == codes[i-1].Code || e.SeenAt.Before(codes[i-1].SeenAt)) {
			t.Errorf("code %d repeats the one before or was seen earlier", i)
		}
	}
	paired := rec.kinds(api.PairPaired)
	if len(paired) != 1 || paired[0].User.Name == "" || paired[0].User.Phone() != "+34622198043" {
		t.Fatalf("paired events: %+v", paired)
	}
	last := rec.events[len(rec.events)-1]
	if last.Kind != api.PairPaired {
		t.Errorf("last event is %v, want paired", last.Kind)
	}
}

func TestPairAlreadyConnectedNeedsNoCode(t *testing.T) {
	_, c := pairEnv(t, fake.Options{})
	var rec recorder
	if err := c.Pair(context.Background(), "11", fastPair, rec.emit); err != nil {
		t.Fatal(err)
	}
	got := rec.kinds(api.PairAlreadyConnected)
	if len(got) != 1 || !strings.Contains(got[0].Message, "No QR code needed") || got[0].User.Phone() == "" {
		t.Fatalf("events: %+v", rec.events)
	}
	if len(rec.kinds(api.PairCode)) != 0 {
		t.Error("a code was shown for a connected session")
	}
}

func TestPairWithoutSubscriptionStopsWithTheAPIsWords(t *testing.T) {
	_, c := pairEnv(t, fake.Options{NoSubscription: true})
	err := c.Pair(context.Background(), "14", fastPair, func(api.PairEvent) {})
	if err == nil || !strings.Contains(api.Words(err), "active subscription") {
		t.Fatalf("err = %v", err)
	}
}

func TestPairPasskeyReportsTheChallengeAndWaits(t *testing.T) {
	_, c := pairEnv(t, fake.Options{AutoPair: 300 * time.Millisecond})
	var rec recorder
	o := fastPair
	o.LinkMethod = "passkey"
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := c.Pair(ctx, "15", o, rec.emit); err != nil {
		t.Fatal(err)
	}
	pk := rec.kinds(api.PairPasskey)
	if len(pk) != 1 || pk[0].Passkey.Token == "" || pk[0].Passkey.ExpiresAt.IsZero() {
		t.Fatalf("passkey events: %+v", pk)
	}
	if len(rec.kinds(api.PairPaired)) != 1 {
		t.Fatal("passkey pairing never finished")
	}
}

func TestPairStopsWhenCancelled(t *testing.T) {
	_, c := pairEnv(t, fake.Options{})
	ctx, cancel := context.WithCancel(context.Background())
	var rec recorder
	done := make(chan error)
	go func() { done <- c.Pair(ctx, "14", fastPair, rec.emit) }()
	time.Sleep(200 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v", err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("Pair ignored cancellation")
	}
}

func TestPairKeepsGoingThroughPassingFailures(t *testing.T) {
	f, c := pairEnv(t, fake.Options{AutoPair: 800 * time.Millisecond})
	f.FailNext("GET", "/api/whatsapp-sessions/14", 503, "", 2)
	var rec recorder
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := c.Pair(ctx, "14", fastPair, rec.emit); err != nil {
		t.Fatal(err)
	}
	if len(rec.kinds(api.PairPaired)) != 1 {
		t.Fatal("not paired after transient failures")
	}
}

// The state shown from the start is the one connect reports, not the one a
// list said before it; the first state read, the same, is not news.
func TestPairReportsTheStateConnectAnswers(t *testing.T) {
	_, c := pairEnv(t, fake.Options{AutoPair: 500 * time.Millisecond})
	var rec recorder
	if err := c.Pair(context.Background(), "15", fastPair, rec.emit); err != nil {
		t.Fatal(err)
	}
	var states []string
	for _, e := range rec.kinds(api.PairStatus) {
		states = append(states, string(e.Status))
	}
	if strings.Join(states, " ") != "need_scan connected" {
		t.Errorf("states %v, want need_scan (from connect) then connected", states)
	}
	if first := rec.events[0]; first.Kind != api.PairStatus {
		t.Errorf("first event %v, want the state before the code", first.Kind)
	}
}

// A read that runs out of the client's own per-call timeout is one slow
// answer, not the end of the pairing: only the pairing's context ends it.
func TestPairOutlivesOneReadThatTimesOut(t *testing.T) {
	f := fake.New(fake.Options{QRRotate: 300 * time.Millisecond, AutoPair: 800 * time.Millisecond})
	var once sync.Once
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hang := false
		if strings.HasSuffix(r.URL.Path, "/qrcode") {
			once.Do(func() { hang = true })
		}
		if hang {
			<-r.Context().Done() // no answer until the client gives up
			return
		}
		f.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	c, err := api.New(api.Options{BaseURL: srv.URL + "/api", Token: f.PersonalToken(), Timeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	var rec recorder
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := c.Pair(ctx, "14", fastPair, rec.emit); err != nil {
		t.Fatalf("Pair: %v, want it to go on after one read timed out", err)
	}
	if len(rec.kinds(api.PairWarning)) == 0 || len(rec.kinds(api.PairPaired)) != 1 {
		t.Errorf("want a warning, then paired; got %d warnings, %d paired", len(rec.kinds(api.PairWarning)), len(rec.kinds(api.PairPaired)))
	}
}
