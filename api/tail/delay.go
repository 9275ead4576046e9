package tail

import (
	"time"

	"github.com/wasender-tui/wasender-tui/api"
)

// Delay is how long to wait before the next poll after one that ended with
// err: the interval, or a growing backoff after failures honouring the
// API's retry_after, capped at MaxBackoff.
//
// After n failures in a row the backoff is Interval·2ⁿ capped at MaxBackoff,
// with equal jitter (between half of it and all of it, so never less than
// Interval), drawn once per failure: asking again (to print it, then to
// wait) gives the same answer. A retry_after the API sent (or the client's
// own rate-limit hold) is waited out in full even beyond MaxBackoff, since
// polling sooner only earns another 429.
func (t *Tail[T]) Delay(err error) time.Duration {
	if err == nil {
		return t.opts.Interval
	}
	if t.backoff.fails != t.fails || t.backoff.d == 0 {
		d := t.opts.Interval
		for range max(t.fails, 1) {
			if d >= t.opts.MaxBackoff {
				break
			}
			d *= 2
		}
		d = min(d, t.opts.MaxBackoff)
		t.backoff.fails, t.backoff.d = t.fails, d/2+time.Duration(t.jitter(int64(d/2)+1))
	}
	d := t.backoff.d
	if e, ok := api.AsError(err); ok && e.RetryAfter > d {
		d = e.RetryAfter
	}
	return d
}
