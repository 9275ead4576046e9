package api

import (
	"context"
	"math/rand/v2"
	"net/http"
	"time"
)

// RetryPolicy governs retries of idempotent calls (GET only): on network
// errors, 5xx and 429. Mutating calls are never retried blindly.
type RetryPolicy struct {
	MaxAttempts   int           // total attempts including the first; 1 disables retries
	BaseDelay     time.Duration // first backoff
	MaxDelay      time.Duration // cap of the exponential backoff
	MaxRetryAfter time.Duration // a server asking to wait longer than this gets an error instead
}

// DefaultRetry keeps a user waiting at most a few seconds before seeing an
// error; a longer Retry-After is reported rather than slept through.
var DefaultRetry = RetryPolicy{MaxAttempts: 4, BaseDelay: 300 * time.Millisecond, MaxDelay: 5 * time.Second, MaxRetryAfter: 30 * time.Second}

// backoff returns the jittered delay before attempt n (n >= 1 is the first retry).
func (p RetryPolicy) backoff(n int) time.Duration {
	d := p.BaseDelay
	for i := 1; i < n && d < p.MaxDelay; i++ {
		d *= 2
	}
	d = min(d, p.MaxDelay)
	if d <= 0 {
		return 0
	}
	// "equal jitter": half fixed, half random, so retries of many clients spread out.
	return d/2 + rand.N(d/2+1)
}

func retryableStatus(code int) bool {
	return code == http.StatusTooManyRequests || code >= 500
}

// sleepCtx waits d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
