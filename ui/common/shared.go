package common

import (
	"context"
	"sync"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
)

// SharedList lets many consoles of one server read the session list for
// the price of one: at most one request is in flight, and an answer
// younger than MinAge is handed out again. No console waits on another:
// each waits only for the request, and only as long as its own context.
type SharedList struct {
	fetch  func(context.Context) ([]api.Session, error)
	minAge time.Duration
	now    func() time.Time

	mu       sync.Mutex
	list     []api.Session
	err      error
	at       time.Time
	inflight chan struct{}
}

// NewSharedList shares fetch among callers, reusing answers for minAge.
func NewSharedList(fetch func(context.Context) ([]api.Session, error), minAge time.Duration) *SharedList {
	return &SharedList{fetch: fetch, minAge: minAge, now: time.Now}
}

// List returns the session list, fetching it if the last answer is old.
func (s *SharedList) List(ctx context.Context) ([]api.Session, error) {
	s.mu.Lock()
	if !s.at.IsZero() && s.now().Sub(s.at) < s.minAge {
		list, err := s.list, s.err
		s.mu.Unlock()
		return list, err
	}
	wait := s.inflight
	if wait == nil {
		wait = make(chan struct{})
		s.inflight = wait
		// The request belongs to no console: one leaving must not cancel
		// it for the others. The client's own timeout bounds it.
		go func() {
			list, err := s.fetch(api.WithActor(context.Background(), "shared"))
			s.mu.Lock()
			s.list, s.err, s.at, s.inflight = list, err, s.now(), nil
			s.mu.Unlock()
			close(wait)
		}()
	}
	s.mu.Unlock()
	select {
	case <-wait:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.list, s.err
}
