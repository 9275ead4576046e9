package webhook

// recent is the latest events, up to a count and a size, oldest first.
type recent struct {
	ring            []*Event
	head, n         int
	bytes, maxBytes int
}

func newRecent(events, bytes int) *recent {
	return &recent{ring: make([]*Event, events), maxBytes: bytes}
}

// add keeps e, letting the oldest go past either bound, and says how many
// went. A nil recent keeps nothing.
func (k *recent) add(e *Event) (dropped uint64) {
	if k == nil {
		return 0
	}
	for k.n > 0 && (k.n == len(k.ring) || k.bytes+e.size() > k.maxBytes) {
		k.bytes -= k.ring[k.head].size()
		k.ring[k.head] = nil
		k.head = (k.head + 1) % len(k.ring)
		k.n--
		dropped++
	}
	k.ring[(k.head+k.n)%len(k.ring)] = e
	k.n++
	k.bytes += e.size()
	return dropped
}

// clear lets everything go.
func (k *recent) clear() {
	clear(k.ring)
	k.head, k.n, k.bytes = 0, 0, 0
}

// list copies what is kept, oldest first.
func (k *recent) list() []*Event {
	if k == nil {
		return nil
	}
	out := make([]*Event, k.n)
	for i := range k.n {
		out[i] = k.ring[(k.head+i)%len(k.ring)]
	}
	return out
}
