package contacts

import (
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/common"
)

// How a sent test message is followed: every trackEvery until it is
// delivered, fails, or trackFor has passed.
const (
	trackEvery = 2 * time.Second
	trackFor   = 2 * time.Minute
)

// sender sends a test message and follows its delivery. One send at a
// time: a new one makes every answer about the last stale.
type sender struct {
	ctx *common.Context
	gen uint64 // the pane's
	no  uint64 // the current send

	session  api.ID
	to       string // the contact's phone
	name     string // the contact's name, for notices
	busy     string
	sent     *api.SendResult
	sentAt   time.Time
	err      error
	delivery []string // states seen, in order
	trackErr error
}

type sentMsg struct {
	gen, send uint64
	to        string // who it was for, for the notice
	res       api.SendResult
	err       error
}

type deliveryMsg struct {
	gen, send uint64
	info      api.MessageInfo
	err       error
}

type trackMsg struct{ gen, send uint64 }

// start sends text to c from session. Sending is paced (1 per 5 s per
// session by default) and never retried: a retry could deliver twice.
func (s *sender) start(session api.ID, c api.Contact, name, text string) tea.Cmd {
	wait := s.ctx.Client.PaceDelay(session, api.EndpointSendMessage)
	s.busy = "sending to " + name
	if wait > 0 {
		s.busy = "waiting " + wait.Round(time.Second).String() + " for the rate limit, then sending to " + name
	}
	s.no++
	s.session, s.to, s.name = session, c.Phone(), name
	s.sent, s.err, s.delivery, s.trackErr = nil, nil, nil, nil
	sc, gen, send, ctx, to := s.ctx.Client.Session(session), s.gen, s.no, s.ctx.Lifetime, c.Phone()
	text = strings.TrimSpace(text)
	return func() tea.Msg {
		res, err := sc.SendText(ctx, to, text)
		return sentMsg{gen: gen, send: send, to: name, res: res, err: err}
	}
}

// shows reports whether the send's state belongs on c's details.
func (s *sender) shows(session api.ID, c api.Contact) bool {
	return s.no > 0 && s.session == session && s.to == c.Phone()
}

// update takes the send's answers; ok is false for other messages.
func (s *sender) update(msg tea.Msg) (cmd tea.Cmd, ok bool) {
	switch msg := msg.(type) {
	case sentMsg:
		if msg.gen != s.gen {
			return nil, false
		}
		notice := common.Notify(common.LevelOK, "✓ message "+common.Clean(string(msg.res.MsgID))+" queued for "+msg.to)
		if msg.err != nil {
			notice = common.Notify(common.LevelError, "✗ send to "+msg.to+": "+common.ErrorText(msg.err))
		}
		if msg.send != s.no {
			return notice, true // an earlier send: just say how it went
		}
		s.busy = ""
		if msg.err != nil {
			s.err = msg.err
			return notice, true
		}
		s.sent, s.sentAt = &msg.res, s.ctx.Now()
		s.delivery = []string{msg.res.Status.Norm()}
		return tea.Batch(notice, s.track()), true
	case trackMsg:
		if msg.gen != s.gen {
			return nil, false
		}
		if msg.send != s.no || s.sent == nil {
			return nil, true
		}
		sc, gen, send, ctx, id := s.ctx.Client.Session(s.session), s.gen, s.no, s.ctx.Lifetime, s.sent.MsgID
		return func() tea.Msg {
			info, err := sc.MessageInfo(ctx, id)
			return deliveryMsg{gen: gen, send: send, info: info, err: err}
		}, true
	case deliveryMsg:
		if msg.gen != s.gen {
			return nil, false
		}
		if msg.send != s.no || len(s.delivery) == 0 {
			return nil, true
		}
		s.trackErr = msg.err
		if msg.err == nil {
			if st := msg.info.DeliveryStatus(); st != s.delivery[len(s.delivery)-1] {
				s.delivery = append(s.delivery, st)
			}
			if msg.info.Status == 0 || msg.info.Status >= 3 {
				return nil, true // failed, delivered, read or played: done
			}
		}
		if s.ctx.Now().Sub(s.sentAt) < trackFor {
			return s.track(), true
		}
		return nil, true
	}
	return nil, false
}

func (s *sender) track() tea.Cmd {
	gen, send := s.gen, s.no
	return s.ctx.After(trackEvery, func(time.Time) tea.Msg { return trackMsg{gen: gen, send: send} })
}
