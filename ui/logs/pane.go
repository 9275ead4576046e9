// Package logs is the logs pane: session logs and message logs of one
// session or of all of them, tailed live, filterable, searchable, savable.
package logs

import (
	"slices"
	"time"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/tail"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/input"
	"github.com/wasender-tui/wasender-tui/ui/components/scope"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// allSessions is the choice of the interleaved view.
const allSessions = scope.All

// Model is the logs pane.
type Model struct {
	ctx   *common.Context
	stack *view.Stack
	gen   uint64

	view.Tables // the pane's, and the filter's while it is typed

	// open makes the source of one session's log: the seam where a request
	// scheduler shared by every pane can stand instead of one tail each.
	open func(c *api.Client, session api.ID, k kind, opts tail.Options) source

	// What is shown: one session ("" until chosen) or all, and which log.
	kind     kind
	streams  []source
	selGen   uint64 // changes with the selection; older poll results are dropped
	ring     *ring
	visible  []uint64 // sequence numbers of the entries shown, in order
	cursor   int      // index into visible
	follow   bool
	unseen   int // entries arrived while not following
	offset   int // first visible row drawn (list mode, no wrap)
	filters  filters
	filter   textinput.Model
	utc      bool
	wrap     bool
	statuses []string // seen, for F
	events   []string // seen, for E

	width, height int
	active        bool
	chain         int
	inflight      bool
	lastPoll      time.Time
	lastErr       error
	delay         time.Duration

	scope *scope.Scope
	// unavailable says why no log can be read, when none can.
	unavailable string
}

// noLogsWithoutID is why a key-only console reads no log: logs live under
// the session's id, which the key alone does not tell.
const noLogsWithoutID = "No log to read: logs are under /whatsapp-sessions/{id}/, and the id of the session of WASENDER_API_KEY is " +
	"known only to the personal token. Set WASENDER_TOKEN, or give the key with its session id under session_keys " +
	"in the config profile, and the logs are read with the key where the API takes it."

// New returns the logs pane; its views open on stack.
func New(ctx *common.Context, stack *view.Stack) *Model {
	m := &Model{ctx: ctx, stack: stack, gen: common.NextGen(), kind: kindMessage, follow: true, open: newStream}
	m.filters.hide = true
	m.scope = scope.New(ctx, m.gen, "Show the logs of", true)
	m.filter = input.New(ctx.Styles, "/", "filter lines", 200)
	m.ring = newRing(m.capacity())
	m.buildActions()
	return m
}

func (m *Model) capacity() int {
	if n := m.ctx.Settings.LogBuffer; n > 0 {
		return n
	}
	return common.DefaultSettings.LogBuffer
}

// Name is the pane's command and tab.
func (m *Model) Name() string { return "logs" }

// Status is the header's line, the last poll and its error.
func (m *Model) Status() view.Status {
	st := view.Status{Updated: m.lastPoll, Err: m.lastErr}
	if m.scope.Session != "" {
		st.Summary = m.kindTitle() + " · " + m.sessionTitle()
	}
	return st
}

// SetSize gives the pane its space.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.filter.Width = max(w-30, 10)
	m.clampCursor()
	m.scrollIntoView()
}

// SetActive resumes polling at full speed in front, and slows or pauses it
// behind, as the profile says (hidden_log_poll).
func (m *Model) SetActive(active bool) tea.Cmd {
	m.active = active
	m.chain++
	if m.scope.Session == "" {
		if !active {
			return nil
		}
		if chosen, cmd := m.scope.Start(); !chosen {
			return cmd
		}
		list, _ := m.ctx.Sessions.Sessions()
		return m.selectSession(m.scope.Session, list)
	}
	switch {
	case m.inflight:
		return nil // its answer schedules the next poll, on the new chain
	case !active && m.ctx.Settings.HiddenLogPoll <= 0:
		return nil // paused until shown again
	case active:
		return m.pollNow()
	}
	return m.schedule(m.interval())
}

// pollAgain polls now, outside the schedule: the chain changes so that
// the tick already waiting does not start a second one.
func (m *Model) pollAgain() tea.Cmd {
	if m.inflight {
		return nil
	}
	m.chain++
	return m.pollNow()
}

// interval between polls: the profile's, stretched when following every
// session at once (one request per session per poll), or the hidden rate.
func (m *Model) interval() time.Duration {
	base := m.ctx.Settings.LogPollInterval
	if base <= 0 {
		base = common.DefaultSettings.LogPollInterval
	}
	if !m.active {
		base = max(m.ctx.Settings.HiddenLogPoll, base)
	}
	if n := len(m.streams); n > 5 {
		base *= time.Duration((n + 4) / 5)
	}
	return base
}

// selectSession starts following session (an id or allSessions) afresh.
func (m *Model) selectSession(session string, list []api.Session) tea.Cmd {
	m.scope.Session = session
	m.selGen = common.NextGen()
	m.ring = newRing(m.capacity())
	m.visible, m.cursor, m.offset, m.unseen, m.follow = nil, 0, 0, 0, true
	m.statuses, m.events = nil, nil
	m.filters.status, m.filters.event = "", ""
	m.lastErr, m.lastPoll, m.inflight = nil, time.Time{}, false
	opts := tail.Options{Interval: m.ctx.Settings.LogPollInterval}
	m.streams = nil
	for _, s := range list {
		if session == allSessions || string(s.ID) == session {
			if s.ID != "" {
				m.streams = append(m.streams, m.open(m.ctx.Client, s.ID, m.kind, opts))
			}
		}
	}
	if len(m.streams) == 0 && session != allSessions && session != "" {
		m.streams = append(m.streams, m.open(m.ctx.Client, api.ID(session), m.kind, opts))
	}
	m.unavailable = ""
	if len(m.streams) == 0 && m.ctx.KeyOnly() {
		m.unavailable = noLogsWithoutID
	}
	m.chain++
	return m.pollNow()
}

// pollMsg is one poll of the selection: every stream's result at once,
// so a burst costs one update and one frame.
type pollMsg struct {
	gen, selGen uint64
	chain       int
	results     []streamResult
	errs        []error
	delay       time.Duration
	at          time.Time
}

type tickMsg struct {
	gen   uint64
	chain int
}

func (m *Model) pollNow() tea.Cmd {
	if m.inflight || len(m.streams) == 0 {
		return nil
	}
	m.inflight = true
	streams, gen, selGen, chain, ctx, now := m.streams, m.gen, m.selGen, m.chain, m.ctx.Lifetime, m.ctx.Now
	return func() tea.Msg {
		msg := pollMsg{gen: gen, selGen: selGen, chain: chain}
		for _, s := range streams {
			r, err := s.poll(ctx)
			msg.results = append(msg.results, r)
			msg.errs = append(msg.errs, err)
			msg.delay = max(msg.delay, s.delay(err))
		}
		msg.at = now()
		return msg
	}
}

func (m *Model) schedule(d time.Duration) tea.Cmd {
	gen, chain := m.gen, m.chain
	return m.ctx.After(d, func(time.Time) tea.Msg { return tickMsg{gen: gen, chain: chain} })
}

// Update handles messages.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	if m.scope.Update(msg) {
		return m.reselect()
	}
	switch msg := msg.(type) {
	case pollMsg:
		if msg.gen != m.gen || msg.selGen != m.selGen {
			return nil
		}
		m.inflight = false
		m.onPoll(msg)
		if !m.active && m.ctx.Settings.HiddenLogPoll <= 0 {
			return nil
		}
		// The one chain goes on from here, whatever changed meanwhile.
		return m.schedule(max(msg.delay, m.interval()))
	case tickMsg:
		if msg.gen != m.gen || msg.chain != m.chain {
			return nil
		}
		if !m.active && m.ctx.Settings.HiddenLogPoll <= 0 {
			return nil
		}
		return m.pollNow()
	case common.ShowLogsMsg:
		return m.show(msg)
	case tea.KeyMsg:
		if m.Typing {
			return m.typeFilter(msg)
		}
	}
	return nil
}

// onPoll adds a poll's lines: new entries in time order, updates in place,
// gaps as notices. It costs O(new entries), whatever the buffer holds.
func (m *Model) onPoll(msg pollMsg) {
	m.lastPoll = msg.at
	m.lastErr = nil
	for _, err := range msg.errs {
		if err != nil {
			m.lastErr = err
		}
	}
	m.delay = msg.delay
	var news []entry
	for _, r := range msg.results {
		news = append(news, r.gaps...)
		news = append(news, r.news...)
		for _, u := range r.updates {
			m.update(u)
		}
	}
	if len(msg.results) > 1 {
		slices.SortStableFunc(news, func(a, b entry) int { return a.at.Compare(b.at) })
	}
	now := m.ctx.Now()
	added := 0
	for _, e := range news {
		m.note(&e)
		seq := m.ring.push(e)
		if m.filters.match(m.ring.at(seq), now) {
			m.visible = append(m.visible, seq)
			added++
		}
	}
	m.trim()
	if m.follow {
		m.cursor = len(m.visible) - 1
	} else {
		m.unseen += added
	}
	m.clampCursor()
	m.scrollIntoView()
}

// update replaces an entry in place (a message's status moved on).
func (m *Model) update(u entry) {
	seq, ok := m.ring.find(entryKey{u.session, u.id})
	if !ok {
		return
	}
	e := m.ring.at(seq)
	before := m.filters.match(e, m.ctx.Now())
	*e = u
	m.note(e)
	after := m.filters.match(e, m.ctx.Now())
	if before == after {
		return
	}
	i, found := slices.BinarySearch(m.visible, seq)
	switch {
	case after && !found:
		m.visible = slices.Insert(m.visible, i, seq)
		if i <= m.cursor && !m.follow {
			m.cursor++
		}
	case !after && found:
		m.visible = slices.Delete(m.visible, i, i+1)
		if i < m.cursor {
			m.cursor--
		}
	}
}

// note records statuses and event types seen, for the F and E filters.
func (m *Model) note(e *entry) {
	if e.status != "" && !slices.Contains(m.statuses, e.status) {
		m.statuses = append(m.statuses, e.status)
		slices.Sort(m.statuses)
	}
	if e.event != "" && !slices.Contains(m.events, e.event) {
		m.events = append(m.events, e.event)
		slices.Sort(m.events)
	}
}

// trim drops lines the ring evicted or the time window left behind.
func (m *Model) trim() {
	now := m.ctx.Now()
	drop := 0
	for drop < len(m.visible) {
		e := m.ring.at(m.visible[drop])
		if e != nil && (m.filters.window == 0 || !e.at.Before(now.Add(-m.filters.window))) {
			break
		}
		drop++
	}
	if drop > 0 {
		m.visible = m.visible[drop:]
		m.cursor -= drop
		m.offset = max(m.offset-drop, 0)
	}
}

// refilter recomputes the shown lines after a filter change: O(buffer).
func (m *Model) refilter() {
	var selected uint64
	hadSel := m.cursor >= 0 && m.cursor < len(m.visible)
	if hadSel {
		selected = m.visible[m.cursor]
	}
	now := m.ctx.Now()
	m.visible = m.visible[:0]
	for seq := m.ring.first; seq < m.ring.next(); seq++ {
		if m.filters.match(m.ring.at(seq), now) {
			m.visible = append(m.visible, seq)
		}
	}
	switch {
	case m.follow || !hadSel:
		m.cursor = len(m.visible) - 1
	default:
		i, _ := slices.BinarySearch(m.visible, selected)
		m.cursor = min(i, len(m.visible)-1)
	}
	m.clampCursor()
	m.scrollIntoView()
}

func (m *Model) clampCursor() {
	m.cursor = max(0, min(m.cursor, len(m.visible)-1))
}

// scrollIntoView moves the first line drawn so the cursor is on screen,
// or the newest line at the bottom when following.
func (m *Model) scrollIntoView() {
	rows := m.rows()
	if m.follow {
		m.offset = len(m.visible) - rows
	}
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+rows {
		m.offset = m.cursor - rows + 1
	}
	m.offset = max(0, min(m.offset, len(m.visible)-rows))
}

func (m *Model) selected() *entry {
	if len(m.visible) == 0 {
		return nil
	}
	return m.ring.at(m.visible[m.cursor])
}

// cycle moves through "" and the values seen.
func cycle(cur string, values []string) string {
	opts := append([]string{""}, values...)
	i := slices.Index(opts, cur)
	return opts[(i+1)%len(opts)]
}

var windows = []time.Duration{0, 5 * time.Minute, 15 * time.Minute, time.Hour}

func nextWindow(cur time.Duration) time.Duration {
	i := slices.Index(windows, cur)
	return windows[(i+1)%len(windows)]
}
