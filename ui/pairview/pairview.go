// Package pairview is the full-screen QR pairing view: it connects a
// session, draws the pairing code the server serves now (redrawn the
// moment a rotation is seen), and notices the moment the phone has linked.
package pairview

import (
	"context"
	"net/http"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/sched"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/keys"
	"github.com/wasender-tui/wasender-tui/ui/qrtext"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// Outcome says how pairing ended.
type Outcome int

const (
	Paired           Outcome = iota // the phone linked the session
	AlreadyConnected                // connect said CONNECTED: nothing to scan
	Failed                          // the API refused; Err says why
	Closed                          // the operator closed the view
)

// DoneMsg reports the end of pairing, to whoever shows sessions.
type DoneMsg struct {
	Gen     uint64 // the pairing it ends (Model.Gen)
	ID      api.ID
	Name    string
	Outcome Outcome
	User    api.User
	Message string
	Err     error
}

// Notice says how pairing ended, in the API's words where it spoke, with
// the next step after a failure.
func (d DoneMsg) Notice() common.NoticeMsg {
	name := d.Name
	if name == "" {
		name = "session " + string(d.ID)
	}
	switch d.Outcome {
	case Paired:
		return common.NoticeMsg{Level: common.LevelOK, Text: "✓ " + name + " paired as " + common.Account(d.User)}
	case AlreadyConnected:
		msg := "✓ " + name + " is already connected"
		if d.Message != "" {
			msg += ": " + d.Message
		}
		if d.User.ID != "" {
			msg += " (" + common.Account(d.User) + ")"
		}
		return common.NoticeMsg{Level: common.LevelOK, Text: msg}
	case Failed:
		return common.NoticeMsg{Level: common.LevelError, Text: "✗ connect " + name + ": " + common.ErrorText(d.Err) + " → " + nextStep(d.Err)}
	}
	return common.NoticeMsg{Level: common.LevelInfo, Text: "pairing of " + name + " closed; c starts it again"}
}

// nextStep tells the operator what to do about a failed connect.
func nextStep(err error) string {
	e, ok := api.AsError(err)
	words := strings.ToLower(api.Words(err))
	switch {
	case strings.Contains(words, "subscription") || strings.Contains(words, "trial"):
		return "activate a plan in the WasenderAPI dashboard, then press c again"
	case ok && e.Status == http.StatusTooManyRequests:
		if e.RetryAfter > 0 {
			return "the API asks to wait " + e.RetryAfter.String() + "; press c again after that"
		}
		return "wait a minute, then press c again"
	case ok && e.Status == http.StatusUnauthorized:
		return "check the personal access token (wasender-tui config check)"
	case ok && e.Status == http.StatusNotFound:
		return "the session is gone; r refreshes the list"
	case strings.Contains(words, "not initialized") || strings.Contains(words, "not initialised"):
		return "press c to start a new connection attempt"
	case ok && e.Status >= 500:
		return "the API could not make a code; press c to try again"
	}
	return "press c to try again"
}

// stepMsg is what one step of the pairing brought, and when the next is due.
type stepMsg struct {
	gen    uint64
	events []api.PairEvent
	due    time.Time
	done   bool
	err    error
}

// dueMsg: the next step is due.
type dueMsg struct{ gen uint64 }

// tickMsg: a second of the passkey's countdown.
type tickMsg struct{ gen uint64 }

// Model is the pairing view of one session: it shows "connecting…" in
// the pane until there is something to scan, then takes the whole
// terminal, and closes itself when pairing ends.
type Model struct {
	ctx     *common.Context
	stack   *view.Stack
	actions []keys.Action
	id      api.ID
	name    string
	phone   string
	gen     uint64

	pairing *api.Pairing
	run     context.Context // the pairing's: Stop cancels a step in flight
	cancel  context.CancelFunc

	width, height int

	raw      string
	code     *qrtext.Code
	encErr   error
	seq      int           // which code this is: 1, 2, … one more per rotation seen
	rotates  time.Duration // the server's rotation interval as seen; 0 until known
	status   api.Status
	passkey  *api.Passkey
	ticking  bool // a countdown is shown: the passkey's expiry
	warning  string
	mode     qrtext.Mode
	invert   bool
	finished bool

	// What View draws, prepared whenever the code, the size or the
	// drawing changes: a rotation costs one drawing, a frame none.
	fit      fit
	layout   qrtext.Layout
	lines    []string // the code's lines in layout
	keysHint string
}

// fit is where the code goes.
type fit int

const (
	fitNone   fit = iota // no code yet
	fitBeside            // the code, the caption column beside it
	fitBelow             // the code, a one-line caption under it
	fitTooBig            // say how much room the code needs
)

// New prepares pairing of session s over stack; Start begins it.
func New(ctx *common.Context, stack *view.Stack, s api.Session) *Model {
	m := &Model{
		ctx: ctx, stack: stack, id: s.ID, gen: common.NextGen(),
		name:   common.Clean(string(s.Name)),
		phone:  common.Clean(string(s.PhoneNumber)),
		status: s.Status,
	}
	m.actions = []keys.Action{
		keys.New("invert colours", "i").Doing(func() { m.invert = !m.invert; m.prepare() }),
		keys.New("full/half blocks", "f").Doing(m.switchMode).When(func() bool { return m.code != nil }),
		keys.New("close", "esc").Does(func() tea.Cmd { return m.close(DoneMsg{Outcome: Closed}) }),
	}
	return m
}

func (m *Model) switchMode() {
	if m.mode == qrtext.HalfBlocks {
		m.mode = qrtext.FullBlocks
	} else {
		m.mode = qrtext.HalfBlocks
	}
	m.prepare()
}

// Actions are the view's keys.
func (m *Model) Actions() []keys.Action { return m.actions }

// Focus keeps the operator in the view (help and quit still work).
func (m *Model) Focus() view.Focus { return view.Dialog }

// Fullscreen is true once there is something to scan.
func (m *Model) Fullscreen() bool { return m.Visible() }

// Close stops pairing when the view is closed by any means.
func (m *Model) Close() { m.Stop() }

// Visible reports whether there is something to show (a code or a
// passkey challenge): until then the caller shows "connecting…".
func (m *Model) Visible() bool { return !m.finished && (m.raw != "" || m.passkey != nil) }

// Start connects the session. Each step of the pairing (a code or state
// read) runs as a command, and the next is set on the clock when it ends,
// so steps never overlap and a closed view stops at once.
func (m *Model) Start() tea.Cmd {
	m.run, m.cancel = context.WithCancel(m.ctx.Lifetime)
	m.pairing = m.ctx.Client.NewPairing(m.id, m.ctx.Settings.Pairing)
	return m.step()
}

// step runs one step in its turn of the profile's request budget: a code
// on screen goes before any log, but its reads count like the rest.
func (m *Model) step() tea.Cmd {
	p, ctx, gen, hub := m.pairing, m.run, m.gen, m.ctx.LogHub()
	return func() tea.Msg {
		if hub != nil {
			if err := hub.Scheduler().Take(ctx, sched.Urgent); err != nil {
				return stepMsg{gen: gen, done: true, err: err}
			}
		}
		events, done, err := p.Step(ctx)
		return stepMsg{gen: gen, events: events, due: p.Due(), done: done, err: err}
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

// SetSize gives the view the pane, or the whole terminal once it shows a
// code.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.prepare()
}

// Update handles engine events and the passkey's countdown tick. A code
// shows no countdown: the server rotates on a schedule nobody can see, so
// the view changes only when a new code is read.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case stepMsg:
		if msg.gen != m.gen || m.finished {
			return nil
		}
		return m.onStep(msg)
	case dueMsg:
		if msg.gen != m.gen || m.finished {
			return nil
		}
		return m.step()
	case tickMsg:
		if msg.gen != m.gen || m.finished {
			return nil
		}
		return m.tick()
	}
	return nil
}

func (m *Model) onStep(msg stepMsg) tea.Cmd {
	var cmds []tea.Cmd
	for _, ev := range msg.events {
		cmds = append(cmds, m.onEvent(ev))
		if m.finished {
			return tea.Batch(cmds...) // paired, or already connected
		}
	}
	switch {
	case msg.err != nil:
		return m.close(DoneMsg{Outcome: Failed, Err: msg.err})
	case msg.done:
		m.Stop()
		return tea.Batch(cmds...)
	}
	gen := m.gen
	next := m.ctx.After(max(msg.due.Sub(m.ctx.Now()), 0), func(time.Time) tea.Msg { return dueMsg{gen} })
	return tea.Batch(append(cmds, next)...)
}

func (m *Model) onEvent(ev api.PairEvent) tea.Cmd {
	switch ev.Kind {
	case api.PairCode:
		m.raw, m.seq, m.rotates = ev.Code, ev.Seq, ev.Rotates
		m.code, m.encErr = qrtext.Encode(ev.Code)
		m.prepare()
	case api.PairPasskey:
		pk := ev.Passkey
		m.passkey = &pk
		m.prepare()
		if !m.ticking {
			m.ticking = true
			return m.tick()
		}
	case api.PairStatus:
		m.status = ev.Status
	case api.PairWarning:
		m.warning = common.ErrorText(ev.Err) + "; retrying"
		if ev.Stale {
			m.warning += " (the code may be out of date)"
		}
	case api.PairRecovered:
		m.warning = ""
	case api.PairPaired:
		return m.close(DoneMsg{Outcome: Paired, User: ev.User})
	case api.PairAlreadyConnected:
		return m.close(DoneMsg{Outcome: AlreadyConnected, User: ev.User, Message: ev.Message})
	}
	return nil
}

// Gen identifies this pairing.
func (m *Model) Gen() uint64 { return m.gen }

// close stops pairing, closes the view and reports how it ended.
func (m *Model) close(d DoneMsg) tea.Cmd {
	m.Stop()
	m.stack.Close(m)
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
