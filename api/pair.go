package api

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// PairOptions tune Pair. Zero values take the documented defaults.
type PairOptions struct {
	LinkMethod    string        // "" for a QR code, or "passkey"
	StatusEvery   time.Duration // how often the session's state is read; default 2 s
	CodeLifetime  time.Duration // how long a pairing string is valid; default 45 s (the docs)
	RefreshBefore time.Duration // fetch a fresh string this long before expiry; default 10 s
}

func (o PairOptions) withDefaults() PairOptions {
	if o.StatusEvery <= 0 {
		o.StatusEvery = 2 * time.Second
	}
	if o.CodeLifetime <= 0 {
		o.CodeLifetime = 45 * time.Second
	}
	if o.RefreshBefore <= 0 || o.RefreshBefore >= o.CodeLifetime {
		o.RefreshBefore = min(10*time.Second, o.CodeLifetime/4)
	}
	return o
}

// PairEventKind says what happened during pairing.
type PairEventKind int

const (
	PairCode             PairEventKind = iota // a pairing string to show, new or rotated
	PairPasskey                               // passkey linking: to be finished on the phone
	PairStatus                                // the session's state changed
	PairWarning                               // a passing failure; pairing goes on
	PairPaired                                // the phone linked the session
	PairAlreadyConnected                      // connect said CONNECTED: nothing to scan
)

// PairEvent is one step of pairing.
type PairEvent struct {
	Kind      PairEventKind
	Code      string    // PairCode: the pairing string
	ExpiresAt time.Time // PairCode: when it stops working
	Passkey   Passkey   // PairPasskey
	Status    Status    // PairStatus: the new state
	User      User      // PairPaired, PairAlreadyConnected: the linked account, when known
	Message   string    // the API's words, when it said something
	Err       error     // PairWarning
}

// Pair connects session id and follows the pairing to its end, reporting
// each step to emit: pairing strings as they rotate (refreshed before they
// expire), state changes, and the account once the phone has linked. It
// returns nil when paired or already connected, ctx's error when ctx ends,
// and the API's error when pairing cannot go on (no subscription, a
// rejected token, an unknown session).
func (c *Client) Pair(ctx context.Context, id ID, o PairOptions, emit func(PairEvent)) error {
	o = o.withDefaults()
	p := pairing{c: c, id: id, o: o, emit: emit}
	return p.run(ctx)
}

type pairing struct {
	c              *Client
	id             ID
	o              PairOptions
	emit           func(PairEvent)
	status         Status
	refresh        time.Time // when to fetch the next pairing string; zero = none shown
	reconnectTried bool
}

func (p *pairing) run(ctx context.Context) error {
	res, err := p.c.ConnectSession(ctx, p.id, p.o.LinkMethod)
	if err != nil {
		return err
	}
	switch {
	case res.Status.Is(StatusConnected):
		u, _ := p.c.Session(p.id).User(ctx)
		p.emit(PairEvent{Kind: PairAlreadyConnected, User: u, Message: string(res.Message)})
		return nil
	case res.Status.Is(StatusNeedPasskey) || res.Passkey != nil:
		var pk Passkey
		if res.Passkey != nil {
			pk = *res.Passkey
		}
		p.emit(PairEvent{Kind: PairPasskey, Passkey: pk, Message: string(res.Message)})
	case res.QRCode != "":
		p.showCode(string(res.QRCode))
	default:
		// INITIALIZED or connecting without a code yet: ask for one now.
		p.refresh = p.c.now()
		if err := p.fetchCode(ctx); err != nil && fatal(err) {
			return err
		}
	}
	nextStatus := p.c.now().Add(p.o.StatusEvery)
	for {
		wake := nextStatus
		if !p.refresh.IsZero() && p.refresh.Before(wake) {
			wake = p.refresh
		}
		if err := p.c.sleep(ctx, wake.Sub(p.c.now())); err != nil {
			return err
		}
		now := p.c.now()
		if !p.refresh.IsZero() && !now.Before(p.refresh) {
			if err := p.fetchCode(ctx); err != nil && fatal(err) {
				return err
			}
		}
		if !now.Before(nextStatus) {
			nextStatus = now.Add(p.o.StatusEvery)
			done, err := p.checkStatus(ctx)
			if err != nil || done {
				return err
			}
		}
	}
}

func (p *pairing) showCode(code string) {
	now := p.c.now()
	p.refresh = now.Add(p.o.CodeLifetime - p.o.RefreshBefore)
	p.emit(PairEvent{Kind: PairCode, Code: code, ExpiresAt: now.Add(p.o.CodeLifetime)})
}

// fetchCode gets a fresh pairing string. If the API says the session is
// not initialized (the attempt lapsed), it connects again, once.
func (p *pairing) fetchCode(ctx context.Context) error {
	code, err := p.c.QRCode(ctx, p.id)
	if err == nil && code != "" {
		p.showCode(code)
		return nil
	}
	if err == nil {
		err = errors.New("the API sent an empty pairing string")
	}
	// Try again soon rather than wait a whole lifetime.
	p.refresh = p.c.now().Add(p.o.StatusEvery)
	if IsStatus(err, http.StatusBadRequest) && !p.reconnectTried {
		p.reconnectTried = true
		if res, cerr := p.c.ConnectSession(ctx, p.id, p.o.LinkMethod); cerr == nil && res.QRCode != "" {
			p.showCode(string(res.QRCode))
			return nil
		}
	}
	if !fatal(err) {
		p.emit(PairEvent{Kind: PairWarning, Err: err})
	}
	return err
}

// checkStatus reads the session's state; done once it is connected.
func (p *pairing) checkStatus(ctx context.Context) (bool, error) {
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
		if fatal(err) {
			return false, err
		}
		p.emit(PairEvent{Kind: PairWarning, Err: err})
		return false, nil
	}
	if !st.Is(p.status.Norm()) {
		p.status = st
		p.emit(PairEvent{Kind: PairStatus, Status: st})
	}
	if !st.Is(StatusConnected) {
		return false, nil
	}
	u, _ := p.c.Session(p.id).User(ctx)
	p.emit(PairEvent{Kind: PairPaired, User: u, Status: st})
	return true, nil
}

// fatal reports errors that waiting will not fix: credentials, permission,
// a session that does not exist, a cancelled context.
func fatal(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
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
