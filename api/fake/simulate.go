package fake

import "time"

type eventKind int

const (
	evAutoPair   eventKind = iota // the phone scans the QR
	evTransition                  // a pending status change lands (restart, reconnect)
	evMessage                     // LogActivity: the session sends something
	evFlap                        // LogActivity: a short reconnect or a restart
	evEpisode                     // Incidents: the flapper reconnects
	evOutage                      // Incidents: sends start failing
	evBadBurst                    // Incidents: a burst to a bad list
)

// After a long pause (a laptop asleep) only the last catchUpWindow of
// activity is replayed, so the logs end at now as if the demo had been
// running; maxEventsPerStep is the backstop for anything else.
const (
	catchUpWindow    = 15 * time.Minute
	maxEventsPerStep = 5000
)

// advance moves the world from s.last to now, firing due events in time order
// (ties by session id, then kind) so that ids are handed out the same way
// however often it is called, as long as calls are less than catchUpWindow
// apart. It returns the instant the world is now at.
func (s *Server) advance(now time.Time) time.Time {
	if now.Before(s.last) {
		now = s.last
	}
	if now.Sub(s.last) > catchUpWindow {
		s.skipActivity(now.Add(-catchUpWindow))
	}
	for fired := 0; ; fired++ {
		if fired >= maxEventsPerStep {
			s.skipActivity(now)
		}
		ss, at, kind := s.nextEvent(now)
		if ss == nil {
			break
		}
		s.settle(at)
		s.fire(ss, at, kind)
	}
	s.settle(now)
	s.last = now
	return now
}

func (s *Server) nextEvent(now time.Time) (*session, time.Time, eventKind) {
	var (
		best     *session
		bestAt   time.Time
		bestKind eventKind
	)
	consider := func(ss *session, at time.Time, kind eventKind) {
		if at.IsZero() || at.After(now) {
			return
		}
		if best == nil || at.Before(bestAt) {
			best, bestAt, bestKind = ss, at, kind
		}
	}
	for _, ss := range s.order {
		consider(ss, ss.autoPairAt, evAutoPair)
		consider(ss, ss.transitionAt, evTransition)
		consider(ss, ss.nextMessageAt, evMessage)
		consider(ss, ss.nextFlapAt, evFlap)
		consider(ss, ss.nextEpisodeAt, evEpisode)
		consider(ss, ss.nextOutageAt, evOutage)
		consider(ss, ss.nextBadBurstAt, evBadBurst)
	}
	return best, bestAt, bestKind
}

func (s *Server) fire(ss *session, at time.Time, kind eventKind) {
	switch kind {
	case evAutoPair:
		ss.autoPairAt = time.Time{}
		if ss.pairing() {
			s.completePairing(ss, at)
		}
	case evTransition:
		to, event := ss.transitionTo, ss.transitionLog
		ss.transitionAt, ss.transitionTo, ss.transitionLog = time.Time{}, "", ""
		s.setStatus(ss, to, at, event)
	case evMessage:
		s.activityMessages(ss, at)
	case evFlap:
		s.activityFlap(ss, at)
	case evEpisode:
		s.episode(ss, at)
	case evOutage:
		s.beginOutage(ss, at)
	case evBadBurst:
		s.badBurst(ss, at)
	}
}

func (s *Server) skipActivity(now time.Time) {
	for _, ss := range s.order {
		if !ss.nextMessageAt.IsZero() && !ss.nextMessageAt.After(now) {
			ss.nextMessageAt = now.Add(s.messageGap(ss))
		}
		if !ss.nextFlapAt.IsZero() && !ss.nextFlapAt.After(now) {
			ss.nextFlapAt = now.Add(s.flapGap(ss))
		}
		s.skipIncidents(ss, now)
	}
}

// setStatus is the one place a session changes state: it stamps updated_at,
// writes the session log and starts or stops simulated activity.
func (s *Server) setStatus(ss *session, status string, at time.Time, eventType string) {
	if eventType == "" {
		eventType = eventStatusChange
	}
	ss.status = status
	ss.updatedAt = at
	if !ss.pairing() {
		ss.autoPairAt = time.Time{}
	}
	s.appendSessionLog(ss, eventType, status, at)
	s.hooks.statusChanged(ss, at)
	if status == statusConnected {
		s.startActivity(ss, at)
	} else {
		ss.nextMessageAt, ss.nextFlapAt, ss.nextEpisodeAt = time.Time{}, time.Time{}, time.Time{}
	}
}
