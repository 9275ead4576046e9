package fake

import (
	"fmt"
	"slices"
	"strconv"
	"time"
)

// Test and demo controls. Each first brings the world up to the clock.

func (s *Server) session(id int) (*session, error) {
	ss := s.sessions[id]
	if ss == nil {
		return nil, fmt.Errorf("fake: no session %d", id)
	}
	return ss, nil
}

// Pair completes pairing now, as if the phone had scanned the QR code (or
// approved the passkey). The session must be waiting for it.
func (s *Server) Pair(id int) error {
	now := s.lockAndAdvance()
	defer s.mu.Unlock()
	ss, err := s.session(id)
	if err != nil {
		return err
	}
	if !ss.pairing() {
		return fmt.Errorf("fake: session %d is %s, not waiting to be paired", id, ss.status)
	}
	s.completePairing(ss, now)
	return nil
}

// PairingString is the pairing string the QR endpoint serves for session
// id now, for tests that compare it with what a client shows.
func (s *Server) PairingString(id int) (string, error) {
	now := s.lockAndAdvance()
	defer s.mu.Unlock()
	ss, err := s.session(id)
	if err != nil {
		return "", err
	}
	if !ss.pairing() {
		return "", fmt.Errorf("fake: session %d is %s, not waiting to be paired", id, ss.status)
	}
	return s.pairingString(ss, now), nil
}

// SetStatus forces a status (lower case, as /api/status spells it) and writes
// the status_change log. need_scan and need_passkey start a pairing attempt.
func (s *Server) SetStatus(id int, status string) error {
	if !slices.Contains(knownStatuses, status) {
		return fmt.Errorf("fake: unknown status %q (want one of %v)", status, knownStatuses)
	}
	now := s.lockAndAdvance()
	defer s.mu.Unlock()
	ss, err := s.session(id)
	if err != nil {
		return err
	}
	switch status {
	case statusNeedScan:
		s.startPairing(ss, now, "qr")
	case statusNeedPasskey:
		s.startPairing(ss, now, "passkey")
	default:
		ss.transitionAt, ss.transitionTo, ss.transitionLog = time.Time{}, "", ""
		s.setStatus(ss, status, now, eventStatusChange)
	}
	return nil
}

// AddSessionLogs appends n session-log entries now, all with the same
// timestamp; they record the current status and change nothing.
func (s *Server) AddSessionLogs(id int, n int) {
	now := s.lockAndAdvance()
	defer s.mu.Unlock()
	ss, err := s.session(id)
	if err != nil {
		return
	}
	for i := range n {
		event := eventStatusChange
		if i%3 == 2 {
			event = eventSessionRestarted
		}
		s.appendSessionLog(ss, event, ss.status, now)
	}
}

// AddMessageLogs appends n in_progress message logs now; they settle to
// sent or failed a few seconds later.
func (s *Server) AddMessageLogs(id int, n int) {
	now := s.lockAndAdvance()
	defer s.mu.Unlock()
	if ss, err := s.session(id); err == nil {
		s.queueMessages(ss, n, now)
	}
}

// MessageLogIDs and SessionLogIDs list the ids a session's logs hold now,
// oldest first, for tests that check a reader saw every entry.
func (s *Server) MessageLogIDs(id int) []string {
	now := s.lockAndAdvance()
	defer s.mu.Unlock()
	s.settle(now)
	ss := s.sessions[id]
	if ss == nil {
		return nil
	}
	out := make([]string, len(ss.messageLogs))
	for i, m := range ss.messageLogs {
		out[i] = strconv.Itoa(m.id)
	}
	return out
}

func (s *Server) SessionLogIDs(id int) []string {
	s.lockAndAdvance()
	defer s.mu.Unlock()
	ss := s.sessions[id]
	if ss == nil {
		return nil
	}
	out := make([]string, len(ss.sessionLogs))
	for i, l := range ss.sessionLogs {
		out[i] = strconv.Itoa(l.id)
	}
	return out
}
