// Package pairview is the full-screen QR pairing view: it connects a
// session, draws the pairing code, keeps it fresh before it expires, and
// notices the moment the phone has linked.
package pairview

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/qrtext"
)

// Outcome says how pairing ended.
type Outcome int

const (
	Paired           Outcome = iota // the phone linked the session
	AlreadyConnected                // connect said CONNECTED: nothing to scan
	Failed                          // the API refused; Err says why
	Closed                          // the operator closed the view
)

// DoneMsg reports the end of pairing to the pane that started it.
type DoneMsg struct {
	Gen     uint64 // the pairing it ends (Model.Gen)
	ID      api.ID
	Name    string
	Outcome Outcome
	User    api.User
	Message string
	Err     error
}

// eventMsg carries one step of the pairing engine; end marks its return.
type eventMsg struct {
	gen uint64
	ev  api.PairEvent
	end bool
	err error
}

type tickMsg struct{ gen uint64 }

// Model is the pairing view of one session.
type Model struct {
	ctx   *common.Context
	id    api.ID
	name  string
	phone string
	gen   uint64

	events chan eventMsg
	cancel context.CancelFunc

	width, height int

	raw      string
	code     *qrtext.Code
	encErr   error
	expires  time.Time
	codes    int
	status   api.Status
	passkey  *api.Passkey
	warning  string
	mode     qrtext.Mode
	invert   bool
	finished bool

	cache struct {
		key   cacheKey
		lines []string
	}
}

type cacheKey struct {
	raw    string
	layout qrtext.Layout
	invert bool
}

// New prepares pairing of session s; Start begins it.
func New(ctx *common.Context, s api.Session) *Model {
	return &Model{
		ctx: ctx, id: s.ID, gen: common.NextGen(),
		name:   common.Clean(string(s.Name)),
		phone:  common.Clean(string(s.PhoneNumber)),
		status: s.Status,
	}
}

// Visible reports whether there is something to show (a code or a
// passkey challenge): until then the caller shows "connecting…".
func (m *Model) Visible() bool { return !m.finished && (m.raw != "" || m.passkey != nil) }

// Start connects the session and runs the pairing engine in the background.
func (m *Model) Start() tea.Cmd {
	ctx, cancel := context.WithCancel(m.ctx.Lifetime)
	m.cancel = cancel
	m.events = make(chan eventMsg, 8)
	client, id, gen, ch, opts := m.ctx.Client, m.id, m.gen, m.events, m.ctx.Settings.Pairing
	go func() {
		defer close(ch) // releases a listen still waiting
		err := client.Pair(ctx, id, opts, func(ev api.PairEvent) {
			select {
			case ch <- eventMsg{gen: gen, ev: ev}:
			case <-ctx.Done():
			}
		})
		select {
		case ch <- eventMsg{gen: gen, end: true, err: err}:
		case <-ctx.Done():
		}
	}()
	return tea.Batch(m.listen(), m.tick())
}

func (m *Model) listen() tea.Cmd {
	ch := m.events
	return func() tea.Msg {
		msg, ok := <-ch
		if !ok {
			return nil
		}
		return msg
	}
}

func (m *Model) tick() tea.Cmd {
	gen := m.gen
	return m.ctx.After(time.Second, func(time.Time) tea.Msg { return tickMsg{gen} })
}

// Stop cancels pairing (the view closed or the console is leaving).
func (m *Model) Stop() {
	m.finished = true
	if m.cancel != nil {
		m.cancel()
	}
}

// SetSize gives the view the whole terminal.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }

// Update handles engine events, the countdown tick and keys.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case eventMsg:
		if msg.gen != m.gen || m.finished {
			return nil
		}
		return m.onEvent(msg)
	case tickMsg:
		if msg.gen != m.gen || m.finished {
			return nil
		}
		return m.tick()
	case tea.KeyMsg:
		switch msg.String() {
		case "esc", "q":
			m.Stop()
			return m.done(DoneMsg{Outcome: Closed})
		case "i":
			m.invert = !m.invert
		case "f":
			if m.mode == qrtext.HalfBlocks {
				m.mode = qrtext.FullBlocks
			} else {
				m.mode = qrtext.HalfBlocks
			}
		}
	}
	return nil
}

func (m *Model) onEvent(msg eventMsg) tea.Cmd {
	if msg.end {
		m.Stop()
		if msg.err != nil {
			return m.done(DoneMsg{Outcome: Failed, Err: msg.err})
		}
		return nil // the paired or already-connected event said it all
	}
	ev := msg.ev
	switch ev.Kind {
	case api.PairCode:
		m.raw, m.expires = ev.Code, ev.ExpiresAt
		m.code, m.encErr = qrtext.Encode(ev.Code)
		m.codes++
		m.warning = ""
	case api.PairPasskey:
		pk := ev.Passkey
		m.passkey = &pk
	case api.PairStatus:
		m.status = ev.Status
	case api.PairWarning:
		m.warning = common.ErrorText(ev.Err)
	case api.PairPaired:
		m.Stop()
		return m.done(DoneMsg{Outcome: Paired, User: ev.User})
	case api.PairAlreadyConnected:
		m.Stop()
		return m.done(DoneMsg{Outcome: AlreadyConnected, User: ev.User, Message: ev.Message})
	}
	return m.listen()
}

// Gen identifies this pairing.
func (m *Model) Gen() uint64 { return m.gen }

func (m *Model) done(d DoneMsg) tea.Cmd {
	d.Gen, d.ID, d.Name = m.gen, m.id, m.name
	return func() tea.Msg { return d }
}

// colors maps the renderer's profile to how the code is painted.
func (m *Model) colors() (qrtext.Colors, bool) {
	r := m.ctx.Styles.Renderer
	switch r.ColorProfile() {
	case termenv.TrueColor:
		return qrtext.TrueColor, true
	case termenv.ANSI256:
		return qrtext.ANSI256, true
	case termenv.ANSI:
		return qrtext.ANSI16, true
	}
	return qrtext.NoColor, r.HasDarkBackground()
}
