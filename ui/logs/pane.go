// Package logs is the logs pane: session logs and message logs of one
// session or of all of them, tailed live, filterable, searchable, savable.
package logs

import (
	"cmp"
	"slices"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/follow"
	"github.com/wasender-tui/wasender-tui/ui/components/input"
	"github.com/wasender-tui/wasender-tui/ui/components/scope"
	"github.com/wasender-tui/wasender-tui/ui/keys"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// allSessions is the choice of the interleaved view.
const allSessions = scope.All

// Model is the logs pane.
type Model struct {
	ctx   *common.Context
	stack *view.Stack
	gen   uint64

	// What is shown: one session ("" until chosen) or all, and which log.
	kind        kind
	feeds       []feed // readers of the hub's streams of what is shown
	feedKind    kind   // the kind the feeds read
	feedSession string // the choice the feeds read (an id or allSessions)
	selGen      uint64 // changes with the selection; older results are dropped
	ring        *ring
	list        follow.List // the entries shown, the cursor, following, the filter's term, and the key tables
	filters     filters
	utc         bool
	wrap        bool
	statuses    []string // seen, for F
	events      []string // seen, for E

	width, height int
	active        bool
	fresh         freshness // of the feeds, as of the last drain
	dated         bool      // the lines on screen span days: times show their date
	matches       int       // lines matching the search term
	matchAt       int       // the cursor's match among them (1-based; 0: not on one)
	noMore        int       // n (+1) or N (-1) found no further match

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
	m := &Model{ctx: ctx, stack: stack, gen: common.NextGen(), kind: kindMessage}
	m.filters.hide = true
	m.scope = scope.New(ctx, m.gen, "Show the logs of", true)
	m.list = follow.List{Follow: true, Rows: m.rows, Refilter: m.refilter, Moved: func() { m.noMore = 0 },
		Scrolled: func() { m.dated = m.spansDays(); m.countMatches() }, Filter: input.New(ctx.Styles, "/", "filter lines", 200)}
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

// Focus is Text while the filter is typed.
func (m *Model) Focus() view.Focus { return m.list.Focus() }

// Actions are the filter's keys while it is typed, else the pane's.
func (m *Model) Actions() []keys.Action { return m.list.Actions() }

// Status is the header's line, the last poll and its error.
func (m *Model) Status() view.Status {
	st := view.Status{Updated: m.fresh.polled, Err: m.fresh.err, Stale: m.fresh.overdue}
	if m.scope.Session == "" && m.scope.Err != nil {
		st.Err = m.scope.Err // no log to read: the session list failed
	}
	if m.scope.Session != "" {
		st.Summary = m.kindTitle() + " · " + m.sessionTitle()
	}
	return st
}

// SetSize gives the pane its space.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.list.SetWidth(w)
}

// SetActive tells the streams whether their lines are looked at: the
// scheduler polls them at full speed in front, slower (hidden_log_poll)
// or not at all behind.
func (m *Model) SetActive(active bool) tea.Cmd {
	m.active = active
	for _, f := range m.feeds {
		f.setVisible(active)
	}
	if len(m.feeds) > 0 {
		// The streams went on behind: their last error and last good
		// poll, as of now, not of the last drain.
		m.fresh = m.freshness()
	}
	if m.scope.Session != "" || !active {
		return nil
	}
	if chosen, cmd := m.scope.Start(); !chosen {
		return cmd
	}
	list, _ := m.ctx.Sessions.Sessions()
	return m.selectSession(m.scope.Session, list)
}

// pollAgain asks the streams shown for a poll as soon as the budget allows.
func (m *Model) pollAgain() tea.Cmd {
	for _, f := range m.feeds {
		m.ctx.LogHub().Poke(f.session())
	}
	return nil
}

// selectSession shows session (an id or allSessions): it reads the hub's
// streams of it, starting with what they keep. The same choice again
// changes nothing.
func (m *Model) selectSession(session string, list []api.Session) tea.Cmd {
	// Compared with what the feeds read, not with the scope: the picker
	// and ShowLogsMsg set the scope before they ask for the switch.
	if session == m.feedSession && m.feeds != nil && m.feedKind == m.kind {
		return nil
	}
	m.scope.Session = session
	m.selGen = common.NextGen()
	m.ring = newRing(m.capacity())
	m.list.Lines, m.list.Cursor, m.list.Offset, m.list.Unseen, m.list.Follow = nil, 0, 0, 0, true
	m.statuses, m.events = nil, nil
	m.filters.status, m.filters.event = "", ""
	m.fresh = freshness{}
	m.closeFeeds()
	var ids []api.ID
	for _, s := range list {
		if (session == allSessions || string(s.ID) == session) && strings.TrimSpace(string(s.ID)) != "" {
			ids = append(ids, s.ID)
		}
	}
	if len(ids) == 0 && session != allSessions && session != "" {
		ids = append(ids, api.ID(session))
	}
	m.unavailable = ""
	if len(ids) == 0 && m.ctx.KeyOnly() {
		m.unavailable = noLogsWithoutID
	}
	var kept []streamResult
	for _, id := range ids {
		f, first := subscribe(m.ctx.Lifetime, m.ctx.LogHub(), id, m.kind, m.active)
		m.feeds = append(m.feeds, f)
		kept = append(kept, first)
	}
	m.feedKind, m.feedSession = m.kind, session
	m.onResults(kept)
	return m.drainLater()
}

func (m *Model) closeFeeds() {
	for _, f := range m.feeds {
		f.close()
	}
	m.feeds = nil
}

// drainMsg asks the pane to take what its streams brought: one message
// (one update, one frame) for everything that arrived meanwhile.
type drainMsg struct{ gen, selGen uint64 }

// How often the pane takes what arrived: often in front, rarely behind.
const (
	drainFront  = 250 * time.Millisecond
	drainBehind = time.Second
)

func (m *Model) drainLater() tea.Cmd {
	if len(m.feeds) == 0 {
		return nil
	}
	every, gen, sel := drainFront, m.gen, m.selGen
	if !m.active {
		every = drainBehind
	}
	return m.ctx.After(every, func(time.Time) tea.Msg { return drainMsg{gen: gen, selGen: sel} })
}

// Update handles messages.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	if m.scope.Update(msg) {
		return m.reselect()
	}
	switch msg := msg.(type) {
	case drainMsg:
		if msg.gen != m.gen || msg.selGen != m.selGen {
			return nil
		}
		m.take()
		return m.drainLater()
	case common.ShowLogsMsg:
		return m.show(msg)
	case tea.KeyMsg:
		if m.list.Typing {
			return m.list.TypeFilter(msg)
		}
	}
	return nil
}

// take adds what the streams brought since the last time.
func (m *Model) take() {
	results := make([]streamResult, 0, len(m.feeds))
	for _, f := range m.feeds {
		if r := f.take(); !r.empty() {
			results = append(results, r)
		}
	}
	m.onResults(results)
}

// onResults adds what the streams brought, in time order (entries of a
// catch-up or of more past are older than some shown: they go in their
// place), updates in place, gaps as lines of their own. It costs what
// arrived, whatever the buffer holds.
func (m *Model) onResults(results []streamResult) {
	m.fresh = m.freshness()
	var news []entry
	for _, r := range results {
		news = append(news, r.gaps...)
		news = append(news, r.news...)
		for _, u := range r.updates {
			m.update(u)
			m.refreshDetail(u)
		}
	}
	slices.SortStableFunc(news, func(a, b entry) int { return a.at.Compare(b.at) })
	now := m.ctx.Now()
	added, first := 0, m.ring.first
	for _, e := range news {
		if m.seenBefore(e) { // a tail that forgot it, after a gap: in place
			m.update(e)
			m.refreshDetail(e)
			continue
		}
		m.note(&e)
		seq := m.ring.push(e)
		if !m.filters.match(m.ring.at(seq), m.list.Term, now) {
			continue
		}
		m.place(seq)
		added++
	}
	if m.ring.first != first {
		m.forgetEvicted()
	}
	m.trim()
	m.list.Added(added) // and clamps: updates alone may have hidden the line under the cursor
}

// seenBefore reports whether e, delivered as new, is a line shown already:
// one of the same id created at the same time (an id used again for an
// entry of another time, by a server that reused ids, is another line).
func (m *Model) seenBefore(e entry) bool {
	if e.kind == kindGap {
		return false
	}
	seq, ok := m.ring.find(entryKey{e.session, e.id})
	return ok && m.ring.at(seq).at.Equal(e.at)
}

// forgetEvicted drops the lines the ring let go. Lines are placed by
// time, not arrival, so those may stand anywhere; the cursor and the
// first line drawn stay on the lines they were on.
func (m *Model) forgetEvicted() {
	cursor, offset := m.list.Cursor, m.list.Offset
	kept := m.list.Lines[:0]
	for i, seq := range m.list.Lines {
		if seq >= m.ring.first {
			kept = append(kept, seq)
			continue
		}
		if i < cursor {
			m.list.Cursor--
		}
		if i < offset {
			m.list.Offset--
		}
	}
	m.list.Lines = kept
}

// place puts seq among the lines shown by its time: at the end, unless it
// is older than the newest shown.
func (m *Model) place(seq uint64) {
	n := len(m.list.Lines)
	if n == 0 || !m.earlier(seq, m.list.Lines[n-1]) {
		m.list.Lines = append(m.list.Lines, seq)
		return
	}
	i, _ := slices.BinarySearchFunc(m.list.Lines, seq, m.order)
	m.list.Lines = slices.Insert(m.list.Lines, i, seq)
	if i <= m.list.Cursor && !m.list.Follow {
		m.list.Cursor++
	}
}

// order sorts lines by their entry's time, then by arrival.
func (m *Model) order(a, b uint64) int {
	ea, eb := m.ring.at(a), m.ring.at(b)
	if ea != nil && eb != nil {
		if c := ea.at.Compare(eb.at); c != 0 {
			return c
		}
	}
	return cmp.Compare(a, b)
}

func (m *Model) earlier(a, b uint64) bool { return m.order(a, b) < 0 }

// update replaces an entry in place (a message's status moved on).
func (m *Model) update(u entry) {
	seq, ok := m.ring.find(entryKey{u.session, u.id})
	if !ok {
		return
	}
	e := m.ring.at(seq)
	before := m.filters.match(e, m.list.Term, m.ctx.Now())
	*e = u
	m.note(e)
	after := m.filters.match(e, m.list.Term, m.ctx.Now())
	if before == after {
		return
	}
	i, found := slices.BinarySearchFunc(m.list.Lines, seq, m.order)
	switch {
	case after && !found:
		m.list.Lines = slices.Insert(m.list.Lines, i, seq)
		if i <= m.list.Cursor && !m.list.Follow {
			m.list.Cursor++
		}
	case !after && found:
		m.list.Lines = slices.Delete(m.list.Lines, i, i+1)
		if i < m.list.Cursor {
			m.list.Cursor--
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
	for drop < len(m.list.Lines) {
		e := m.ring.at(m.list.Lines[drop])
		if e != nil && (m.filters.window == 0 || !e.at.Before(now.Add(-m.filters.window))) {
			break
		}
		drop++
	}
	m.list.Drop(drop)
}

// refilter recomputes the shown lines after a filter change: O(buffer).
func (m *Model) refilter() {
	m.noMore = 0
	now := m.ctx.Now()
	m.list.Refill(func(shown []uint64) []uint64 {
		for seq := m.ring.first; seq < m.ring.next(); seq++ {
			if m.filters.match(m.ring.at(seq), m.list.Term, now) {
				shown = append(shown, seq)
			}
		}
		slices.SortStableFunc(shown, m.order)
		return shown
	}, m.order)
}

func (m *Model) selected() *entry {
	if len(m.list.Lines) == 0 {
		return nil
	}
	return m.ring.at(m.list.Lines[m.list.Cursor])
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
