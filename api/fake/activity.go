package fake

import "time"

// With Options.LogActivity a connected session keeps sending messages (now
// and then in bursts that share one timestamp) and now and then reconnects
// or restarts, which writes session logs. All of it is drawn from the
// session's own generator, so a fake clock replays it exactly.

func (s *Server) startActivity(ss *session, at time.Time) {
	if !s.opts.LogActivity {
		return
	}
	ss.nextMessageAt = at.Add(s.messageGap(ss))
	ss.nextFlapAt = at.Add(s.flapGap(ss))
	s.startIncidents(ss, at)
}

// rateStep is how often a session writing at Logs.Rate writes its share.
const rateStep = 100 * time.Millisecond

func (s *Server) messageGap(ss *session) time.Duration {
	if s.opts.Logs.Rate > 0 {
		return rateStep
	}
	return 2*time.Second + time.Duration(ss.activity.IntN(7000))*time.Millisecond
}

// messagesNow is how many messages an activity step writes: Rate's share
// of a step (the fraction drawn), else one, or a small burst now and then.
func (s *Server) messagesNow(ss *session) int {
	if r := s.opts.Logs.Rate; r > 0 {
		share := r * rateStep.Seconds()
		n := int(share)
		if ss.activity.Float64() < share-float64(n) {
			n++
		}
		return n
	}
	if ss.activity.IntN(10) == 0 {
		return 3 + ss.activity.IntN(6)
	}
	return 1
}

func (s *Server) flapGap(ss *session) time.Duration {
	d := 4*time.Minute + time.Duration(ss.activity.IntN(480))*time.Second
	if s.opts.Incidents { // flapping is the flapper's job: the rest hold
		d *= 30
	}
	return d
}

func (s *Server) activityMessages(ss *session, at time.Time) {
	n := s.messagesNow(ss)
	if b := s.opts.Logs; b.Burst > 0 && b.BurstEvery > 0 {
		if ss.nextBurstAt.IsZero() {
			ss.nextBurstAt = at.Add(b.BurstEvery)
		}
		if !at.Before(ss.nextBurstAt) {
			n += b.Burst
			ss.nextBurstAt = at.Add(b.BurstEvery)
		}
	}
	s.queueMessages(ss, n, at)
	ss.nextMessageAt = at.Add(s.messageGap(ss))
}

// queueMessages adds n in_progress message logs created at `at`.
func (s *Server) queueMessages(ss *session, n int, at time.Time) {
	theme := s.theme(ss)
	for range n {
		m := s.draftMessage(ss, ss.activity, theme)
		m.status, m.createdAt, m.updatedAt = logStatusInProgress, at, at
		m.settleAt = at.Add(settleDelay(ss.activity))
		s.outage(ss, m, at)
		s.appendMessageLog(ss, m)
	}
}

func (s *Server) activityFlap(ss *session, at time.Time) {
	if ss.activity.IntN(4) == 0 {
		s.beginRestart(ss, at)
		return
	}
	s.setStatus(ss, statusConnecting, at, eventStatusChange)
	s.scheduleTransition(ss, at.Add(2*time.Second+time.Duration(ss.activity.IntN(3000))*time.Millisecond), statusConnected, eventStatusChange)
}

func (s *Server) scheduleTransition(ss *session, at time.Time, to, eventType string) {
	ss.transitionAt, ss.transitionTo, ss.transitionLog = at, to, eventType
}
