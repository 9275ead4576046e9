package api

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// PairOptions tune Pair. Zero values take the defaults.
//
// The server rotates pairing strings on its own schedule (the docs say
// every 45 s; it may be sooner, later, or irregular, and its clock may
// differ from ours), so nothing here predicts a rotation: while a code is
// shown it is read again every CodeEvery, and a new string is reported
// the moment it is seen. With the defaults a pairing costs one request a
// second, evenly spread: the code at odd seconds, the state at even ones.
type PairOptions struct {
	LinkMethod  string        // "" for a QR code, or "passkey"
	StatusEvery time.Duration // how often the session's state is read; default 2 s
	CodeEvery   time.Duration // how often the shown pairing string is checked; default 2 s
}

// WithDefaults fills in the zero values.
func (o PairOptions) WithDefaults() PairOptions {
	if o.StatusEvery <= 0 {
		o.StatusEvery = 2 * time.Second
	}
	if o.CodeEvery <= 0 {
		o.CodeEvery = 2 * time.Second
	}
	return o
}

// PairEventKind says what happened during pairing.
type PairEventKind int

const (
	PairCode             PairEventKind = iota // a pairing string to show: the first, or a rotation just seen
	PairPasskey                               // passkey linking: to be finished on the phone
	PairStatus                                // the session's state changed
	PairWarning                               // a passing failure; pairing goes on
	PairRecovered                             // every read succeeds again after warnings
	PairPaired                                // the phone linked the session
	PairAlreadyConnected                      // connect said CONNECTED: nothing to scan
)

// PairEvent is one step of pairing.
type PairEvent struct {
	Kind   PairEventKind
	Code   string    // PairCode: the pairing string
	Seq    int       // PairCode: 1 for the first string, one more at each rotation seen
	SeenAt time.Time // PairCode: when it was first read
	// PairCode: how often the server rotates, from the rotations seen (the
	// mean of their intervals, each known to within CodeEvery); 0 until two
	// rotations have been seen.
	Rotates time.Duration
	Passkey Passkey // PairPasskey
	Status  Status  // PairStatus: the new state
	User    User    // PairPaired, PairAlreadyConnected: the linked account, when known
	Message string  // the API's words, when it said something
	Err     error   // PairWarning
	Stale   bool    // PairWarning: a code read failed, so the code shown may be out of date
}

// Pair connects session id and follows the pairing to its end, reporting
// each step to emit: each pairing string once, when it is first seen,
// state changes, and the account once the phone has linked. It returns nil
// when paired or already connected, ctx's error when ctx ends, and the
// API's error when pairing cannot go on (no subscription, a rejected token,
// an unknown session).
func (c *Client) Pair(ctx context.Context, id ID, o PairOptions, emit func(PairEvent)) error {
	p := c.NewPairing(id, o)
	for {
		if err := c.sleep(ctx, p.Due().Sub(c.now())); err != nil {
			return err
		}
		events, done, err := p.Step(ctx)
		for _, ev := range events {
			emit(ev)
		}
		if done || err != nil {
			return err
		}
	}
}

// Pairing is the pairing of one session, one step at a time, for callers
// that run their own timers (the console runs each step as a command):
// Step when Due, until it says done. Steps must not overlap.
type Pairing struct {
	c       *Client
	id      ID
	o       PairOptions
	started bool
	events  []PairEvent // what the step in progress reports
	status  Status

	nextStatus, nextCode time.Time

	wantCode bool   // a code is (to be) shown: keep reading it
	code     string // the string shown
	seq      int
	// Rotations seen in this attempt, for the interval they show.
	rotations         int
	firstRot, lastRot time.Time

	failing        [2]bool // the last code, state read failed
	reconnectTried bool
}

// NewPairing prepares pairing of session id; the first Step connects.
func (c *Client) NewPairing(id ID, o PairOptions) *Pairing {
	return &Pairing{c: c, id: id, o: o.WithDefaults()}
}

// Due is when the next step wants to run: the zero time before the first.
func (p *Pairing) Due() time.Time {
	if !p.started {
		return time.Time{}
	}
	if p.wantCode && p.nextCode.Before(p.nextStatus) {
		return p.nextCode
	}
	return p.nextStatus
}

// Step makes the requests that are due and says what happened. done:
// pairing is over (paired, already connected, or err cannot be waited out).
func (p *Pairing) Step(ctx context.Context) (events []PairEvent, done bool, err error) {
	p.events = nil
	if !p.started {
		p.started = true
		done, err = p.connect(ctx)
	} else {
		done, err = p.poll(ctx)
	}
	return p.events, done || err != nil, err
}

func (p *Pairing) emit(ev PairEvent) { p.events = append(p.events, ev) }

func (p *Pairing) connect(ctx context.Context) (bool, error) {
	res, err := p.c.ConnectSession(ctx, p.id, p.o.LinkMethod)
	if err != nil {
		return false, err
	}
	if res.Status.Is(StatusConnected) {
		u, _ := p.c.Session(p.id).User(ctx)
		p.emit(PairEvent{Kind: PairAlreadyConnected, User: u, Message: string(res.Message)})
		return true, nil
	}
	// NEED_SCAN or NEED_PASSKEY is what the session is now, whatever a
	// list said before connect (connect spells it upper case, /status not).
	p.noteStatus(Status(res.Status.Norm()))
	switch {
	case res.Status.Is(StatusNeedPasskey) || res.Passkey != nil:
		var pk Passkey
		if res.Passkey != nil {
			pk = *res.Passkey
		}
		p.emit(PairEvent{Kind: PairPasskey, Passkey: pk, Message: string(res.Message)})
	case res.QRCode != "":
		p.wantCode = true
		p.saw(string(res.QRCode), false)
	default:
		// INITIALIZED or connecting without a code yet: ask for one now.
		p.wantCode = true
		if done, err := p.checkCode(ctx); err != nil || done {
			return done, err
		}
	}
	// Code reads fall halfway between state reads, so requests are spread.
	now := p.c.now()
	p.nextStatus, p.nextCode = now.Add(p.o.StatusEvery), now.Add(p.o.CodeEvery/2)
	return false, nil
}

// poll reads what is due: the code, the state, or both.
func (p *Pairing) poll(ctx context.Context) (bool, error) {
	now := p.c.now()
	if p.wantCode && !now.Before(p.nextCode) {
		p.nextCode = following(p.nextCode, p.o.CodeEvery, now)
		if done, err := p.checkCode(ctx); err != nil || done {
			return done, err
		}
	}
	if !now.Before(p.nextStatus) {
		p.nextStatus = following(p.nextStatus, p.o.StatusEvery, now)
		return p.checkStatus(ctx)
	}
	return false, nil
}

// following is the next time after due on a grid of every, skipping what
// a slow answer made the loop miss.
func following(due time.Time, every time.Duration, now time.Time) time.Time {
	next := due.Add(every)
	if !next.After(now) {
		next = now.Add(every)
	}
	return next
}

// saw reports code if it is not the one shown. newAttempt: it comes from
// a new connect, whose rotations start over.
func (p *Pairing) saw(code string, newAttempt bool) {
	p.succeeded(codeRead)
	if code == p.code {
		return
	}
	now := p.c.now()
	switch {
	case newAttempt:
		p.rotations = 0
	case p.code != "":
		p.rotations++
		if p.rotations == 1 {
			p.firstRot = now
		}
		p.lastRot = now
	}
	p.code = code
	p.seq++
	ev := PairEvent{Kind: PairCode, Code: code, Seq: p.seq, SeenAt: now}
	if p.rotations >= 2 {
		ev.Rotates = p.lastRot.Sub(p.firstRot) / time.Duration(p.rotations-1)
	}
	p.emit(ev)
}

// checkCode reads the pairing string. When the API has none to give (a
// 400), the phone may just have linked, or the attempt lapsed: the state
// says which, and a lapsed attempt is connected again, once until a code
// is read again.
func (p *Pairing) checkCode(ctx context.Context) (bool, error) {
	code, err := p.c.QRCode(ctx, p.id)
	if err == nil && code != "" {
		p.reconnectTried = false
		p.saw(code, false)
		return false, nil
	}
	if err == nil {
		err = errors.New("the API sent an empty pairing string")
	}
	if fatal(ctx, err) {
		return false, err
	}
	if IsStatus(err, http.StatusBadRequest) {
		if done, serr := p.checkStatus(ctx); serr != nil || done {
			return done, serr
		}
		if !p.reconnectTried {
			p.reconnectTried = true
			if res, cerr := p.c.ConnectSession(ctx, p.id, p.o.LinkMethod); cerr == nil && res.QRCode != "" {
				p.saw(string(res.QRCode), true)
				return false, nil
			}
		}
	}
	p.failed(codeRead, err)
	return false, nil
}

// The reads that can fail, each with its own warning.
const (
	codeRead = iota
	stateRead
)

func (p *Pairing) failed(read int, err error) {
	p.failing[read] = true
	p.emit(PairEvent{Kind: PairWarning, Err: err, Stale: read == codeRead})
}

// succeeded reports the end of the warnings once no read fails any more.
func (p *Pairing) succeeded(read int) {
	was := p.failing[read]
	p.failing[read] = false
	if was && p.failing == [2]bool{} {
		p.emit(PairEvent{Kind: PairRecovered})
	}
}

// checkStatus reads the session's state; done once it is connected.
func (p *Pairing) checkStatus(ctx context.Context) (bool, error) {
	var st Status
	var err error
	if p.c.HasToken() {
		var s Session
		s, err = p.c.GetSession(ctx, p.id)
		st = s.Status
	} else {
		st, err = p.c.Session(p.id).Status(ctx)
	}
	if err != nil {
		if fatal(ctx, err) {
			return false, err
		}
		p.failed(stateRead, err)
		return false, nil
	}
	p.succeeded(stateRead)
	p.noteStatus(st)
	if !st.Is(StatusConnected) {
		return false, nil
	}
	u, _ := p.c.Session(p.id).User(ctx)
	p.emit(PairEvent{Kind: PairPaired, User: u, Status: st})
	return true, nil
}

// noteStatus reports st if it is news.
func (p *Pairing) noteStatus(st Status) {
	if st != "" && !st.Is(p.status.Norm()) {
		p.status = st
		p.emit(PairEvent{Kind: PairStatus, Status: st})
	}
}

// fatal reports errors that waiting will not fix: credentials, permission,
// a session that does not exist, the pairing's context ending. One read
// that ran out of the client's own per-call timeout is a passing failure.
func fatal(ctx context.Context, err error) bool {
	if ctx.Err() != nil {
		return true
	}
	e, ok := AsError(err)
	if !ok {
		return false
	}
	switch e.Status {
	case http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound, http.StatusUnprocessableEntity:
		return true
	}
	return false
}
