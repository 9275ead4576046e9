// Package pairview is the full-screen QR pairing view: it connects a
// session, draws the pairing code, keeps it fresh before it expires, and
// notices the moment the phone has linked.
package pairview

import (
	"context"
	"net/http"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"
	"github.com/wasender-tui/wasender-tui/api"
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

// eventMsg carries one step of the pairing engine; end marks its return.
type eventMsg struct {
	gen uint64
	ev  api.PairEvent
	end bool
	err error
}

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

// SetSize gives the view the pane, or the whole terminal once it shows a
// code.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.prepare()
}

// Update handles engine events and the countdown tick.
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
	}
	return nil
}

func (m *Model) onEvent(msg eventMsg) tea.Cmd {
	if msg.end {
		if msg.err != nil {
			return m.close(DoneMsg{Outcome: Failed, Err: msg.err})
		}
		m.Stop()
		return nil // the paired or already-connected event said it all
	}
	ev := msg.ev
	switch ev.Kind {
	case api.PairCode:
		m.raw, m.expires = ev.Code, ev.ExpiresAt
		m.code, m.encErr = qrtext.Encode(ev.Code)
		m.codes++
		m.warning = ""
		m.prepare()
	case api.PairPasskey:
		pk := ev.Passkey
		m.passkey = &pk
		m.prepare()
	case api.PairStatus:
		m.status = ev.Status
	case api.PairWarning:
		m.warning = common.ErrorText(ev.Err)
	case api.PairPaired:
		return m.close(DoneMsg{Outcome: Paired, User: ev.User})
	case api.PairAlreadyConnected:
		return m.close(DoneMsg{Outcome: AlreadyConnected, User: ev.User, Message: ev.Message})
	}
	return m.listen()
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
