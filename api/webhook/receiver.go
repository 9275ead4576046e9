package webhook

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Header names.
const (
	// SignatureHeader carries the session's webhook_secret itself.
	SignatureHeader = "X-Webhook-Signature"
	// ForwardedHeader marks a delivery relayed by a Forwarder; such events
	// are not forwarded again, so two receivers cannot loop.
	ForwardedHeader = "X-Wasender-Tui-Forwarded"
)

// MaxBody is the largest delivery accepted.
const MaxBody = 1 << 20

// Reason is why a delivery was refused.
type Reason int

// The reasons, in the order the checks run.
const (
	NotPost Reason = iota
	NoSignature
	WrongSignature
	TooLarge
	BadBody
	SessionMismatch
	ReasonCount
)

var reasonText = [ReasonCount]string{
	NotPost:         "not a POST",
	NoSignature:     "no signature",
	WrongSignature:  "wrong signature",
	TooLarge:        "over 1 MiB",
	BadBody:         "not a JSON object with an event",
	SessionMismatch: "sessionId of another session",
}

func (r Reason) String() string {
	if r < 0 || r >= ReasonCount {
		return "reason " + strconv.Itoa(int(r))
	}
	return reasonText[r]
}

// Options configure a Receiver.
type Options struct {
	Secrets *Secrets
	// MaxInFlight bounds the deliveries read and decoded at once (so memory
	// is bounded whatever the number of connections); more wait. Default 64.
	MaxInFlight int
	// RefreshWait bounds how long a delivery with an unknown signature waits
	// for the secrets to be refreshed. Default 10 s.
	RefreshWait time.Duration
	// Keep is how many of the latest events the receiver holds for
	// subscribers who come later (SubscribeKept), within KeepBytes
	// (default DefaultBufferBytes). Zero keeps none.
	Keep      int
	KeepBytes int
	Now       func() time.Time
}

// Receiver is the webhook endpoint, on any path. It answers, in this order:
// 405 for anything but POST; 401 for a missing signature or one that is no
// session's webhook secret; 413 for a body over MaxBody; 400 for a body
// that is not a JSON object with an "event"; 401 when sessionId is the API
// key of another session than the one whose secret signed it; otherwise
// 200, as soon as the event is handed to the subscribers.
type Receiver struct {
	o       Options
	hub     hub
	repeats *repeats
	slots   chan struct{}

	order sync.Mutex // numbers and publishes events one at a time
	seq   uint64
	kept  *recent // under order

	accepted, repeated atomic.Uint64
	refused            [ReasonCount]atomic.Uint64
}

// New builds a receiver.
func New(o Options) *Receiver {
	if o.Secrets == nil {
		o.Secrets = NewSecrets(SecretOptions{})
	}
	if o.MaxInFlight <= 0 {
		o.MaxInFlight = 64
	}
	if o.RefreshWait <= 0 {
		o.RefreshWait = 10 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.KeepBytes <= 0 {
		o.KeepBytes = DefaultBufferBytes
	}
	r := &Receiver{o: o, repeats: newRepeats(), slots: make(chan struct{}, o.MaxInFlight)}
	if o.Keep > 0 {
		r.kept = newRecent(o.Keep, o.KeepBytes)
	}
	return r
}

// Subscribe adds a consumer; it gets every event accepted from now on.
func (r *Receiver) Subscribe(o SubscribeOptions) *Subscription { return r.hub.add(o) }

// SubscribeKept adds a consumer that starts with the events the receiver
// keeps (Options.Keep), oldest first: none is missing between them and
// the subscription, and none is in both.
func (r *Receiver) SubscribeKept(o SubscribeOptions) (*Subscription, []*Event) {
	r.order.Lock()
	defer r.order.Unlock()
	return r.hub.add(o), r.kept.list()
}

func (r *Receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if req.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		r.refuse(w, NotPost, http.StatusMethodNotAllowed, "only POST is accepted")
		return
	}
	signature := strings.TrimSpace(req.Header.Get(SignatureHeader))
	if signature == "" {
		r.refuse(w, NoSignature, http.StatusUnauthorized, "missing "+SignatureHeader)
		return
	}
	session, ok := r.o.Secrets.Match(signature)
	if !ok {
		ctx, cancel := context.WithTimeout(req.Context(), r.o.RefreshWait)
		r.o.Secrets.RefreshOnMiss(ctx)
		cancel()
		session, ok = r.o.Secrets.Match(signature)
	}
	if !ok {
		r.refuse(w, WrongSignature, http.StatusUnauthorized, "invalid webhook signature")
		return
	}
	if req.ContentLength > MaxBody {
		r.refuse(w, TooLarge, http.StatusRequestEntityTooLarge, "the body is over 1 MiB")
		return
	}
	select { // at most MaxInFlight bodies are read and decoded at once
	case r.slots <- struct{}{}:
		defer func() { <-r.slots }()
	case <-req.Context().Done():
		return
	}
	body, err := read(w, req)
	if err != nil {
		var tooLarge *http.MaxBytesError
		switch {
		case errors.As(err, &tooLarge):
			r.refuse(w, TooLarge, http.StatusRequestEntityTooLarge, "the body is over 1 MiB")
		case req.Context().Err() != nil: // the sender hung up
		default:
			r.refuse(w, BadBody, http.StatusBadRequest, "reading the body: "+err.Error())
		}
		return
	}
	env, err := Decode(body)
	if err != nil {
		r.refuse(w, BadBody, http.StatusBadRequest, err.Error())
		return
	}
	for _, claimed := range []string{env.SessionID, env.dataSessionID} {
		if owner, ok := r.o.Secrets.KeyOwner(claimed); ok && owner != session.ID {
			r.refuse(w, SessionMismatch, http.StatusUnauthorized, "sessionId is the API key of another session than the one whose secret signed this")
			return
		}
	}
	r.accept(&Event{
		Envelope:   env,
		Session:    session,
		ReceivedAt: r.o.Now(),
		Forwarded:  req.Header.Get(ForwardedHeader) != "",
		Body:       body,
		signature:  signature,
		apiKey:     r.o.Secrets.APIKey(session.ID),
	})
	answer(w, http.StatusOK, `{"received":true}`)
}

// read reads the body, up to MaxBody.
func read(w http.ResponseWriter, req *http.Request) ([]byte, error) {
	body := http.MaxBytesReader(w, req.Body, MaxBody)
	if n := req.ContentLength; n >= 0 { // net/http ends the body at Content-Length
		buf := make([]byte, n)
		if _, err := io.ReadFull(body, buf); err != nil {
			return nil, err
		}
		return buf, nil
	}
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(body); err != nil {
		return nil, err
	}
	return bytes.Clone(buf.Bytes()), nil // not the buffer's spare room
}

func (r *Receiver) accept(e *Event) {
	r.order.Lock()
	defer r.order.Unlock()
	r.seq++
	e.Seq = r.seq
	e.Repeat = r.repeats.check(e)
	if e.Repeat {
		r.repeated.Add(1)
	}
	r.accepted.Add(1)
	r.kept.add(e)
	r.hub.publish(e)
}

func (r *Receiver) refuse(w http.ResponseWriter, why Reason, status int, msg string) {
	r.refused[why].Add(1)
	answer(w, status, `{"error":`+string(quote(msg))+`}`)
}

func answer(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// Stats counts what the receiver did.
type Stats struct {
	Accepted uint64 // events answered 200
	Repeats  uint64 // of which redeliveries
	Refused  [ReasonCount]uint64
}

// Stats reads the counters.
func (r *Receiver) Stats() Stats {
	s := Stats{Accepted: r.accepted.Load(), Repeats: r.repeated.Load()}
	for i := range s.Refused {
		s.Refused[i] = r.refused[i].Load()
	}
	return s
}

// RefusedTotal adds up the refusals.
func (s Stats) RefusedTotal() uint64 {
	var n uint64
	for _, v := range s.Refused {
		n += v
	}
	return n
}

// Since is what happened after prev.
func (s Stats) Since(prev Stats) Stats {
	d := Stats{Accepted: s.Accepted - prev.Accepted, Repeats: s.Repeats - prev.Repeats}
	for i := range s.Refused {
		d.Refused[i] = s.Refused[i] - prev.Refused[i]
	}
	return d
}

// RefusedText says why deliveries were refused: "3 wrong signature, 1 over
// 1 MiB", or "" when none were.
func (s Stats) RefusedText() string {
	var parts []string
	for i, v := range s.Refused {
		if v > 0 {
			parts = append(parts, strconv.FormatUint(v, 10)+" "+Reason(i).String())
		}
	}
	return strings.Join(parts, ", ")
}
