package api

import (
	"slices"
	"sort"
	"sync"
	"time"
)

// Endpoint names a rate-limited endpoint. The API enforces its published
// limits "per endpoint per session" (api-behaviour.md §3.2).
type Endpoint string

const (
	EndpointGroupMetadata     Endpoint = "group metadata"
	EndpointGroupParticipants Endpoint = "group participants"
	EndpointContactPicture    Endpoint = "contact picture"
	EndpointOnWhatsApp        Endpoint = "on-whatsapp"
	EndpointSendMessage       Endpoint = "send message"
)

type window struct {
	n   int
	per time.Duration
}

// publishedLimits are the documented per-minute limits. Sending is paced at
// the account-protection rate (1 per 5 s), the strictest paid setting, since
// the console cannot know the plan; a 429 teaches it anything stricter.
var publishedLimits = map[Endpoint]window{
	EndpointGroupMetadata:     {10, time.Minute},
	EndpointGroupParticipants: {10, time.Minute},
	EndpointContactPicture:    {60, time.Minute},
	EndpointOnWhatsApp:        {60, time.Minute},
	EndpointSendMessage:       {1, 5 * time.Second},
}

type paceKey struct {
	session string
	ep      Endpoint
}

// pacer keeps the console under the published limits with an exact sliding
// window (no more than n calls in any span of length per), which a token
// bucket cannot promise. (After a 429 the whole credential is held: see
// holds.)
type pacer struct {
	mu    sync.Mutex
	now   func() time.Time
	slots map[paceKey][]time.Time // sorted call times, possibly in the future (reserved)
}

func newPacer(now func() time.Time) *pacer {
	return &pacer{now: now, slots: map[paceKey][]time.Time{}}
}

// next returns the earliest time a call may start, and the pruned slots.
func (p *pacer) next(k paceKey, now time.Time) (time.Time, []time.Time) {
	at := now
	w, limited := publishedLimits[k.ep]
	if !limited {
		return at, nil
	}
	s := p.slots[k]
	i := 0
	for i < len(s) && !s[i].After(now.Add(-w.per)) {
		i++
	}
	s = s[i:]
	if len(s) >= w.n {
		if t := s[len(s)-w.n].Add(w.per); t.After(at) {
			at = t
		}
	}
	return at, s
}

// delay reports how long a call to ep for session would wait now.
func (p *pacer) delay(session string, ep Endpoint) time.Duration {
	if ep == "" {
		return 0
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	at, _ := p.next(paceKey{session, ep}, now)
	return at.Sub(now)
}

// reserve books the next slot and returns the wait before it and a release
// func to give the slot back if the call is abandoned before it is sent.
func (p *pacer) reserve(session string, ep Endpoint) (time.Duration, func()) {
	if _, limited := publishedLimits[ep]; !limited {
		return 0, func() {}
	}
	k := paceKey{session, ep}
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.now()
	at, s := p.next(k, now)
	i := sort.Search(len(s), func(i int) bool { return s[i].After(at) })
	p.slots[k] = slices.Insert(s, i, at)
	release := func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		s := p.slots[k]
		for i := len(s) - 1; i >= 0; i-- {
			if s[i].Equal(at) {
				p.slots[k] = append(s[:i:i], s[i+1:]...)
				return
			}
		}
	}
	return at.Sub(now), release
}
