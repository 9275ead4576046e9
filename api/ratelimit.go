package api

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RateLimit is what the X-RateLimit-* headers said about the current window.
type RateLimit struct {
	Limit     int
	Remaining int
	Reset     time.Time // zero when the header was absent
	Known     bool
}

// parseRateLimit reads X-RateLimit-*. Reset is documented both as a unix
// timestamp and as seconds until reset: a value far above any sane window is
// a timestamp.
func parseRateLimit(h http.Header, now time.Time) RateLimit {
	var rl RateLimit
	if v, err := strconv.Atoi(strings.TrimSpace(h.Get("X-RateLimit-Limit"))); err == nil {
		rl.Limit, rl.Known = v, true
	}
	if v, err := strconv.Atoi(strings.TrimSpace(h.Get("X-RateLimit-Remaining"))); err == nil {
		rl.Remaining, rl.Known = v, true
	}
	if v, err := strconv.ParseInt(strings.TrimSpace(h.Get("X-RateLimit-Reset")), 10, 64); err == nil && v > 0 {
		if v > 1_000_000_000 {
			rl.Reset = time.Unix(v, 0)
		} else {
			rl.Reset = now.Add(time.Duration(v) * time.Second)
		}
		rl.Known = true
	}
	return rl
}

// parseRetryAfter reads a Retry-After header: delay-seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseFloat(v, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		switch {
		case !(secs > 0): // zero, negative or NaN
			return 0
		case secs >= maxRetryAfter.Seconds(): // also +Inf; beyond this a Duration overflows
			return maxRetryAfter
		}
		return time.Duration(secs * float64(time.Second))
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return min(d, maxRetryAfter)
		}
	}
	return 0
}
