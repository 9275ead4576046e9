package webhook

import (
	"context"
	"errors"
	"sync"
)

// Default bounds of a subscription: past either, the oldest waiting events
// make way for new ones and are counted as missed.
const (
	DefaultBufferEvents = 4096
	DefaultBufferBytes  = 64 << 20
)

// ErrClosed is what Next returns once a closed subscription is drained.
var ErrClosed = errors.New("subscription closed")

// SubscribeOptions bound what a subscription holds for its reader.
type SubscribeOptions struct {
	Events int // default DefaultBufferEvents
	Bytes  int // default DefaultBufferBytes
}

// Batch is what a subscriber takes at once: the events waiting, oldest
// first, and how many were dropped since the last take because it fell
// behind.
type Batch struct {
	Events []*Event
	Missed uint64
}

// Subscription is one consumer's view of the receiver: it gets every
// verified event once, in order, and never holds up the receiver or other
// subscribers; if it falls behind, its oldest events are dropped and counted.
type Subscription struct {
	hub   *hub
	ready chan struct{} // a token when events wait

	mu          sync.Mutex
	buf         *recent
	missed      uint64 // since the last take
	totalMissed uint64
	closed      bool
}

func newSubscription(h *hub, o SubscribeOptions) *Subscription {
	if o.Events <= 0 {
		o.Events = DefaultBufferEvents
	}
	if o.Bytes <= 0 {
		o.Bytes = DefaultBufferBytes
	}
	return &Subscription{hub: h, ready: make(chan struct{}, 1), buf: newRecent(o.Events, o.Bytes)}
}

func (s *Subscription) push(e *Event) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	dropped := s.buf.add(e)
	s.missed += dropped
	s.totalMissed += dropped
	s.mu.Unlock()
	s.signal()
}

func (s *Subscription) signal() {
	select {
	case s.ready <- struct{}{}:
	default:
	}
}

// Ready has a value when events (or news of missed ones) wait; follow it
// with Take.
func (s *Subscription) Ready() <-chan struct{} { return s.ready }

// Take returns what waits without blocking.
func (s *Subscription) Take() Batch {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := Batch{Events: s.buf.list(), Missed: s.missed}
	s.buf.clear()
	s.missed = 0
	return b
}

// Next waits for events, then takes them. Once the subscription is closed
// and drained it returns ErrClosed.
func (s *Subscription) Next(ctx context.Context) (Batch, error) {
	for {
		s.mu.Lock()
		waiting, closed := s.buf.n > 0 || s.missed > 0, s.closed
		s.mu.Unlock()
		switch {
		case waiting:
			return s.Take(), nil
		case closed:
			return Batch{}, ErrClosed
		}
		select {
		case <-s.ready:
		case <-ctx.Done():
			return Batch{}, ctx.Err()
		}
	}
}

// Missed counts every event this subscription dropped.
func (s *Subscription) Missed() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.totalMissed
}

// Close stops new events; what waits can still be taken.
func (s *Subscription) Close() {
	s.hub.remove(s)
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.signal()
}

// hub hands each event to every subscription.
type hub struct {
	mu   sync.Mutex
	subs []*Subscription
}

func (h *hub) add(o SubscribeOptions) *Subscription {
	s := newSubscription(h, o)
	h.mu.Lock()
	h.subs = append(h.subs, s)
	h.mu.Unlock()
	return s
}

func (h *hub) remove(s *Subscription) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for i, x := range h.subs {
		if x == s {
			h.subs = append(h.subs[:i:i], h.subs[i+1:]...)
			return
		}
	}
}

// publish runs under the receiver's order lock, so every subscription sees
// events in the same order.
func (h *hub) publish(e *Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, s := range h.subs {
		s.push(e)
	}
}
