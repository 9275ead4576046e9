package webhook

import (
	"bytes"
	"encoding/json"
	"hash/maphash"
	"sync"
	"time"
)

// How much the repeat detector remembers.
const (
	rememberMessages = 8192 // identities of recent message events
	rememberStreams  = 4096 // (session, event) pairs of recent keyless events
)

// repeats marks redeliveries. An event about messages is a repeat when the
// same session sent the same event for the same message keys (and, for
// updates, the same new status) among the recent ones. An event without a
// message key is one when its data and timestamp equal those of the last
// event of its name from its session: connected, connecting, connected is
// no repeat, nor are two failures of the same kind a second apart (the
// docs' failed message.sent has no key), but a delivery sent twice is.
type repeats struct {
	seed maphash.Seed

	mu   sync.Mutex
	seen map[uint64]struct{}
	ring []uint64
	next int
	last map[uint64]uint64 // hash(session, kind) -> hash(data)
}

func newRepeats() *repeats {
	return &repeats{seed: maphash.MakeSeed(), seen: map[uint64]struct{}{}, ring: make([]uint64, rememberMessages), last: map[uint64]uint64{}}
}

// check records e and reports whether it was seen before.
func (r *repeats) check(e *Event) bool {
	var h maphash.Hash
	h.SetSeed(r.seed)
	write := func(parts ...string) {
		for _, p := range parts {
			h.WriteString(p)
			h.WriteByte(0)
		}
	}
	write(e.Session.ID, e.Kind)
	stream := h.Sum64()
	keyed := false
	for _, m := range e.Messages() {
		if m.ID == "" {
			continue
		}
		keyed = true
		flag := "0"
		if m.FromMe {
			flag = "1"
		}
		write(m.ID, m.Chat, flag, m.Status, m.By, m.Reaction, m.Text)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if keyed {
		id := h.Sum64()
		if _, ok := r.seen[id]; ok {
			return true
		}
		if old := r.ring[r.next]; old != 0 {
			delete(r.seen, old)
		}
		r.ring[r.next], r.seen[id] = id, struct{}{}
		r.next = (r.next + 1) % len(r.ring)
		return false
	}
	var compact bytes.Buffer
	if json.Compact(&compact, e.Data) != nil {
		compact.Write(e.Data)
	}
	compact.WriteString(e.Timestamp.Format(time.RFC3339Nano))
	data := maphash.Bytes(r.seed, compact.Bytes())
	prev, ok := r.last[stream]
	if !ok && len(r.last) >= rememberStreams {
		clear(r.last)
	}
	r.last[stream] = data
	return ok && prev == data
}
