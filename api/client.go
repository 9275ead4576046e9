// Package api is a client for WasenderAPI, the hosted WhatsApp sessions API.
//
// Every string it hands out from a server is clean (Clean, clean.go): no
// control, bidi or format character reaches whoever draws, copies or
// writes it; raw JSON it keeps goes out through SafeJSON.
package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"
)

// DefaultBaseURL is the hosted API, including its /api prefix.
const DefaultBaseURL = "https://www.wasenderapi.com/api"

// maxBody bounds a response read: a plain contact list of 100k entries is
// about 31 MiB.
const maxBody = 64 << 20

// Options configure a Client. Zero values take the defaults.
type Options struct {
	BaseURL     string            // default DefaultBaseURL
	Token       string            // personal access token (account level)
	APIKey      string            // one session's api key, used when no session id is known
	SessionKeys map[string]string // session id -> api key
	HTTPClient  *http.Client
	Timeout     time.Duration // per call, including retries; default 20 s
	Retry       RetryPolicy   // zero fields take DefaultRetry's
	UserAgent   string

	// OnMutation, when set, is told of every call that changes something
	// (any method but GET), success or failure: the audit trail.
	OnMutation func(Mutation)

	Now   func() time.Time                                 // clock for pacing; tests inject one
	Sleep func(ctx context.Context, d time.Duration) error // tests make waits instant
}

// Client calls WasenderAPI. It is safe for concurrent use.
type Client struct {
	base       *url.URL
	http       *http.Client
	token      string
	keys       *keyStore
	timeout    time.Duration
	retry      RetryPolicy
	ua         string
	now        func() time.Time
	sleep      func(context.Context, time.Duration) error
	onMutation func(Mutation)
	pace       *pacer
	holds      *holds
}

// New validates the options and returns a Client.
func New(o Options) (*Client, error) {
	raw := strings.TrimRight(strings.TrimSpace(o.BaseURL), "/")
	if raw == "" {
		raw = DefaultBaseURL
	}
	base, err := url.Parse(raw)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("base URL %q: want http(s)://host/api", raw)
	}
	c := &Client{
		base:    base,
		http:    o.HTTPClient,
		token:   strings.TrimSpace(o.Token),
		keys:    newKeyStore(o.SessionKeys, strings.TrimSpace(o.APIKey)),
		timeout: o.Timeout,
		retry:   o.Retry,
		ua:      o.UserAgent,
		now:     o.Now,
		sleep:   o.Sleep,
	}
	if c.http == nil {
		c.http = &http.Client{Transport: http.DefaultTransport}
	}
	// A copy, so the redirect policy holds whatever client was handed in.
	hc := *c.http
	hc.CheckRedirect = sameOriginRedirect
	c.http = &hc
	if c.timeout <= 0 {
		c.timeout = 20 * time.Second
	}
	if c.retry.MaxAttempts <= 0 {
		c.retry.MaxAttempts = DefaultRetry.MaxAttempts
	}
	if c.retry.BaseDelay <= 0 {
		c.retry.BaseDelay = DefaultRetry.BaseDelay
	}
	if c.retry.MaxDelay <= 0 {
		c.retry.MaxDelay = DefaultRetry.MaxDelay
	}
	if c.retry.MaxRetryAfter <= 0 {
		c.retry.MaxRetryAfter = DefaultRetry.MaxRetryAfter
	}
	if c.ua == "" {
		c.ua = "wasender-tui"
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.sleep == nil {
		c.sleep = sleepCtx
	}
	c.onMutation = o.OnMutation
	c.pace = newPacer(c.now)
	c.holds = newHolds()
	return c, nil
}

// BaseURL is the API root in use.
func (c *Client) BaseURL() string { return c.base.String() }

// Host is the API host, for display.
func (c *Client) Host() string { return c.base.Host }

// HasToken reports whether a personal access token is configured.
func (c *Client) HasToken() bool { return c.token != "" }

// KeySessions are the ids of the sessions whose API keys were configured
// (session_keys), in order: without a personal token, the sessions the
// console can name.
func (c *Client) KeySessions() []ID {
	c.keys.mu.Lock()
	defer c.keys.mu.Unlock()
	var ids []ID
	for id := range c.keys.keys {
		if !c.keys.learned[id] {
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, ID.Compare)
	return ids
}

// HasFallbackKey reports whether a single session key was configured.
func (c *Client) HasFallbackKey() bool { return c.keys.fallback != "" }

// PaceDelay is how long a call to ep for session would wait for the
// client-side rate limit right now, or how long its credential is still
// held after a 429, so a UI can say so before it calls. Every paced
// endpoint is called with the session's API key.
func (c *Client) PaceDelay(session ID, ep Endpoint) time.Duration {
	d := c.pace.delay(string(session), ep)
	if until := c.HeldUntil(session); !until.IsZero() {
		d = max(d, until.Sub(c.now()))
	}
	return d
}

// call describes one API request.
type call struct {
	op       string // for messages: "list sessions"
	method   string
	path     string // escaped, relative to the base, starting with "/"
	query    url.Values
	body     any
	auth     authMode
	session  ID
	pace     Endpoint
	topLevel bool   // decode out from the whole body instead of its data field
	bare     bool   // the body has no success envelope (/status)
	target   string // what a mutating call acts on, for the audit trail
}

// do runs a call and tells OnMutation of any call that changes something.
func (c *Client) do(ctx context.Context, k call, out any) error {
	if err := checkPath(&k); err != nil {
		return err // nothing was sent, so there is nothing to audit
	}
	err := c.exchange(ctx, k, out)
	if k.method != http.MethodGet && c.onMutation != nil {
		target := k.target
		if target == "" {
			target = string(k.session)
		}
		c.onMutation(Mutation{Action: k.op, Target: target, Actor: ActorFrom(ctx), At: c.now(), Err: err})
	}
	return err
}

// exchange runs a call: credential, pacing, request, retries, decoding into out.
func (c *Client) exchange(ctx context.Context, k call, out any) error {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()

	cred, secret, learned, err := c.credential(ctx, &k)
	if err != nil {
		return fmt.Errorf("%s: %w", k.op, err)
	}
	// Every attempt goes through the pacer: endpoints with published limits
	// are paced, and after a 429 any endpoint is held for the server's
	// retry_after. Unpaced endpoints are keyed by their operation.
	session, ep := string(k.session), k.pace
	if ep == "" {
		ep = Endpoint(k.op)
	}

	relearned := false
	var delay time.Duration // before the next attempt: backoff or the server's retry_after
	var last *Error         // the previous attempt's failure
	for attempt := 1; ; attempt++ {
		if err := c.wait(ctx, &k, session, ep, delay, last, cred, secret); err != nil {
			return err
		}
		resp, body, err := c.send(ctx, &k, secret)
		if err != nil {
			if ctx.Err() != nil {
				return c.ctxError(&k, "", ctx.Err())
			}
			last = &Error{Op: k.op, Method: k.method, Path: k.path, Message: c.networkMessage(err), Credential: cred, cause: err}
			if k.method == http.MethodGet && attempt < c.retry.MaxAttempts {
				delay = c.retry.backoff(attempt)
				continue
			}
			return last
		}
		now := c.now()

		if resp.StatusCode >= 200 && resp.StatusCode < 300 {
			return c.decode(&k, resp, body, cred, out)
		}
		if resp.StatusCode >= 300 && resp.StatusCode < 400 {
			return c.redirectError(&k, resp, cred)
		}
		apiErr := newHTTPError(k.op, k.method, k.path, resp, body, cred, now)
		if k.auth == authTokenOrKey && cred == CredSessionKey && (resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden) {
			apiErr.Hint = "the docs give this call the personal access token: set WASENDER_TOKEN"
		}
		var hold time.Duration
		if resp.StatusCode == http.StatusTooManyRequests {
			hold = holdFor(apiErr, now)
			c.holds.hold(secret, now, hold)
		}
		// A learned key may have been regenerated elsewhere: learn it again
		// once. A 401 means nothing was done, so this is safe for any method.
		if resp.StatusCode == http.StatusUnauthorized && learned && !relearned && c.token != "" {
			relearned = true
			c.keys.forgetRejected(k.session, secret)
			fresh, freshLearned, err := c.sessionKey(ctx, k.session)
			if err != nil {
				return apiErr
			}
			secret, learned = fresh, freshLearned
			delay, last = 0, apiErr
			continue
		}
		if k.method != http.MethodGet || !retryableStatus(resp.StatusCode) || attempt >= c.retry.MaxAttempts {
			return apiErr
		}
		if apiErr.RetryAfter > c.retry.MaxRetryAfter {
			return apiErr
		}
		delay, last = max(c.retry.backoff(attempt), apiErr.RetryAfter, hold), apiErr
	}
}

// heldError is the error of a call not sent because its credential is held
// for another d after a 429.
func heldError(k *call, cred Credential, d time.Duration) *Error {
	return &Error{Op: k.op, Method: k.method, Path: k.path, Credential: cred, RetryAfter: d,
		Message: "not sent: held after the API's rate limit on this " + cred.String(), cause: ErrHeld}
}

// wait sleeps before an attempt: first the retry delay, then until the hold
// on the credential after a 429 ends, then until the pacer grants a slot.
// A wait that cannot end before the call's deadline is not started: a held
// credential gives an ErrHeld error at once, a pacer wait the previous
// failure, or before the first attempt an error saying when the rate limit
// allows the call. (A GET that got the 429 itself retries after sleeping at
// least the hold, so its own hold does not stop it.)
func (c *Client) wait(ctx context.Context, k *call, session string, ep Endpoint, delay time.Duration, prev *Error, cred Credential, secret string) error {
	// giveUp returns the last failure if there was one (never a typed nil).
	giveUp := func(otherwise *Error) error {
		if prev != nil {
			return prev
		}
		return otherwise
	}
	nowait := ctx.Value(noWaitKey{}) != nil
	if delay > 0 && nowait && prev != nil && prev.Status == http.StatusTooManyRequests {
		return prev // its RetryAfter says how long: the caller waits
	}
	if delay > 0 {
		if !fits(ctx, delay) {
			return giveUp(c.ctxError(k, "", context.DeadlineExceeded))
		}
		if err := c.sleep(ctx, delay); err != nil {
			return giveUp(c.ctxError(k, "", err))
		}
	}
	if until := c.holds.get(secret, c.now()); !until.IsZero() {
		d := until.Sub(c.now())
		if nowait || !fits(ctx, d) {
			return heldError(k, cred, d)
		}
		if err := c.sleep(ctx, d); err != nil {
			return giveUp(c.ctxError(k, "waiting for the rate limit: ", err))
		}
	}
	d, release := c.pace.reserve(session, ep)
	if d <= 0 {
		if err := ctx.Err(); err != nil {
			release()
			return c.ctxError(k, "", err)
		}
		return nil
	}
	if nowait || !fits(ctx, d) {
		release()
		return giveUp(&Error{Op: k.op, Method: k.method, Path: k.path, Message: "held back to stay under the API's rate limit", RetryAfter: d})
	}
	if err := c.sleep(ctx, d); err != nil {
		release()
		return c.ctxError(k, "waiting for the rate limit: ", err)
	}
	return nil
}

type noWaitKey struct{}

// NoWait marks the calls made with ctx as not waiting inside the client
// for its pacing, a hold after a 429 or a 429's retry_after: they fail at
// once with an *Error whose RetryAfter says how long to wait, so a UI can
// count the wait down and call again (see ui/components/ratewait). Retries
// after network errors and 5xx are kept.
func NoWait(ctx context.Context) context.Context { return context.WithValue(ctx, noWaitKey{}, true) }

// fits reports whether waiting d still leaves the call inside its deadline.
// Deadlines are wall-clock time, whatever clock the pacer uses.
func fits(ctx context.Context, d time.Duration) bool {
	dl, ok := ctx.Deadline()
	return !ok || time.Until(dl) > d
}

// networkMessage says why a request got no answer, without the Go
// "Get URL:" wrapping: "cannot reach api.example.com: connection refused".
func (c *Client) networkMessage(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		err = oe.Err
	}
	msg := err.Error()
	var se *os.SyscallError
	if errors.As(err, &se) {
		msg = se.Err.Error()
	}
	return "cannot reach " + c.base.Host + ": " + msg
}

// ctxError is the error of a call stopped by its context; it unwraps to
// context.Canceled or context.DeadlineExceeded.
func (c *Client) ctxError(k *call, prefix string, err error) *Error {
	msg := err.Error()
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		msg = fmt.Sprintf("no answer within %s", c.timeout)
	case errors.Is(err, context.Canceled):
		msg = "cancelled"
	}
	return &Error{Op: k.op, Method: k.method, Path: k.path, Message: prefix + msg, cause: err}
}

// send performs one HTTP exchange and reads the whole body.
func (c *Client) send(ctx context.Context, k *call, secret string) (*http.Response, []byte, error) {
	u := *c.base
	u.RawPath = c.base.EscapedPath() + k.path
	u.Path, _ = url.PathUnescape(u.RawPath)
	if len(k.query) > 0 {
		u.RawQuery = k.query.Encode()
	}
	var body io.Reader
	if k.body != nil {
		b, err := json.Marshal(k.body)
		if err != nil {
			return nil, nil, fmt.Errorf("encoding request: %w", err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, k.method, u.String(), body)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+secret)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.ua)
	if k.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return nil, nil, fmt.Errorf("reading response: %w", err)
	}
	if len(b) > maxBody {
		return nil, nil, fmt.Errorf("response larger than %d MiB", maxBody>>20)
	}
	return resp, b, nil
}

// envelope is the {"success":…,"data":…} wrapper of nearly every response.
// Data is decoded straight into the caller's value in the same pass.
type envelope struct {
	Success *Bool    `json:"success"`
	Data    dataSlot `json:"data"`
}

// dataSlot decodes the data field into out (nil: skip it) and notes
// whether it was there.
type dataSlot struct {
	out  any
	seen bool // present and not null
}

func (d *dataSlot) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), jsonNull) {
		return nil
	}
	d.seen = true
	if d.out == nil {
		return nil
	}
	return json.Unmarshal(b, d.out)
}

// decode reads a 2xx body into out. A 2xx that says success:false is an
// error in the API's words, as the vendor's SDK treats it.
func (c *Client) decode(k *call, resp *http.Response, body []byte, cred Credential, out any) error {
	if len(bytes.TrimSpace(body)) == 0 {
		if out == nil || resp.StatusCode == http.StatusNoContent {
			return nil
		}
		return &Error{Op: k.op, Method: k.method, Path: k.path, Status: resp.StatusCode, Message: "empty response body"}
	}
	whole := k.topLevel || k.bare
	var env envelope
	if !whole {
		env.Data.out = out
	}
	err := json.Unmarshal(body, &env)
	// success:false wins over a data field that did not fit.
	if env.Success != nil && !*env.Success {
		return newHTTPError(k.op, k.method, k.path, resp, body, cred, c.now())
	}
	if err != nil {
		return decodeError(k.op, k.method, k.path, resp.StatusCode, body, err)
	}
	if out == nil {
		return nil
	}
	if whole {
		if err := json.Unmarshal(body, out); err != nil {
			return decodeError(k.op, k.method, k.path, resp.StatusCode, body, err)
		}
	} else if !env.Data.seen {
		return &Error{Op: k.op, Method: k.method, Path: k.path, Status: resp.StatusCode, Message: "response has no data", Snippet: snippet(body)}
	}
	cleanAll(out) // every string of every field, whatever its type (clean.go)
	return nil
}

// list is an array the API may send bare or wrapped as {"data":[…]} or
// {"items":[…]}; an object with neither is an empty list.
type list[T any] []T

func (l *list[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '[' {
		return json.Unmarshal(b, (*[]T)(l))
	}
	var wrap struct {
		Data  *[]T `json:"data"`
		Items *[]T `json:"items"`
	}
	if err := json.Unmarshal(b, &wrap); err != nil {
		return err
	}
	switch {
	case wrap.Items != nil:
		*l = *wrap.Items
	case wrap.Data != nil:
		*l = *wrap.Data
	default:
		*l = nil
	}
	return nil
}

// seg escapes one path segment. An "@" in a JID stays as it is, as the
// vendor's Node SDK sends it.
func seg(s string) string { return url.PathEscape(s) }

// ErrMissingID is inside the error of a call refused before sending because
// an id in its path is empty (a session the API listed with "id": null): it
// would have gone out as POST /whatsapp-sessions//disconnect.
var ErrMissingID = errors.New("missing id")

// checkPath refuses a call whose path has an empty or blank segment.
func checkPath(k *call) error {
	parts := strings.Split(strings.TrimPrefix(k.path, "/"), "/")
	for i, p := range parts {
		if v, err := url.PathUnescape(p); err == nil && strings.TrimSpace(v) != "" {
			continue
		}
		what := "resource"
		if i > 0 {
			what = strings.TrimSuffix(strings.TrimPrefix(parts[i-1], "whatsapp-"), "s")
		}
		return &Error{Op: k.op, Method: k.method, Path: k.path, cause: ErrMissingID,
			Message: "refused: the " + what + " has no id (the API sent none); nothing was sent"}
	}
	return nil
}
