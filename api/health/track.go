package health

import (
	"slices"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
)

// track is what is known of one session: its listing, its state changes,
// the messages of the window and how its logs read.
type track struct {
	id      api.ID
	noID    bool // the API listed it without an id: nothing of it can be read
	name    string
	listed  api.Status
	listAt  time.Time // when the list said so
	changed time.Time // when a listing first showed that state, if seen to change
	active  time.Time // last_active_at

	states   []state // session logs read, oldest first, at most maxStates
	stateIDs map[api.ID]bool

	msgs    []*message // messages of the window, oldest first
	byID    map[api.ID]*message
	fails   []*message // the failed ones among them, oldest first
	sent    int
	failed  int
	reasons map[string]int // failed_reason -> failures of the window
	newest  time.Time      // the newest message ever read

	reads   [2]read // by Kind
	gaps    []gap
	lastErr string
	errAt   time.Time
	held    time.Time
}

// state is one session-log entry.
type state struct {
	id     api.ID
	at     time.Time
	status api.Status
}

// maxStates bounds the session logs kept per session: far more than a
// window holds, enough to say since when a state has held.
const maxStates = 1000

type outcome uint8

const (
	pending outcome = iota
	sent
	failed
)

type message struct {
	id     api.ID
	at     int64 // created_at, unix nanoseconds: compared and bucketed often
	out    outcome
	reason string
}

// read is how one of the session's logs reads.
type read struct {
	covered bool  // every entry of the window has been read
	err     error // the last poll's error
	fails   int   // polls in a row that failed
	gaveUp  bool  // not read in the time a one-shot check had
}

type gap struct {
	at      time.Time
	missing int
}

func newTrack(id api.ID) *track {
	return &track{id: id, stateIDs: map[api.ID]bool{}, byID: map[api.ID]*message{}, reasons: map[string]int{}}
}

// before orders entries by time, then id: the order the server created
// them in.
func before(at time.Time, id api.ID, bat time.Time, bid api.ID) bool {
	if !at.Equal(bat) {
		return at.Before(bat)
	}
	return id.Less(bid)
}

func (t *track) addState(l api.SessionLog) {
	if t.stateIDs[l.ID] {
		return
	}
	s := state{id: l.ID, at: l.OccurredAt.Time, status: l.Status}
	i := len(t.states)
	for i > 0 && before(s.at, s.id, t.states[i-1].at, t.states[i-1].id) {
		i--
	}
	if i == 0 && len(t.states) >= maxStates {
		return // older than all that is kept, and no room
	}
	t.states = slices.Insert(t.states, i, s)
	t.stateIDs[s.id] = true
	if len(t.states) > maxStates {
		delete(t.stateIDs, t.states[0].id)
		t.states = slices.Delete(t.states, 0, 1)
	}
}

// setMessage adds a message of the window or changes one it holds.
func (t *track) setMessage(l api.MessageLog, start time.Time) {
	at := l.CreatedAt.Time
	if at.After(t.newest) {
		t.newest = at
	}
	out := pending
	switch {
	case l.Status.Is(api.StatusSent):
		out = sent
	case l.Status.Is(api.StatusFailed):
		out = failed
	}
	if m := t.byID[l.ID]; m != nil {
		t.uncount(m)
		m.out, m.reason = out, string(l.FailedReason)
		t.count(m)
		return
	}
	if at.Before(start) {
		return
	}
	m := &message{id: l.ID, at: at.UnixNano(), out: out, reason: string(l.FailedReason)}
	t.msgs = insertSorted(t.msgs, m)
	t.byID[m.id] = m
	t.count(m)
}

func insertSorted(ms []*message, m *message) []*message {
	i := len(ms)
	for i > 0 && (m.at < ms[i-1].at || m.at == ms[i-1].at && m.id.Less(ms[i-1].id)) {
		i--
	}
	return slices.Insert(ms, i, m)
}

func (t *track) count(m *message) {
	switch m.out {
	case sent:
		t.sent++
	case failed:
		t.failed++
		t.reasons[m.reason]++
		t.fails = insertSorted(t.fails, m)
	}
}

func (t *track) uncount(m *message) {
	switch m.out {
	case sent:
		t.sent--
	case failed:
		t.failed--
		if t.reasons[m.reason]--; t.reasons[m.reason] <= 0 {
			delete(t.reasons, m.reason)
		}
		if i := slices.Index(t.fails, m); i >= 0 {
			t.fails = slices.Delete(t.fails, i, i+1)
		}
	}
}

// prune forgets the messages and gaps older than the window's start.
func (t *track) prune(start time.Time) {
	from := start.UnixNano()
	n := 0
	for n < len(t.msgs) && t.msgs[n].at < from {
		m := t.msgs[n]
		if m.out == failed { // the oldest failure: the head of fails
			t.fails[0] = nil
			t.fails = t.fails[1:]
			t.failed--
			if t.reasons[m.reason]--; t.reasons[m.reason] <= 0 {
				delete(t.reasons, m.reason)
			}
		} else if m.out == sent {
			t.sent--
		}
		delete(t.byID, m.id)
		n++
	}
	if n > 0 {
		clear(t.msgs[:n])
		t.msgs = t.msgs[n:] // an append that outgrows it copies only the rest
	}
	// Gaps come in the order they were reported, not by time (a read of
	// the past reports older ones late): each is judged on its own.
	t.gaps = slices.DeleteFunc(t.gaps, func(g gap) bool { return g.at.Before(start) })
}

// status is the state now: the session log's newest entry when it is newer
// than the last listing, else the listing.
func (t *track) status() api.Status {
	if n := len(t.states); n > 0 && t.states[n-1].at.After(t.listAt) {
		return t.states[n-1].status
	}
	return t.listed
}

// since is when the session entered its state: the oldest entry of the
// newest run of session logs in that state. atLeast: the run reaches the
// oldest entry read. Without logs that agree, the time a listing first
// showed the state, if one was seen to change.
func (t *track) since(now api.Status) (at time.Time, atLeast bool) {
	i := len(t.states) - 1
	if i < 0 || !t.states[i].status.Is(string(now)) {
		return t.changed, false
	}
	for i > 0 && t.states[i-1].status.Is(string(now)) {
		i--
	}
	return t.states[i].at, i == 0
}

// changes counts the session logs of the window that changed the state:
// each one of a settled state that differs from the settled state before it
// (read before the window or in it). A transitional state ("connecting") and
// a repeat of the state are no change, and the first state read has nothing
// to change from: a pairing (need_scan, connecting, connected) is one
// change, a reconnect through connecting none, a drop and its return two.
func (t *track) changes(start time.Time) int {
	i := len(t.states)
	for i > 0 && !t.states[i-1].at.Before(start) {
		i--
	}
	var last api.Status
	known := false
	for j := i - 1; j >= 0 && !known; j-- {
		if !transitional(t.states[j].status) {
			last, known = t.states[j].status, true
		}
	}
	n := 0
	for _, s := range t.states[i:] {
		if transitional(s.status) {
			continue
		}
		if known && !s.status.Is(string(last)) {
			n++
		}
		last, known = s.status, true
	}
	return n
}

// transitional is a state on the way to another, not one a session settles in.
func transitional(s api.Status) bool { return s.Is(api.StatusConnecting) }

func (t *track) lastActivity() time.Time {
	at := t.active
	if t.newest.After(at) {
		at = t.newest
	}
	if n := len(t.states); n > 0 && t.states[n-1].at.After(at) {
		at = t.states[n-1].at
	}
	return at
}

// buckets counts the window's failures per Bucket, oldest first.
func (t *track) buckets(start time.Time, window time.Duration) []int {
	n := int((window + Bucket - 1) / Bucket)
	out := make([]int, n)
	from := start.UnixNano()
	for _, m := range t.fails {
		if d := m.at - from; d >= 0 {
			out[min(int(d/int64(Bucket)), n-1)]++
		}
	}
	return out
}

// commonest is the failed_reason most failures of the window share.
func (t *track) commonest() (reason string, n int) {
	for r, k := range t.reasons {
		if k > n || k == n && r < reason {
			reason, n = r, k
		}
	}
	return reason, n
}

func (t *track) note(err string, at time.Time) {
	t.lastErr, t.errAt = err, at
}
