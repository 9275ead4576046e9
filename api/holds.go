package api

import (
	"errors"
	"sync"
	"time"
)

// ErrHeld is inside the error of a call that was not sent because the API
// answered 429 to its credential and the wait it asked for would not pass
// within the call's timeout. The *Error's RetryAfter says how long is left.
var ErrHeld = errors.New("credential held after a 429")

// Bounds of a hold. A 429 without retry_after, Retry-After or
// X-RateLimit-Reset holds the credential defaultHold; no hold lasts longer
// than maxHold, so an absurd retry_after cannot silence the console for
// good (the next call after it learns the truth again).
const (
	defaultHold = 5 * time.Second
	maxHold     = 5 * time.Minute
)

// holds are the credentials the API rate-limited: after a 429, every
// endpoint called with that credential waits, not only the one that got it.
// Keyed by the secret itself (kept only in memory, like the keys it comes
// from), so the fallback key shared by several sessions is one credential.
type holds struct {
	mu    sync.Mutex
	until map[string]time.Time
}

func newHolds() *holds { return &holds{until: map[string]time.Time{}} }

// get returns when the hold on secret ends, or zero when it is not held.
func (h *holds) get(secret string, now time.Time) time.Time {
	if secret == "" {
		return time.Time{}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	t, ok := h.until[secret]
	if !ok {
		return time.Time{}
	}
	if !t.After(now) {
		delete(h.until, secret)
		return time.Time{}
	}
	return t
}

// hold holds secret until now+d; a shorter hold never shortens a longer one.
func (h *holds) hold(secret string, now time.Time, d time.Duration) {
	if secret == "" || d <= 0 {
		return
	}
	until := now.Add(min(d, maxHold))
	h.mu.Lock()
	defer h.mu.Unlock()
	if until.After(h.until[secret]) {
		h.until[secret] = until
	}
}

// holdFor is how long a 429 holds its credential: the wait the answer asked
// for (retry_after or Retry-After, else X-RateLimit-Reset), else defaultHold.
func holdFor(e *Error, now time.Time) time.Duration {
	d := e.RetryAfter
	if d <= 0 && !e.RateLimit.Reset.IsZero() {
		d = e.RateLimit.Reset.Sub(now)
	}
	if d <= 0 {
		d = defaultHold
	}
	return min(d, maxHold)
}

// HeldUntil is when the hold on a credential ends after a 429, or zero when
// it is not held. Session "" means the personal access token (or, without
// one, the single session key of WASENDER_API_KEY); any other id means that
// session's API key (the one configured or learned for it, else that single
// key). Calls under /whatsapp-sessions (the list, details, logs, pairing)
// use the personal token whenever there is one, so a scheduler checks
// HeldUntil("") for them, and HeldUntil(id) for groups, contacts, messages,
// /status and /user.
//
// A call made while its credential is held is not sent before the hold
// ends: it waits when the hold ends within the call's timeout (as for the
// pacer), and otherwise fails at once with an *Error that wraps ErrHeld and
// whose RetryAfter is the time left. A scheduler that skips held streams
// never has a request waiting.
func (c *Client) HeldUntil(session ID) time.Time {
	return c.holds.get(c.secretFor(session), c.now())
}

// secretFor is the secret a call for session would send (see HeldUntil).
func (c *Client) secretFor(session ID) string {
	if session == "" {
		if c.token != "" {
			return c.token
		}
		return c.keys.fallback
	}
	if key, _ := c.keys.get(session); key != "" {
		return key
	}
	return c.keys.fallback
}
