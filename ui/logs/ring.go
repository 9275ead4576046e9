package logs

import (
	"time"

	"github.com/wasender-tui/wasender-tui/api"
)

// kind of a line.
type kind uint8

const (
	kindSession kind = iota // a session-log entry
	kindMessage             // a message-log entry
	kindGap                 // "entries may be missing between …"
)

// entry is one line of the log, with everything drawing and filtering need
// computed once when it arrives, so a frame and a filter keystroke do no
// decoding.
type entry struct {
	kind    kind
	id      api.ID
	session api.ID
	at      time.Time
	status  string // lower case
	event   string // session logs: event_type
	to      string // message logs: recipient
	text    string // message logs: the content as text; session logs: ""; gaps: the notice
	failed  string // message logs: failed_reason
	hay     string // lower-case text searched by the filter
	msg     *api.MessageLog
	slog    *api.SessionLog
}

type entryKey struct {
	session api.ID
	id      api.ID
}

// ring keeps the newest entries of a stream up to its capacity. Entries
// are addressed by a sequence number that grows forever; the oldest fall
// off the front. Updates find their entry by id in O(1).
type ring struct {
	buf   []entry
	limit int    // capacity: buf grows up to it, so an idle console costs little
	start int    // index in buf of the oldest entry
	n     int    // entries held
	first uint64 // sequence number of the oldest entry
	byKey map[entryKey]uint64
}

func newRing(capacity int) *ring {
	capacity = max(capacity, 1)
	return &ring{buf: make([]entry, min(capacity, 256)), limit: capacity, byKey: map[entryKey]uint64{}}
}

// grow doubles the buffer, up to the limit, keeping entries in order.
func (r *ring) grow() {
	bigger := make([]entry, min(2*len(r.buf), r.limit))
	for i := 0; i < r.n; i++ {
		bigger[i] = r.buf[(r.start+i)%len(r.buf)]
	}
	r.buf, r.start = bigger, 0
}

// next is the sequence number the next push gets.
func (r *ring) next() uint64 { return r.first + uint64(r.n) }

// push appends e, evicting the oldest entry when full. It returns e's
// sequence number.
func (r *ring) push(e entry) uint64 {
	if r.n == len(r.buf) && len(r.buf) < r.limit {
		r.grow()
	}
	if r.n == len(r.buf) {
		old := &r.buf[r.start]
		if k := (entryKey{old.session, old.id}); old.kind != kindGap && r.byKey[k] == r.first {
			delete(r.byKey, k)
		}
		*old = entry{}
		r.start = (r.start + 1) % len(r.buf)
		r.first++
		r.n--
	}
	seq := r.next()
	r.buf[(r.start+r.n)%len(r.buf)] = e
	r.n++
	if e.kind != kindGap {
		r.byKey[entryKey{e.session, e.id}] = seq
	}
	return seq
}

// at returns the entry with sequence number seq, or nil once evicted.
func (r *ring) at(seq uint64) *entry {
	if seq < r.first || seq >= r.next() {
		return nil
	}
	return &r.buf[(r.start+int(seq-r.first))%len(r.buf)]
}

// find returns the sequence number of the entry with key k.
func (r *ring) find(k entryKey) (uint64, bool) {
	seq, ok := r.byKey[k]
	return seq, ok && seq >= r.first
}

func (r *ring) len() int { return r.n }
