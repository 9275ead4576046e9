package fake

import (
	"net/http"
	"time"
)

func (s *Server) listSessions(c *call) reply {
	list := make([]sessionJSON, 0, len(s.order))
	for _, ss := range s.order {
		list = append(list, ss.view(false))
	}
	return ok(list)
}

func (s *Server) showSession(c *call) reply { return ok(c.sess.view(true)) }

func (s *Server) phoneTaken(except *session) func(string) bool {
	return func(phone string) bool {
		for _, ss := range s.order {
			if ss != except && ss.phone == phone {
				return true
			}
		}
		return false
	}
}

// createSession answers 200 as the docs' "Success Response (200)" says. The
// session limit error's status is not documented: 403 is a guess.
func (s *Server) createSession(c *call) reply {
	p, errs := validateSession(decodeObject(c.body), true, s.phoneTaken(nil))
	if !errs.empty() {
		return failValidation(errs)
	}
	if len(s.sessions) >= max(maxSessions, s.opts.Sessions) {
		return failError(http.StatusForbidden, msgSessionLimit)
	}
	id := s.nextSessionID
	s.nextSessionID++
	ss := s.buildSession(id, *p.name, *p.phone, c.now.Truncate(time.Second))
	s.apply(ss, p, c.now)
	ss.updatedAt = ss.createdAt
	s.addSession(ss)
	return ok(ss.view(true))
}

// updateSession validates only the fields present.
func (s *Server) updateSession(c *call) reply {
	ss := c.sess
	p, errs := validateSession(decodeObject(c.body), false, s.phoneTaken(ss))
	if !errs.empty() {
		return failValidation(errs)
	}
	s.apply(ss, p, c.now)
	return ok(ss.view(true))
}

func (s *Server) apply(ss *session, p sessionPatch, now time.Time) {
	if p.name != nil {
		ss.name = *p.name
	}
	if p.phone != nil && *p.phone != ss.phone {
		ss.phone = *p.phone
		s.buildBooks(ss)
	}
	setBool := func(dst *bool, v *bool) {
		if v != nil {
			*dst = *v
		}
	}
	setBool(&ss.accountProtection, p.protection)
	setBool(&ss.logMessages, p.logMessages)
	setBool(&ss.readIncoming, p.readIncoming)
	setBool(&ss.webhookEnabled, p.webhookEnabled)
	if p.webhookURLGiven {
		ss.webhookURL = p.webhookURL
	}
	if p.webhookEventsGiven {
		ss.webhookEvents = p.webhookEvents
	}
	for k, v := range p.settings {
		ss.settings[k] = v
	}
	ss.updatedAt = now
}

func (s *Server) deleteSession(c *call) reply {
	s.removeSession(c.sess)
	return noContent()
}

func (s *Server) regenerateKey(c *call) reply {
	s.rekey(c.sess)
	c.sess.updatedAt = c.now
	return okTop("api_key", c.sess.apiKey)
}
