package health

import (
	"context"
	"sync"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/sched"
	"github.com/wasender-tui/wasender-tui/api/tail"
)

// MonitorOptions configure a Monitor. Zero values take the defaults.
type MonitorOptions struct {
	Thresholds Thresholds
	// Visible subscribes as a reader who looks at the streams, so they are
	// polled at the visible rate; a pane behind others, or one joining
	// streams another pane shows, subscribes hidden and changes no rate.
	// A one-shot check is fastest hidden: a stream whose window is read
	// then waits the hidden interval, and the budget goes to what is still
	// to read (SetVisible once Ready for a live view).
	Visible bool
	// Held says until when the API holds a session's credential after a
	// 429 ("" is the personal access token); nil: never.
	Held func(session api.ID) time.Time
	// List, when set, reads the session list every ListEvery (default
	// 5 s) as a job of the hub's scheduler, within its budget. Without
	// it, call SetSessions.
	List      func(ctx context.Context) ([]api.Session, error)
	ListEvery time.Duration
	Now       func() time.Time
	// Done, when set, ends the monitor's readers when it closes (a
	// console's lifetime), as Close does, whether or not Close is called.
	Done <-chan struct{}
}

// Monitor keeps a Board live from a hub's streams. For every listed session
// it reads both logs from the streams the hub shares (a stream another
// reader tails costs nothing more), asks each, once its first poll is done,
// for its past back to the window's start if it does not reach that far,
// and feeds the board what the streams bring. Pump moves what waits into
// the board; it makes no request and never blocks on one.
type Monitor struct {
	hub  *tail.Hub
	opts MonitorOptions
	list *listJob

	mu       sync.Mutex
	board    *Board
	sessions []api.Session // the last listing
	listed   bool
	listErr  error
	watching map[api.ID]*watch
	closed   bool // a listing that comes after Close subscribes to nothing
}

type watch struct {
	sessions *tail.Stream[api.SessionLog]
	slogs    *tail.Sub[api.SessionLog]
	messages *tail.Stream[api.MessageLog]
	mlogs    *tail.Sub[api.MessageLog]
}

// NewMonitor returns a monitor of hub's streams; with opts.List it starts
// reading the session list on the hub's scheduler.
func NewMonitor(hub *tail.Hub, opts MonitorOptions) *Monitor {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Held == nil {
		opts.Held = func(api.ID) time.Time { return time.Time{} }
	}
	if opts.ListEvery <= 0 {
		opts.ListEvery = 5 * time.Second
	}
	m := &Monitor{hub: hub, opts: opts, board: NewBoard(opts.Thresholds), watching: map[api.ID]*watch{}}
	if opts.List != nil {
		m.list = &listJob{fetch: opts.List, every: opts.ListEvery, now: opts.Now, held: func() time.Time { return opts.Held("") }}
		hub.Scheduler().Add(m.list)
	}
	return m
}

// SetSessions takes a listing of the account's sessions.
func (m *Monitor) SetSessions(list []api.Session) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.setSessions(list)
}

func (m *Monitor) setSessions(list []api.Session) {
	if m.closed {
		return
	}
	now := m.opts.Now()
	m.sessions, m.listed, m.listErr = list, true, nil
	for _, id := range m.board.SetSessions(list, now) {
		if w := m.watching[id]; w != nil {
			w.close()
			delete(m.watching, id)
		}
	}
	for _, id := range m.board.Sessions() {
		if m.watching[id] != nil {
			continue
		}
		w := &watch{sessions: m.hub.Sessions(id), messages: m.hub.Messages(id)}
		var sb tail.Batch[api.SessionLog]
		var mb tail.Batch[api.MessageLog]
		w.slogs, sb = w.sessions.SubscribeUntil(m.opts.Done, m.opts.Visible)
		w.mlogs, mb = w.messages.SubscribeUntil(m.opts.Done, m.opts.Visible)
		m.board.SessionLogs(id, sb, now)
		m.board.MessageLogs(id, mb, now)
		m.watching[id] = w
	}
}

func (w *watch) close() {
	w.slogs.Close()
	w.mlogs.Close()
}

// Pump moves what the streams brought into the board, and reports whether
// anything came or changed (a log read whole, an error, a hold).
func (m *Monitor) Pump() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	changed := false
	if m.list != nil {
		if list, fresh, err := m.list.take(); fresh {
			changed = true
			if err != nil {
				m.listErr = err
			} else {
				m.setSessions(list)
			}
		}
	}
	now := m.opts.Now()
	start := now.Add(-m.board.th.Window)
	for id, w := range m.watching {
		if b := w.slogs.Take(); !b.Empty() {
			m.board.SessionLogs(id, b, now)
			changed = true
		}
		if b := w.mlogs.Take(); !b.Empty() {
			m.board.MessageLogs(id, b, now)
			changed = true
		}
		if m.board.Read(id, SessionLogs, covers(w.sessions, start), w.slogs.Status(), now) {
			changed = true
		}
		if m.board.Read(id, MessageLogs, covers(w.messages, start), w.mlogs.Status(), now) {
			changed = true
		}
		if m.board.Held(id, m.opts.Held(id), now) {
			changed = true
		}
	}
	return changed
}

// covers reports whether a stream has read back to start, and once its
// first poll is done asks it for the rest when it has not.
func covers[T any](s *tail.Stream[T], start time.Time) bool {
	if s.Covers(start) {
		return true
	}
	if st := s.Status(); !st.Polled.IsZero() && !st.CatchingUp {
		s.Extend(start)
	}
	return false
}

// SetVisible says whether the monitor's reader looks at the streams now.
func (m *Monitor) SetVisible(v bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.opts.Visible = v
	for _, w := range m.watching {
		w.slogs.SetVisible(v)
		w.mlogs.SetVisible(v)
	}
}

// Rows are the sessions' health now, worst first.
func (m *Monitor) Rows() []Row {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.board.Rows(m.opts.Now())
}

// Ready reports whether every session's verdict stands on its whole window.
func (m *Monitor) Ready() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.board.Ready()
}

// Pending counts the logs still being read, of all there are.
func (m *Monitor) Pending() (pending, all int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.board.Pending()
}

// Listed reports whether the session list was read, and the error of the
// last reading that failed since.
func (m *Monitor) Listed() (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.listed, m.listErr
}

// GiveUp marks every log not read yet as unreadable, saying why.
func (m *Monitor) GiveUp(why string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.board.GiveUp(why)
}

// NoteError records an error met acting on a session as its last error.
func (m *Monitor) NoteError(id api.ID, err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.board.NoteError(id, err, m.opts.Now())
}

// Thresholds are the limits in use, defaults filled in.
func (m *Monitor) Thresholds() Thresholds {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.board.th
}

// Window is the window measured.
func (m *Monitor) Window() time.Duration {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.board.th.Window
}

// SetWindow measures over another window from now on: the board is built
// again from what the streams keep, and they read further back if needed.
func (m *Monitor) SetWindow(d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	th := m.board.th
	th.Window = d
	m.board = NewBoard(th)
	for id, w := range m.watching {
		w.close()
		delete(m.watching, id)
	}
	if m.listed {
		m.setSessions(m.sessions)
	}
}

// Close lets the streams go and stops reading the list.
func (m *Monitor) Close() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed = true
	if m.list != nil {
		m.hub.Scheduler().Remove(m.list)
	}
	for id, w := range m.watching {
		w.close()
		delete(m.watching, id)
	}
}

// listJob reads the session list on the scheduler: at once first, then
// every interval (after a 429 hold on the token, when it ends).
type listJob struct {
	fetch func(ctx context.Context) ([]api.Session, error)
	every time.Duration
	now   func() time.Time
	held  func() time.Time

	mu    sync.Mutex
	last  time.Time
	list  []api.Session
	err   error
	fresh bool
}

func (j *listJob) Next(now time.Time) (time.Time, sched.Class, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.last.IsZero() {
		return now, sched.Urgent, true
	}
	due := j.last.Add(j.every)
	if h := j.held(); h.After(due) {
		due = h
	}
	return due, sched.Visible, true
}

func (j *listJob) Run(ctx context.Context) {
	list, err := j.fetch(ctx)
	if ctx.Err() != nil {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	j.last, j.list, j.err, j.fresh = j.now(), list, err, true
}

// take returns the newest reading once.
func (j *listJob) take() ([]api.Session, bool, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	fresh := j.fresh
	j.fresh = false
	return j.list, fresh, j.err
}
