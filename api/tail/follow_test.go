package tail

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
)

// Follow on real timers with a short interval: cancelling ends it with nil.
func TestFollowStopsCleanlyOnCancel(t *testing.T) {
	s := newSimLog(world{}, newClock(), 1)
	s.write(10)
	tl := New(entrySource(s.Fetch), Options{Interval: 2 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	emits, errs := 0, 0
	done := make(chan error, 1)
	go func() {
		done <- Follow(ctx, tl, func(b Batch[entry]) {
			if emits++; emits == 3 {
				cancel()
			}
			s.write(1) // something new for the next poll
		}, func(error) { errs++ })
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Follow returned %v after cancel, want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Follow did not stop after cancel")
	}
	if emits != 3 || errs != 0 {
		t.Errorf("emits %d, errors %d; want 3 and none", emits, errs)
	}
}

// Cancelled while a request is in flight: nil, and no error reported.
func TestFollowCancelledMidPoll(t *testing.T) {
	started := make(chan struct{})
	src := Source[entry]{
		Fetch: func(ctx context.Context, page, per int) (api.LogPage[entry], error) {
			close(started)
			<-ctx.Done()
			return api.LogPage[entry]{}, ctx.Err()
		},
		ID:   func(e entry) api.ID { return e.ID },
		Time: func(e entry) time.Time { return e.At },
	}
	tl := New(src, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	var errs atomic.Int32
	done := make(chan error, 1)
	go func() { done <- Follow(ctx, tl, func(Batch[entry]) {}, func(error) { errs.Add(1) }) }()
	<-started
	cancel()
	select {
	case err := <-done:
		if err != nil || errs.Load() != 0 {
			t.Errorf("Follow = %v with %d errors reported; want nil and none", err, errs.Load())
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Follow did not stop")
	}
}

// Errors go to onErr and following goes on after the delay.
func TestFollowReportsErrorsAndGoesOn(t *testing.T) {
	clock := newClock()
	s := newSimLog(world{}, clock, 1)
	s.write(5)
	fails := 2
	src := entrySource(func(ctx context.Context, page, per int) (api.LogPage[entry], error) {
		if fails > 0 {
			fails--
			return api.LogPage[entry]{}, errors.New("502 Bad Gateway")
		}
		return s.Fetch(ctx, page, per)
	})
	tl := New(src, Options{})
	var waits []time.Duration
	ctx, cancel := context.WithCancel(context.Background())
	tl.sleep = func(ctx context.Context, d time.Duration) error {
		waits = append(waits, d)
		clock.Advance(d)
		if len(waits) == 4 {
			cancel()
		}
		return ctx.Err()
	}
	var errs []error
	var got []entry
	err := Follow(ctx, tl, func(b Batch[entry]) { got = append(got, b.New...) }, func(err error) { errs = append(errs, err) })
	if err != nil || len(errs) != 2 || len(got) != 5 {
		t.Fatalf("Follow = %v, %d errors, %d entries; want nil, 2, 5", err, len(errs), len(got))
	}
	if waits[0] < 2*time.Second || waits[1] < 4*time.Second || waits[2] != 2*time.Second {
		t.Errorf("waits %v: want backoff after each failure, the interval after success", waits)
	}
}

// Two polls of one stream at once: the second fails at once and changes
// nothing.
func TestConcurrentPollIsRefused(t *testing.T) {
	release := make(chan struct{})
	entered := make(chan struct{})
	src := Source[entry]{
		Fetch: func(ctx context.Context, page, per int) (api.LogPage[entry], error) {
			close(entered)
			<-release
			return api.LogPage[entry]{}, nil
		},
		ID:   func(e entry) api.ID { return e.ID },
		Time: func(e entry) time.Time { return e.At },
	}
	tl := New(src, Options{})
	done := make(chan error, 1)
	go func() { _, err := tl.Poll(context.Background()); done <- err }()
	<-entered
	if _, err := tl.Poll(context.Background()); !errors.Is(err, errBusy) {
		t.Errorf("second poll in flight: %v, want errBusy", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Errorf("first poll: %v", err)
	}
	if tl.fails != 0 {
		t.Errorf("the refused poll counted as a failure")
	}
}
