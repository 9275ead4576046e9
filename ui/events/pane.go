// Package events is the Events pane: the webhooks the console's receiver
// verified, live, with follow and pause, filters by event and session,
// every event in full, and saving.
package events

import (
	"cmp"
	"context"
	"slices"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api/webhook"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/follow"
	"github.com/wasender-tui/wasender-tui/ui/components/input"
	"github.com/wasender-tui/wasender-tui/ui/keys"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// What a pane holds: the newest events up to a count and a size.
const (
	Keep      = 10000
	KeepBytes = 64 << 20
)

// How often the pane takes what arrived: often in front, every second
// behind (the header's count of refusals follows within a second).
const (
	drainFront  = 250 * time.Millisecond
	drainBehind = time.Second
)

// Model is the Events pane.
type Model struct {
	ctx   *common.Context
	hooks *common.Webhooks
	stack *view.Stack
	sub   *webhook.Subscription
	gen   uint64
	chain uint64 // the drain chain running; older ones end

	ring     *ring
	list     follow.List // the rows shown, the cursor, following, the filter's term, and the key tables
	filters  filters
	kinds    []string          // event names seen, for E
	sessions map[string]string // sessions seen: id -> name, for p

	stats    webhook.Stats        // the receiver's counters at the last drain
	fwd      webhook.ForwardStats // the forwarder's, when it forwards
	received int                  // events taken, shown or since let go
	missed   uint64               // events this console could not take in time
	last     time.Time            // when the newest event arrived

	width, height int
	active        bool
}

// New returns the Events pane, or nil when the console does not listen
// for webhooks. It starts with the events the receiver kept.
func New(ctx *common.Context, stack *view.Stack) *Model {
	if ctx.Webhooks == nil {
		return nil
	}
	m := &Model{ctx: ctx, hooks: ctx.Webhooks, stack: stack, gen: common.NextGen(),
		ring: newRing(Keep, KeepBytes), sessions: map[string]string{}}
	m.list = follow.List{Follow: true, Rows: m.rows, Refilter: m.refilter,
		Filter: input.New(ctx.Styles, "/", "filter events", 200)}
	var kept []*webhook.Event
	m.sub, kept = m.hooks.Receiver.SubscribeKept(webhook.SubscribeOptions{})
	context.AfterFunc(ctx.Lifetime, m.sub.Close)
	m.buildActions()
	m.add(webhook.Batch{Events: kept})
	m.stats = m.hooks.Receiver.Stats()
	return m
}

// Name is the pane's command and tab.
func (m *Model) Name() string { return "events" }

// Focus is Text while the filter is typed.
func (m *Model) Focus() view.Focus { return m.list.Focus() }

// Actions are the filter's keys while it is typed, else the pane's.
func (m *Model) Actions() []keys.Action { return m.list.Actions() }

// Status is the header's line.
// It has the other panes' shape: how many, of which sessions, and when
// the newest came ("23 events · all sessions · updated just now").
func (m *Model) Status() view.Status {
	scope := "all sessions"
	if id := m.filters.session; id != "" {
		scope = m.sessions[id]
		if scope == "" {
			scope = "session " + id
		}
	}
	return view.Status{Summary: common.Plural(m.received, "event", "events") + " · " + scope, Updated: m.last}
}

// Badge is the header's word whichever pane is in front: deliveries the
// receiver refused, when there were any.
func (m *Model) Badge() string {
	if n := m.stats.RefusedTotal(); n > 0 {
		return "⚠ " + common.Plural(int(n), "webhook", "webhooks") + " refused"
	}
	return ""
}

// SetSize gives the pane its space.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.list.SetWidth(w)
}

// Start begins taking events, in front or not, from the console's start.
func (m *Model) Start() tea.Cmd { return m.restart() }

// SetActive takes what waits at once when the pane comes to the front,
// then takes events more often.
func (m *Model) SetActive(active bool) tea.Cmd {
	m.active = active
	if active {
		m.take()
	}
	return m.restart()
}

// drainMsg asks the pane to take what arrived: one message, one update and
// one frame for everything that came meanwhile.
type drainMsg struct{ gen, chain uint64 }

func (m *Model) restart() tea.Cmd {
	m.chain++
	return m.drainLater()
}

func (m *Model) drainLater() tea.Cmd {
	every, gen, chain := drainBehind, m.gen, m.chain
	if m.active {
		every = drainFront
	}
	return m.ctx.After(every, func(time.Time) tea.Msg { return drainMsg{gen: gen, chain: chain} })
}

// Update handles messages.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case drainMsg:
		if msg.gen != m.gen || msg.chain != m.chain {
			return nil
		}
		m.take()
		return m.drainLater()
	case tea.KeyMsg:
		if m.list.Typing {
			return m.list.TypeFilter(msg)
		}
	}
	return nil
}

// take adds what the subscription holds, and reads the receiver's counts.
func (m *Model) take() {
	m.add(m.sub.Take())
	m.stats = m.hooks.Receiver.Stats()
	if f := m.hooks.Forwarder; f != nil {
		m.fwd = f.Stats()
	}
}

// add puts a batch in the list: what it costs is what arrived, whatever
// the pane holds.
func (m *Model) add(b webhook.Batch) {
	if b.Missed == 0 && len(b.Events) == 0 {
		return
	}
	rows := make([]row, 0, len(b.Events)+1)
	if b.Missed > 0 {
		m.missed += b.Missed
		rows = append(rows, fromMissed(b.Missed, m.ctx.Now()))
	}
	for _, e := range b.Events {
		rows = append(rows, fromEvent(e))
		m.last = e.ReceivedAt
	}
	m.received += len(b.Events)
	added, first := 0, m.ring.first
	for _, r := range rows {
		m.note(&r)
		seq := m.ring.push(r)
		if m.filters.match(m.ring.at(seq), m.list.Term) {
			m.list.Lines = append(m.list.Lines, seq)
			added++
		}
	}
	if m.ring.first != first { // the oldest rows made way
		drop := 0
		for drop < len(m.list.Lines) && m.list.Lines[drop] < m.ring.first {
			drop++
		}
		m.list.Drop(drop)
	}
	m.list.Added(added)
}

// note records the event names and sessions seen, for the filters.
func (m *Model) note(r *row) {
	if r.ev == nil {
		return
	}
	if i, found := slices.BinarySearch(m.kinds, r.kind); !found {
		m.kinds = slices.Insert(m.kinds, i, r.kind)
	}
	m.sessions[r.session] = r.name
}

// refilter recomputes the rows shown after a filter changed: O(rows held).
func (m *Model) refilter() {
	m.list.Refill(func(shown []uint64) []uint64 {
		for seq := m.ring.first; seq < m.ring.next(); seq++ {
			if m.filters.match(m.ring.at(seq), m.list.Term) {
				shown = append(shown, seq)
			}
		}
		return shown
	}, cmp.Compare[uint64])
}

// rows is the number of lines for events: a title and a status line
// frame them.
func (m *Model) rows() int { return max(m.height-2, 1) }

func (m *Model) selected() *row {
	if len(m.list.Lines) == 0 {
		return nil
	}
	return m.ring.at(m.list.Lines[m.list.Cursor])
}
