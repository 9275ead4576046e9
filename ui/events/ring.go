package events

// ring keeps the newest rows up to a count and a size (of the events'
// bodies, which the rows share with the receiver). Rows are addressed by a
// sequence number that grows forever; the oldest fall off the front.
type ring struct {
	buf      []row
	limit    int // count: buf grows up to it, so an idle console costs little
	maxBytes int
	bytes    int
	start    int    // index in buf of the oldest row
	n        int    // rows held
	first    uint64 // sequence number of the oldest row
}

func newRing(count, bytes int) *ring {
	count = max(count, 1)
	return &ring{buf: make([]row, min(count, 256)), limit: count, maxBytes: bytes}
}

// next is the sequence number the next push gets.
func (r *ring) next() uint64 { return r.first + uint64(r.n) }

// push appends a row, letting the oldest go while either bound is passed.
func (r *ring) push(e row) uint64 {
	if r.n == len(r.buf) && len(r.buf) < r.limit {
		bigger := make([]row, min(2*len(r.buf), r.limit))
		for i := range r.n {
			bigger[i] = r.buf[(r.start+i)%len(r.buf)]
		}
		r.buf, r.start = bigger, 0
	}
	for r.n > 0 && (r.n == len(r.buf) || r.bytes+e.size() > r.maxBytes) {
		old := &r.buf[r.start]
		r.bytes -= old.size()
		*old = row{}
		r.start = (r.start + 1) % len(r.buf)
		r.first++
		r.n--
	}
	seq := r.next()
	r.buf[(r.start+r.n)%len(r.buf)] = e
	r.n++
	r.bytes += e.size()
	return seq
}

// at is the row numbered seq, or nil once it is gone.
func (r *ring) at(seq uint64) *row {
	if seq < r.first || seq >= r.next() {
		return nil
	}
	return &r.buf[(r.start+int(seq-r.first))%len(r.buf)]
}

func (r *ring) len() int { return r.n }
