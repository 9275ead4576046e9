package fake

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

// With Options.Incidents the world has trouble for a health check to find.
// Sales EU (and every 13th generated session) is the flapper: now and then
// it drops and reconnects two to four times within a few minutes. Order Updates (and
// every 11th generated session) has outages: for 15 to 25 minutes most
// of its sends fail with one reason. Every connected session now and then
// sends a burst to a badly imported list, most of it to numbers that are
// not on WhatsApp. The history's last hour already holds a flap and an
// outage, so a check run at once finds them. Everything is drawn from each
// session's own incident generator, so the rest of the world (and every
// test that does not ask for incidents) is drawn exactly as before.

// trouble is a session's part in the incidents.
type trouble struct {
	incidents      *rand.Rand
	flapper        bool
	outages        bool
	nextEpisodeAt  time.Time // the flapper's next reconnect
	episodeLeft    int       // reconnects left in the episode under way
	nextOutageAt   time.Time
	outageUntil    time.Time
	outageReason   string
	nextBadBurstAt time.Time
}

// outageReasons are what a send fails with while a session is in trouble:
// its phone offline, WhatsApp throttling it, the socket dropping.
var outageReasons = []string{"message timed out", "rate-overlimit", "Connection Closed"}

// The bounds of the incidents' timing.
const (
	episodeEvery  = time.Hour        // to 2.5 times that between two episodes
	outageEvery   = time.Hour        // to three times that between two outages
	outageLasts   = 15 * time.Minute // to 25 minutes
	outageFails   = 85               // percent of an outage's sends that fail
	badBurstEvery = 30 * time.Minute // to three times that
	badBurstFails = 70               // percent of a bad burst that fails
)

func between(r *rand.Rand, lo, hi time.Duration) time.Duration {
	return lo + time.Duration(r.Int64N(int64(hi-lo)))
}

// giveRole makes the k-th session of the world a flapper or outage-prone.
func (s *Server) giveRole(ss *session, k int) {
	if !s.opts.Incidents {
		return
	}
	ss.flapper = k == 1 || k >= len(seedSessions) && k%13 == 4
	ss.outages = k == 2 || k >= len(seedSessions) && k%11 == 3
}

// startIncidents plans a connected session's next incidents.
func (s *Server) startIncidents(ss *session, at time.Time) {
	if !s.opts.Incidents {
		return
	}
	r := ss.incidents
	if ss.flapper {
		if ss.episodeLeft > 0 {
			ss.nextEpisodeAt = at.Add(between(r, 40*time.Second, 2*time.Minute))
		} else {
			ss.nextEpisodeAt = at.Add(between(r, episodeEvery, 5*episodeEvery/2))
		}
	}
	if ss.outages && ss.nextOutageAt.IsZero() {
		ss.nextOutageAt = at.Add(between(r, outageEvery, 3*outageEvery))
	}
	if ss.nextBadBurstAt.IsZero() {
		ss.nextBadBurstAt = at.Add(between(r, badBurstEvery, 3*badBurstEvery))
	}
}

// episode is one drop of the flapper: disconnected, connecting, connected.
func (s *Server) episode(ss *session, at time.Time) {
	ss.nextEpisodeAt = time.Time{}
	if ss.status != statusConnected {
		return
	}
	if ss.episodeLeft == 0 {
		ss.episodeLeft = 2 + ss.incidents.IntN(3)
	}
	ss.episodeLeft--
	s.setStatus(ss, statusDisconnected, at, eventStatusChange) // it drops, then comes back
	s.setStatus(ss, statusConnecting, at, eventStatusChange)
	s.scheduleTransition(ss, at.Add(between(ss.incidents, 2*time.Second, 6*time.Second)), statusConnected, eventStatusChange)
}

func (s *Server) beginOutage(ss *session, at time.Time) {
	r := ss.incidents
	if ss.status != statusConnected {
		ss.nextOutageAt = at.Add(10 * time.Minute)
		return
	}
	ss.outageUntil = at.Add(between(r, outageLasts, outageLasts+10*time.Minute))
	ss.outageReason = outageReasons[r.IntN(len(outageReasons))]
	ss.nextOutageAt = ss.outageUntil.Add(between(r, outageEvery, 3*outageEvery))
}

// outage makes a message sent during an outage fail, most of the time.
func (s *Server) outage(ss *session, m *messageLog, at time.Time) {
	if at.Before(ss.outageUntil) && m.outcome == logStatusSent && ss.incidents.IntN(100) < outageFails {
		m.outcome, m.outcomeOf = logStatusFailed, ss.outageReason
	}
}

// badBurst sends to a badly imported list in one second.
func (s *Server) badBurst(ss *session, at time.Time) {
	r := ss.incidents
	ss.nextBadBurstAt = at.Add(between(r, badBurstEvery, 3*badBurstEvery))
	if ss.status != statusConnected {
		return
	}
	theme := s.theme(ss)
	for range 10 + r.IntN(21) {
		m := s.draftMessage(ss, r, theme)
		m.status, m.createdAt, m.updatedAt = logStatusInProgress, at, at
		m.settleAt = at.Add(settleDelay(r))
		if strings.HasSuffix(m.jid, "@s.whatsapp.net") && r.IntN(100) < badBurstFails {
			m.outcome, m.outcomeOf = logStatusFailed, "recipient not on WhatsApp"
			if r.IntN(5) == 0 {
				m.outcomeOf = "invalid WhatsApp number"
			}
		}
		s.appendMessageLog(ss, m)
	}
}

// skipIncidents moves incidents that fell in a pause (see skipActivity)
// past it.
func (s *Server) skipIncidents(ss *session, now time.Time) {
	r := ss.incidents
	if !ss.nextEpisodeAt.IsZero() && !ss.nextEpisodeAt.After(now) {
		ss.nextEpisodeAt, ss.episodeLeft = now.Add(between(r, episodeEvery, 5*episodeEvery/2)), 0
	}
	if !ss.nextOutageAt.IsZero() && !ss.nextOutageAt.After(now) {
		ss.nextOutageAt = now.Add(between(r, outageEvery, 3*outageEvery))
	}
	if !ss.nextBadBurstAt.IsZero() && !ss.nextBadBurstAt.After(now) {
		ss.nextBadBurstAt = now.Add(between(r, badBurstEvery, 3*badBurstEvery))
	}
}

func (s *Server) theme(ss *session) string {
	if k := ss.id - firstSessionID; k >= 0 && k < len(s.defs) {
		return s.defs[k].theme
	}
	return "generic"
}

// incidentHistory writes the last hour's flap (for the flapper) and outage
// (for an outage-prone session) into the history of a connected session.
func (s *Server) incidentHistory(h *historyBuilder, def seedSession, now time.Time) {
	ss := h.ss
	if !s.opts.Incidents || def.status != statusConnected {
		return
	}
	r := newRand(s.seed, uint64(ss.id), 1, purposeIncident)
	if ss.flapper {
		t := now.Add(-between(r, 12*time.Minute, 30*time.Minute)).Truncate(time.Second)
		for range 3 {
			h.event(t, eventStatusChange, statusDisconnected)
			h.event(t.Add(2*time.Second), eventStatusChange, statusConnecting)
			h.event(t.Add(4*time.Second), eventStatusChange, statusConnected)
			t = t.Add(between(r, 50*time.Second, 110*time.Second)).Truncate(time.Second)
		}
	}
	if ss.outages {
		reason := outageReasons[0]
		for t := now.Add(-38 * time.Minute); t.Before(now.Add(-14 * time.Minute)); t = t.Add(between(r, 4*time.Second, 8*time.Second)) {
			m := s.draftMessage(ss, r, def.theme)
			m.createdAt = t.Truncate(time.Second)
			m.status, m.reason = m.outcome, m.outcomeOf
			if m.status == logStatusSent && r.IntN(100) < outageFails {
				m.status, m.reason = logStatusFailed, reason
			}
			m.updatedAt = m.createdAt.Add(between(r, time.Second, 4*time.Second)).Truncate(time.Second)
			h.message(m)
		}
	}
}

// demoSessions are the sessions the world starts with: the demo's six,
// then generated ones up to Options.Sessions.
func (s *Server) demoSessions() []seedSession {
	defs := slices.Clone(seedSessions)
	for k := len(defs); k < s.opts.Sessions; k++ {
		defs = append(defs, s.generatedSession(k))
	}
	return defs
}

var (
	generatedNames = []string{"Clinic Madrid", "Store Berlin", "Billing", "Support APAC", "Deliveries NL",
		"Bookings", "Reception", "Helpdesk UK", "Returns", "Partners", "Events", "Recruiting",
		"Collections", "VIP Desk", "Warehouse", "Tours Lisbon", "Dispatch", "Feedback", "Onboarding",
		"Pharmacy", "Alerts", "Claims", "Rentals", "Tickets"}
	generatedPrefixes = []string{"+49151", "+447700", "+1628", "+34611", "+31620", "+551198"}
	generatedThemes   = []string{"support", "sales", "orders", "field", "generic"}
)

// generatedSession is the k-th session of the world beyond the demo's six:
// most connected, some waiting for a scan, disconnected, logged out or
// expired.
func (s *Server) generatedSession(k int) seedSession {
	g := k - len(seedSessions)
	h := mix(s.seed, uint64(firstSessionID+k), purposeRole)
	name := generatedNames[g%len(generatedNames)]
	if round := g / len(generatedNames); round > 0 {
		name += " " + strconv.Itoa(round+1)
	}
	status := statusConnected
	switch roll := h % 100; {
	case roll >= 97:
		status = statusExpired
	case roll >= 92:
		status = statusLoggedOut
	case roll >= 86:
		status = statusNeedScan
	case roll >= 78:
		status = statusDisconnected
	}
	return seedSession{
		name:        name,
		phone:       generatedPrefixes[g%len(generatedPrefixes)] + zeroPad(uint64(1000000+g*1237%9000000), 7),
		status:      status,
		protection:  h/100%4 == 0,
		logMessages: h/400%10 != 0,
		pushName:    "ACME " + name,
		ageDays:     5 + int(h/4000%400),
		theme:       generatedThemes[g%len(generatedThemes)],
		messages:    80 + int(h/1600000%250),
	}
}
