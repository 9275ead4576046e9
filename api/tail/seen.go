package tail

import (
	"math"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
)

// seenSet remembers the ids already delivered, at most max of them: when
// full, the id remembered longest ago is forgotten (a ring). Ids are added
// oldest entry first, so that is also the oldest entry. Each id keeps a hash
// of its entry's version (0 for streams without versions), which is all an
// update check needs.
//
// An id once forgotten could come back as new; floor prevents that: an
// unseen entry older than every forgotten one cannot be new and counts as
// seen. Only an entry with exactly the floor's time can be delivered twice,
// and only after more than max entries were delivered.
type seenSet struct {
	ids   map[api.ID]uint64
	ring  []seenSlot
	head  int // oldest slot once the ring is full
	max   int
	floor int64 // stamp of the newest forgotten entry
}

type seenSlot struct {
	id api.ID
	at int64
}

func newSeenSet(max int) seenSet {
	return seenSet{ids: make(map[api.ID]uint64, min(max, 1024)), max: max, floor: math.MinInt64}
}

func (s *seenSet) get(id api.ID) (uint64, bool) {
	v, ok := s.ids[id]
	return v, ok
}

func (s *seenSet) len() int { return len(s.ids) }

// old reports whether an unseen entry at this time must be one forgotten.
func (s *seenSet) old(at time.Time) bool { return stamp(at) < s.floor }

// add remembers a new id and returns the one forgotten to make room, if any.
func (s *seenSet) add(id api.ID, at time.Time, version uint64) (api.ID, bool) {
	if _, ok := s.ids[id]; ok {
		s.ids[id] = version
		return "", false
	}
	s.ids[id] = version
	slot := seenSlot{id: id, at: stamp(at)}
	if len(s.ring) < s.max {
		s.ring = append(s.ring, slot)
		return "", false
	}
	gone := s.ring[s.head]
	s.ring[s.head] = slot
	s.head = (s.head + 1) % s.max
	delete(s.ids, gone.id)
	s.floor = max(s.floor, gone.at)
	return gone.id, true
}

func (s *seenSet) setVersion(id api.ID, version uint64) {
	if _, ok := s.ids[id]; ok {
		s.ids[id] = version
	}
}

// stamp orders times as integers; the zero time (a missing timestamp) sorts
// before everything.
func stamp(t time.Time) int64 {
	if t.IsZero() {
		return math.MinInt64
	}
	return t.UnixNano()
}

// versionHash is FNV-1a: versions are compared, never shown, so a hash
// keeps the memory per id fixed.
func versionHash(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}
