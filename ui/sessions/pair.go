package sessions

import (
	"net/http"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/pairview"
)

// connect starts pairing s: the QR view opens once the API sends a code.
func (m *Model) connect(s api.Session) tea.Cmd {
	name := displayName(s)
	if s.Status.Is(api.StatusConnected) {
		return common.Notify(common.LevelInfo, name+" is already connected: no QR code needed")
	}
	if cmd := m.needToken("connect sessions"); cmd != nil {
		return cmd
	}
	if m.pair != nil {
		m.pair.Stop()
	}
	m.pair = pairview.New(m.ctx, s)
	m.pair.SetSize(m.width, m.height)
	m.busy = "connecting " + name
	return m.pair.Start()
}

// syncPair opens the full-screen view once there is something to scan.
func (m *Model) syncPair() {
	if m.pair != nil && m.pair.Visible() && m.mode != modePair {
		m.busy = ""
		if m.mode != modeConfirm && m.mode != modeForm {
			m.prev = m.mode
		}
		m.mode = modePair
	}
}

func (m *Model) closePair() {
	if m.pair != nil {
		m.pair.Stop()
		m.pair = nil
	}
	if m.mode == modePair {
		m.mode = m.prev
	}
	m.busy = ""
}

// onPairDone reports how pairing ended, in the API's words where it spoke.
func (m *Model) onPairDone(d pairview.DoneMsg) tea.Cmd {
	if m.pair == nil || d.Gen != m.pair.Gen() {
		return nil // an earlier pairing, already closed
	}
	m.closePair()
	name := d.Name
	if name == "" {
		name = "session " + string(d.ID)
	}
	switch d.Outcome {
	case pairview.Paired:
		return tea.Batch(common.Notify(common.LevelOK, "✓ "+name+" paired as "+common.Account(d.User)), m.refresh())
	case pairview.AlreadyConnected:
		msg := "✓ " + name + " is already connected"
		if d.Message != "" {
			msg += ": " + d.Message
		}
		if d.User.ID != "" {
			msg += " (" + common.Account(d.User) + ")"
		}
		return tea.Batch(common.Notify(common.LevelOK, msg), m.refresh())
	case pairview.Failed:
		return common.Notify(common.LevelError, "✗ connect "+name+": "+common.ErrorText(d.Err)+" → "+nextStep(d.Err))
	}
	return tea.Batch(common.Notify(common.LevelInfo, "pairing of "+name+" closed; c starts it again"), m.refresh())
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
