package fake

import (
	"strconv"
	"time"
)

const (
	eventStatusChange     = "status_change"
	eventSessionRestarted = "session_restarted"

	logStatusSent       = "sent"
	logStatusInProgress = "in_progress"
	logStatusFailed     = "failed"

	sessionLogTimeLayout = "2006-01-02T15:04:05.000000Z"
	messageLogTimeLayout = "2006-01-02 15:04:05"
)

type sessionLog struct {
	id        int
	sessionID int
	eventType string
	status    string
	at        time.Time
}

type messageLog struct {
	id        int
	sessionID int
	msgID     int
	waID      string // the WhatsApp message id shown by message info
	to        string // as the sender wrote it
	jid       string // remote JID
	content   string // JSON-encoded message body, as the log stores it
	replyTo   int
	status    string
	reason    string
	createdAt time.Time
	updatedAt time.Time
	settleAt  time.Time // when in_progress resolves
	outcome   string    // what it resolves to
	outcomeOf string    // failed_reason it resolves with
}

type sessionLogJSON struct {
	ID                int    `json:"id"`
	WhatsappSessionID int    `json:"whatsapp_session_id"`
	EventType         string `json:"event_type"`
	Status            string `json:"status"`
	OccurredAt        string `json:"occurred_at"`
}

type messageLogJSON struct {
	ID                string  `json:"id"`
	WhatsappSessionID string  `json:"whatsapp_session_id"`
	To                *string `json:"to"`
	Content           *string `json:"content"`
	Status            string  `json:"status"`
	FailedReason      *string `json:"failed_reason"`
	CreatedAt         string  `json:"created_at"`
	UpdatedAt         string  `json:"updated_at"`
}

func (l *sessionLog) view() sessionLogJSON {
	return sessionLogJSON{
		ID:                l.id,
		WhatsappSessionID: l.sessionID,
		EventType:         l.eventType,
		Status:            l.status,
		OccurredAt:        l.at.UTC().Format(sessionLogTimeLayout),
	}
}

// view hides recipient and content when the session does not log messages,
// as the message-logs docs say.
func (m *messageLog) view(logMessages bool) messageLogJSON {
	v := messageLogJSON{
		ID:                strconv.Itoa(m.id),
		WhatsappSessionID: strconv.Itoa(m.sessionID),
		Status:            m.status,
		CreatedAt:         m.createdAt.UTC().Format(messageLogTimeLayout),
		UpdatedAt:         m.updatedAt.UTC().Format(messageLogTimeLayout),
	}
	if logMessages {
		to, content := m.to, m.content
		v.To, v.Content = &to, &content
	}
	if m.reason != "" {
		reason := m.reason
		v.FailedReason = &reason
	}
	return v
}

func (s *Server) appendSessionLog(ss *session, eventType, status string, at time.Time) *sessionLog {
	s.nextSessionLogID++
	l := &sessionLog{id: s.nextSessionLogID, sessionID: ss.id, eventType: eventType, status: status, at: at}
	ss.sessionLogs = prune(append(ss.sessionLogs, l), s.keepLogs(), s.opts.Logs.KeepExact, nil)
	return l
}

// appendMessageLog stores m, giving it the next log id and msgId.
func (s *Server) appendMessageLog(ss *session, m *messageLog) {
	s.nextMessageLogID++
	s.nextMsgID++
	m.id, m.msgID, m.sessionID = s.nextMessageLogID, s.nextMsgID, ss.id
	if m.waID == "" {
		m.waID = waMessageID(s.seed, m.msgID)
	}
	if m.status == logStatusInProgress {
		s.pending = append(s.pending, m)
	}
	s.byMsgID[m.msgID] = m
	ss.messageLogs = prune(append(ss.messageLogs, m), s.keepLogs(), s.opts.Logs.KeepExact, func(old *messageLog) {
		delete(s.byMsgID, old.msgID)
	})
	s.hooks.messageAdded(ss, m)
}

// settle resolves in_progress message logs whose time has come. A message
// whose session is down by then fails, as it would on the real service.
func (s *Server) settle(at time.Time) {
	kept := s.pending[:0]
	for _, m := range s.pending {
		if m.settleAt.After(at) {
			kept = append(kept, m)
			continue
		}
		m.status, m.reason = m.outcome, m.outcomeOf
		if ss := s.sessions[m.sessionID]; ss != nil && ss.status != statusConnected && m.outcome == logStatusSent {
			m.status, m.reason = logStatusFailed, "session disconnected"
		}
		m.updatedAt = m.settleAt
		s.hooks.messageSettled(m)
	}
	clear(s.pending[len(kept):])
	s.pending = kept
}

func (s *Server) sessionLogsOf(c *call) reply {
	if rep, failed := s.logFailure(); failed {
		return rep
	}
	ss := c.sess
	s.churn(func(n int) {
		for range n {
			s.appendSessionLog(ss, eventStatusChange, ss.status, c.now)
		}
	})
	logs := ss.sessionLogs
	page := newLaravelPage(c, s.opts.MaxPerPage, len(logs), "/api/whatsapp-sessions/"+strconv.Itoa(ss.id)+"/session-logs")
	idx := s.pageIndexes(len(logs), page.offset(), page.PerPage, func(i int) int64 { return logs[i].at.Unix() })
	items := make([]sessionLogJSON, 0, len(idx))
	for _, i := range idx {
		items = append(items, logs[i].view())
	}
	page.Data = items
	return ok(page)
}

func (s *Server) messageLogsOf(c *call) reply {
	if rep, failed := s.logFailure(); failed {
		return rep
	}
	ss := c.sess
	s.churn(func(n int) { s.queueMessages(ss, n, c.now) })
	logs := ss.messageLogs
	if want := c.query("status"); want != "" {
		logs = nil
		for _, m := range ss.messageLogs {
			if m.status == want {
				logs = append(logs, m)
			}
		}
	}
	page := newLaravelPage(c, s.opts.MaxPerPage, len(logs), "/api/whatsapp-sessions/"+strconv.Itoa(ss.id)+"/message-logs")
	idx := s.pageIndexes(len(logs), page.offset(), page.PerPage, func(i int) int64 { return logs[i].createdAt.Unix() })
	items := make([]messageLogJSON, 0, len(idx))
	for _, i := range idx {
		items = append(items, logs[i].view(ss.logMessages))
	}
	page.Data = items
	return ok(page)
}
