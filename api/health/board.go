package health

import (
	"fmt"
	"strconv"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/tail"
)

// Kind names one of a session's two logs.
type Kind int

const (
	SessionLogs Kind = iota
	MessageLogs
)

func (k Kind) String() string {
	if k == MessageLogs {
		return "message logs"
	}
	return "session logs"
}

// Board holds the health measures of an account's sessions, fed as the
// session list and the log batches come. It is not safe for concurrent
// use (a Monitor guards one).
type Board struct {
	th     Thresholds
	tracks map[api.ID]*track
	order  []api.ID // as listed
	listed bool
}

// NewBoard returns an empty board.
func NewBoard(th Thresholds) *Board {
	return &Board{th: th.withDefaults(), tracks: map[api.ID]*track{}}
}

// Thresholds are the limits in use, defaults filled in.
func (b *Board) Thresholds() Thresholds { return b.th }

// SetSessions takes a reading of the session list made at `at`: sessions
// that appeared are added, those gone are dropped (returned, so their
// streams can be let go). A session listed without an id is kept, under a
// key of its own, as unreadable.
func (b *Board) SetSessions(list []api.Session, at time.Time) (gone []api.ID) {
	seen := make(map[api.ID]bool, len(list))
	b.order = b.order[:0]
	for i, s := range list {
		key, noID := s.ID, s.ID == ""
		if noID {
			key = api.ID("\x00" + strconv.Itoa(i))
		}
		if seen[key] {
			continue // listed twice: once is enough
		}
		seen[key] = true
		b.order = append(b.order, key)
		t := b.tracks[key]
		if t == nil {
			t = newTrack(key)
			t.noID = noID
			b.tracks[key] = t
		} else if !t.listed.Is(string(s.Status)) && !t.listAt.IsZero() {
			t.changed = at
		}
		t.name, t.listed, t.listAt, t.active = string(s.Name), s.Status, at, s.LastActiveAt.Time
	}
	for id := range b.tracks {
		if !seen[id] {
			delete(b.tracks, id)
			gone = append(gone, id)
		}
	}
	b.listed = true
	return gone
}

// Listed reports whether a session list was taken.
func (b *Board) Listed() bool { return b.listed }

// Sessions are the ids of the listed sessions that have logs to read.
func (b *Board) Sessions() []api.ID {
	var ids []api.ID
	for _, id := range b.order {
		if !b.tracks[id].noID {
			ids = append(ids, id)
		}
	}
	return ids
}

// SessionLogs takes a batch of a session's session logs.
func (b *Board) SessionLogs(id api.ID, batch tail.Batch[api.SessionLog], now time.Time) {
	t := b.tracks[id]
	if t == nil {
		return
	}
	for _, l := range batch.New {
		t.addState(l)
	}
	b.gaps(t, batch.Gaps, now)
}

// MessageLogs takes a batch of a session's message logs: new entries and
// the changes of entries delivered before (a status settling).
func (b *Board) MessageLogs(id api.ID, batch tail.Batch[api.MessageLog], now time.Time) {
	t := b.tracks[id]
	if t == nil {
		return
	}
	start := now.Add(-b.th.Window)
	t.prune(start)
	for _, l := range batch.New {
		t.setMessage(l, start)
	}
	for _, l := range batch.Updated {
		t.setMessage(l, start)
	}
	b.gaps(t, batch.Gaps, now)
}

// gaps notes where entries may be missing. A gap without times (a reader
// too slow) counts from when it was reported.
func (b *Board) gaps(t *track, gs []tail.Gap, now time.Time) {
	for _, g := range gs {
		at := g.To
		if at.IsZero() {
			at = now
		}
		if !at.Before(now.Add(-b.th.Window)) {
			t.gaps = append(t.gaps, gap{at: at, missing: max(g.Missing, 1)})
		}
	}
}

// Read takes how a session's log reads: whether the window is read
// (covered) and the stream's status; it reports whether that changed.
func (b *Board) Read(id api.ID, k Kind, covered bool, st tail.Status, now time.Time) bool {
	t := b.tracks[id]
	if t == nil {
		return false
	}
	r := &t.reads[k]
	if st.Err != nil && st.Err != r.err {
		t.note(k.String()+": "+errorText(st.Err), now)
	}
	changed := covered && !r.covered || st.Err != r.err || st.Fails != r.fails || r.gaveUp
	r.covered = r.covered || covered
	r.err, r.fails, r.gaveUp = st.Err, st.Fails, false
	return changed
}

// Held says until when the API holds the session's credential after a 429
// (zero: it does not); a new hold is the session's last error, and is
// reported.
func (b *Board) Held(id api.ID, until, now time.Time) bool {
	t := b.tracks[id]
	if t == nil || !until.After(now) || until.Equal(t.held) {
		return false
	}
	t.held = until
	t.note(fmt.Sprintf("rate limited: the API holds this session's key for %s", until.Sub(now).Round(time.Second)), now)
	return true
}

// NoteError records an error the console met acting on a session (a
// restart answered 500, say) as its last error.
func (b *Board) NoteError(id api.ID, err error, now time.Time) {
	if t := b.tracks[id]; t != nil && err != nil {
		t.note(errorText(err), now)
	}
}

// unreadable is the reason a log cannot be read, if it cannot.
func (b *Board) unreadable(t *track, k Kind) (Reason, bool) {
	r := t.reads[k]
	if r.err == nil || !r.gaveUp && !permanent(r.err) && r.fails < b.th.UnreadableAfter {
		return Reason{}, false
	}
	what := k.String() + ": " + errorText(r.err)
	if r.fails > 1 && !permanent(r.err) {
		what += fmt.Sprintf(" (%d reads in a row)", r.fails)
	}
	return Reason{Unreadable, what}, true
}

// GiveUp marks the logs of the sessions not read yet as unreadable, with
// why: a one-shot check that ran out of time.
func (b *Board) GiveUp(why string) {
	for _, t := range b.tracks {
		for k := range t.reads {
			r := &t.reads[k]
			if r.covered || r.err != nil && (permanent(r.err) || r.fails >= b.th.UnreadableAfter) {
				continue
			}
			msg := why
			if r.err != nil {
				msg += "; the last read said: " + errorText(r.err)
			}
			r.err, r.fails = giveUp(msg), 0
			r.gaveUp = true
		}
	}
}

type giveUp string

func (g giveUp) Error() string { return string(g) }
