package fake

import "net/http"

type statusJSON struct {
	Status string `json:"status"`
}

type userJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	LID  string `json:"lid"`
}

type existsJSON struct {
	Exists bool `json:"exists"`
}

// statusOf is the one 2xx body without "success".
func (s *Server) statusOf(c *call) reply {
	return jsonReply(http.StatusOK, statusJSON{c.sess.status})
}

func (s *Server) userOf(c *call) reply {
	ss := c.sess
	return ok(userJSON{ID: ss.userJID(), Name: ss.pushName, LID: ss.userLID()})
}

// onWhatsApp knows the address book; other numbers exist or not by hash.
func (s *Server) onWhatsApp(c *call) reply {
	digits, valid := phoneDigits(c.params[0])
	if !valid {
		return ok(existsJSON{false})
	}
	if _, found := c.sess.contacts.find(digits); found {
		return ok(existsJSON{true})
	}
	return ok(existsJSON{onWhatsApp(s.seed, digits)})
}
