package fake

import (
	"net/http"
	"strconv"
	"time"
)

// limitRule is one published limit ("All limits are enforced per endpoint per
// session"). Endpoints without a published limit get ruleDefault so that every
// response can carry honest X-RateLimit-* headers.
type limitRule struct {
	limit   int
	per     time.Duration
	message string
}

var (
	ruleDefault         = limitRule{1000, time.Minute, "Too Many Attempts."}
	ruleGroupMetadata   = limitRule{10, time.Minute, "Too many requests. Group metadata is limited to 10 requests per minute per session."}
	ruleGroupPartic     = limitRule{10, time.Minute, "Too many requests. Group participants is limited to 10 requests per minute per session."}
	ruleContactPicture  = limitRule{60, time.Minute, "Too many requests. Contact profile picture is limited to 60 requests per minute per session."}
	ruleOnWhatsApp      = limitRule{60, time.Minute, "Too many requests. On-WhatsApp check is limited to 60 requests per minute per session."}
	ruleSendMessage     = limitRule{256, time.Minute, "You can only send 256 messages per minute."}
	ruleSendProtected   = limitRule{1, 5 * time.Second, "You have account protection enabled. You can only send 1 message every 5 seconds. Check our API docs: https://www.wasenderapi.com/api-docs"}
	sendProtectedBucket = "send-message:protection"
)

type limitKey struct{ subject, bucket string }

type window struct {
	start time.Time
	count int
}

type limiter struct{ windows map[limitKey]*window }

type limitState struct {
	rule      limitRule
	allowed   bool
	remaining int
	reset     time.Time
	now       time.Time
}

func newLimiter() *limiter { return &limiter{windows: map[limitKey]*window{}} }

// peek reports the state of a fixed window that opens at its first hit
// (Laravel's throttle behaves the same way).
func (l *limiter) peek(key limitKey, rule limitRule, now time.Time) limitState {
	st := limitState{rule: rule, allowed: true, remaining: rule.limit, reset: now.Add(rule.per), now: now}
	if w := l.windows[key]; w != nil && now.Before(w.start.Add(rule.per)) {
		st.remaining = rule.limit - w.count
		st.reset = w.start.Add(rule.per)
		st.allowed = st.remaining > 0
	}
	return st
}

func (l *limiter) hit(key limitKey, rule limitRule, now time.Time) {
	w := l.windows[key]
	if w == nil || !now.Before(w.start.Add(rule.per)) {
		w = &window{start: now}
		l.windows[key] = w
	}
	w.count++
}

func (l *limiter) take(key limitKey, rule limitRule, now time.Time) limitState {
	st := l.peek(key, rule, now)
	if st.allowed {
		l.hit(key, rule, now)
		st.remaining--
	}
	return st
}

func (st limitState) retryAfter() int {
	d := st.reset.Sub(st.now)
	secs := int((d + time.Second - 1) / time.Second)
	return max(secs, 1)
}

func (st limitState) stamp(r *reply) {
	r.setHeader("X-RateLimit-Limit", strconv.Itoa(st.rule.limit))
	r.setHeader("X-RateLimit-Remaining", strconv.Itoa(max(st.remaining, 0)))
	r.setHeader("X-RateLimit-Reset", strconv.FormatInt(st.reset.Unix(), 10))
}

// tooMany is the 429: a body without "success", as the SDKs show.
func (st limitState) tooMany() reply {
	secs := st.retryAfter()
	r := jsonReply(http.StatusTooManyRequests, rateLimitBody{Message: st.rule.message, RetryAfter: secs})
	st.stamp(&r)
	r.setHeader("Retry-After", strconv.Itoa(secs))
	return r
}
