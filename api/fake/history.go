package fake

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"time"
)

// historyEntry is one past log line; all sessions' entries are sorted by
// time before ids are handed out, so ids grow with time across the account.
type historyEntry struct {
	at  time.Time
	ss  *session
	seq int
	log *sessionLog
	msg *messageLog
}

type historyBuilder struct {
	entries []historyEntry
	ss      *session
	r       *rand.Rand
}

func (h *historyBuilder) event(at time.Time, eventType, status string) {
	h.entries = append(h.entries, historyEntry{at: at, ss: h.ss, seq: len(h.entries),
		log: &sessionLog{sessionID: h.ss.id, eventType: eventType, status: status, at: at}})
}

func (h *historyBuilder) message(m *messageLog) {
	h.entries = append(h.entries, historyEntry{at: m.createdAt, ss: h.ss, seq: len(h.entries), msg: m})
}

func (h *historyBuilder) between(lo, hi time.Duration) time.Duration {
	return lo + time.Duration(h.r.Int64N(int64(hi-lo)))
}

func (s *Server) seedHistory(now time.Time) {
	h := &historyBuilder{}
	for k, def := range s.defs {
		h.ss = s.sessions[firstSessionID+k]
		h.r = newRand(s.seed, uint64(h.ss.id), 0, purposeHistory)
		s.sessionHistory(h, def, now)
		s.incidentHistory(h, def, now)
	}
	slices.SortFunc(h.entries, func(a, b historyEntry) int {
		return cmp.Or(a.at.Compare(b.at), cmp.Compare(a.ss.id, b.ss.id), cmp.Compare(a.seq, b.seq))
	})
	for _, e := range h.entries {
		if e.log != nil {
			s.nextSessionLogID++
			e.log.id = s.nextSessionLogID
			e.ss.sessionLogs = append(e.ss.sessionLogs, e.log)
			e.ss.updatedAt = e.at // the row changed with its status
		} else {
			s.appendMessageLog(e.ss, e.msg)
		}
	}
}

// sessionHistory writes a month of connection events ending in the session's
// current state, and its recent message traffic.
func (s *Server) sessionHistory(h *historyBuilder, def seedSession, now time.Time) {
	ss := h.ss
	if def.status == statusNeedScan {
		h.event(ss.createdAt.Add(3*time.Minute), eventStatusChange, statusNeedScan)
		h.event(ss.createdAt.Add(7*time.Minute), eventStatusChange, statusDisconnected)
		h.event(now, eventStatusChange, statusNeedScan)
		return
	}
	start := now.Add(-30 * 24 * time.Hour)
	if c := ss.createdAt.Add(time.Hour); c.After(start) {
		start = c
	}
	end := now.Add(-10*time.Minute - h.between(0, 50*time.Minute))
	switch def.status {
	case statusDisconnected:
		end = now.Add(-5*time.Hour - 13*time.Minute)
	case statusLoggedOut:
		end = now.Add(-20 * 24 * time.Hour)
	}

	t := start
	h.event(t, eventStatusChange, statusNeedScan)
	h.event(t.Add(25*time.Second), eventStatusChange, statusConnecting)
	t = t.Add(28 * time.Second)
	h.event(t, eventStatusChange, statusConnected)
	for {
		t = t.Add(h.between(3*time.Hour, 28*time.Hour))
		if !t.Before(end) {
			break
		}
		switch roll := h.r.IntN(100); {
		case roll < 50:
			h.event(t, eventStatusChange, statusConnecting)
			h.event(t.Add(3*time.Second), eventSessionRestarted, statusConnected)
		case roll < 85:
			h.event(t, eventStatusChange, statusConnecting)
			h.event(t.Add(h.between(3*time.Second, 40*time.Second)), eventStatusChange, statusConnected)
		default:
			h.event(t, eventStatusChange, statusDisconnected)
			t = t.Add(h.between(10*time.Minute, 2*time.Hour))
			h.event(t, eventStatusChange, statusNeedScan)
			h.event(t.Add(30*time.Second), eventStatusChange, statusConnecting)
			t = t.Add(33 * time.Second)
			h.event(t, eventStatusChange, statusConnected)
		}
	}
	if def.status != statusConnected {
		h.event(end, eventStatusChange, def.status)
	}
	s.messageHistory(h, def, start, end, now)
}

func (s *Server) messageHistory(h *historyBuilder, def seedSession, start, end, now time.Time) {
	ss := h.ss
	if def.status == statusConnected {
		end = now
	}
	if from := end.Add(-7 * 24 * time.Hour); from.After(start) {
		start = from
	}
	span := end.Sub(start)
	times := make([]time.Time, def.messages)
	for i := range times {
		times[i] = start.Add(time.Duration(h.r.Int64N(int64(span)))).Truncate(time.Second)
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	for i, at := range times {
		m := s.draftMessage(ss, h.r, def.theme)
		m.createdAt = at
		fromEnd := len(times) - 1 - i
		switch {
		case def.status == statusConnected && fromEnd < 3:
			// the last few are still on their way when the world starts
			m.createdAt = now.Add(-time.Duration(fromEnd) * time.Second)
			m.status, m.updatedAt = logStatusInProgress, m.createdAt
			m.settleAt = now.Add(2*time.Second + time.Duration(2-fromEnd)*time.Second)
		case def.status == statusDisconnected && fromEnd < 4:
			m.createdAt = end.Add(-time.Duration(fromEnd*25+10) * time.Second)
			m.status, m.reason = logStatusFailed, "session disconnected"
			m.updatedAt = end
		default:
			m.status, m.reason = m.outcome, m.outcomeOf
			m.updatedAt = at.Add(h.between(time.Second, 4*time.Second)).Truncate(time.Second)
		}
		h.message(m)
	}
}
