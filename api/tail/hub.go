package tail

import (
	"sync"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/sched"
)

// Hub holds the streams of one account, so that every reader of one log
// (several panes, every console of a serve) shares one tail, and every
// tail shares one scheduler's budget.
type Hub struct {
	c     *api.Client
	sched *sched.Scheduler
	tail  Options
	opts  StreamOptions
	held  func(session api.ID) time.Time

	mu       sync.Mutex
	messages map[api.ID]*Stream[api.MessageLog]
	sessions map[api.ID]*Stream[api.SessionLog]
}

// linger is how long a stream nobody reads is kept (its tail and entries)
// before it is dropped: switching panes and back costs nothing.
const linger = 2 * time.Minute

// NewHub makes the streams of c run on s. held says until when a
// session's credential is held after a 429 (nil: never).
func NewHub(c *api.Client, s *sched.Scheduler, tail Options, opts StreamOptions, held func(api.ID) time.Time) *Hub {
	opts = opts.withDefaults()
	if held == nil {
		held = func(api.ID) time.Time { return time.Time{} }
	}
	return &Hub{c: c, sched: s, tail: tail, opts: opts, held: held,
		messages: map[api.ID]*Stream[api.MessageLog]{}, sessions: map[api.ID]*Stream[api.SessionLog]{}}
}

// Scheduler is the budget the hub's streams share.
func (h *Hub) Scheduler() *sched.Scheduler { return h.sched }

// Messages is the stream of a session's message logs.
func (h *Hub) Messages(session api.ID) *Stream[api.MessageLog] {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.sweep()
	return get(h, h.messages, session, MessageLogs(h.c, session))
}

// Sessions is the stream of a session's session logs.
func (h *Hub) Sessions(session api.ID) *Stream[api.SessionLog] {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.sweep()
	return get(h, h.sessions, session, SessionLogs(h.c, session))
}

func get[T any](h *Hub, m map[api.ID]*Stream[T], session api.ID, src Source[T]) *Stream[T] {
	if s := m[session]; s != nil {
		return s
	}
	opts := h.opts
	opts.Held = func() time.Time { return h.logsHeld(session) }
	t := New(src, h.tail)
	t.now = opts.Now // the hub's clock drives its tails too
	s := NewStream(t, opts)
	m[session] = s
	h.sched.Add(s)
	return s
}

// logsHeld is until when the credential a session's logs are read with is
// held: they are /whatsapp-sessions/{id}/… calls, made with the personal
// token when there is one (see api.Client.HeldUntil), else the session's key.
func (h *Hub) logsHeld(session api.ID) time.Time {
	if h.c != nil && h.c.HasToken() {
		return h.held("")
	}
	return h.held(session)
}

// sweep drops streams nobody has read for linger.
func (h *Hub) sweep() {
	now := h.opts.Now()
	sweepMap(h, h.messages, now)
	sweepMap(h, h.sessions, now)
}

func sweepMap[T any](h *Hub, m map[api.ID]*Stream[T], now time.Time) {
	for id, s := range m {
		s.mu.Lock()
		s.pruneLocked()
		gone := len(s.subs) == 0 && !s.idle.IsZero() && now.Sub(s.idle) > linger
		s.mu.Unlock()
		if gone {
			h.sched.Remove(s)
			delete(m, id)
		}
	}
}

// Poke asks the streams of a session that exist for a poll now.
func (h *Hub) Poke(session api.ID) {
	h.mu.Lock()
	m, l := h.messages[session], h.sessions[session]
	h.mu.Unlock()
	if m != nil {
		m.Poke()
	}
	if l != nil {
		l.Poke()
	}
}
