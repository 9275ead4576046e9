package tail

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
)

// failing is a source whose every fetch fails with err.
func failing(err error) Source[entry] {
	return Source[entry]{
		Fetch: func(context.Context, int, int) (api.LogPage[entry], error) { return api.LogPage[entry]{}, err },
		ID:    func(e entry) api.ID { return e.ID },
		Time:  func(e entry) time.Time { return e.At },
	}
}

func TestDelayBacksOffAndHonoursRetryAfter(t *testing.T) {
	boom := errors.New("connection refused")
	for _, jit := range []struct {
		name string
		f    func(n int64) int64
		part float64 // share of the backoff the jitter lands on
	}{
		{"least jitter", func(int64) int64 { return 0 }, 0.5},
		{"most jitter", func(n int64) int64 { return n - 1 }, 1},
	} {
		t.Run(jit.name, func(t *testing.T) {
			tl := New(failing(boom), Options{Interval: 2 * time.Second, MaxBackoff: time.Minute})
			tl.jitter = jit.f
			if d := tl.Delay(nil); d != 2*time.Second {
				t.Fatalf("Delay(nil) = %v, want the interval", d)
			}
			for n := 1; n <= 8; n++ {
				_, err := tl.Poll(context.Background())
				if err == nil {
					t.Fatal("poll of a failing source succeeded")
				}
				base := min(2*time.Second<<n, time.Minute)
				want := time.Duration(float64(base) * jit.part)
				if d := tl.Delay(err); d != want {
					t.Errorf("after %d failures Delay = %v, want %v (backoff %v)", n, d, want, base)
				}
			}
		})
	}

	t.Run("retry_after", func(t *testing.T) {
		limited := &api.Error{Status: http.StatusTooManyRequests, Message: "Too Many Attempts.", RetryAfter: 7 * time.Second}
		tl := New(failing(fmt.Errorf("session logs: %w", limited)), Options{})
		tl.jitter = func(int64) int64 { return 0 }
		_, err := tl.Poll(context.Background())
		if d := tl.Delay(err); d != 7*time.Second {
			t.Errorf("first failure with retry_after 7 s: Delay = %v, want 7s", d)
		}
		for range 6 {
			_, err = tl.Poll(context.Background())
		}
		if d := tl.Delay(err); d != 30*time.Second {
			t.Errorf("after 7 failures: Delay = %v, want half of the 1 min cap, more than retry_after", d)
		}
		long := &api.Error{Status: http.StatusTooManyRequests, RetryAfter: 5 * time.Minute}
		if d := tl.Delay(long); d != 5*time.Minute {
			t.Errorf("retry_after beyond MaxBackoff: Delay = %v, want it waited out in full", d)
		}
	})

	t.Run("one draw per failure", func(t *testing.T) {
		tl := New(failing(boom), Options{})
		_, err := tl.Poll(context.Background())
		first := tl.Delay(err)
		for range 20 {
			if d := tl.Delay(err); d != first {
				t.Fatalf("Delay changed from %v to %v for the same failure", first, d)
			}
		}
		_, err = tl.Poll(context.Background())
		if d := tl.Delay(err); d < 4*time.Second || d > 8*time.Second {
			t.Errorf("second failure: %v, want within [4s, 8s]", d)
		}
	})

	t.Run("success resets", func(t *testing.T) {
		flaky := true
		log := newSimLog(world{}, newClock(), 1)
		log.write(5)
		src := entrySource(log.Fetch)
		fetch := src.Fetch
		src.Fetch = func(ctx context.Context, page, per int) (api.LogPage[entry], error) {
			if flaky {
				return api.LogPage[entry]{}, boom
			}
			return fetch(ctx, page, per)
		}
		tl := New(src, Options{})
		tl.jitter = func(n int64) int64 { return n - 1 }
		for range 5 {
			tl.Poll(context.Background())
		}
		flaky = false
		if _, err := tl.Poll(context.Background()); err != nil {
			t.Fatal(err)
		}
		flaky = true
		_, err := tl.Poll(context.Background())
		if d := tl.Delay(err); d != 4*time.Second {
			t.Errorf("first failure after a success: Delay = %v, want 4s", d)
		}
	})
}
