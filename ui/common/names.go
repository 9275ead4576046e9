package common

import (
	"sync"

	"github.com/wasender-tui/wasender-tui/api"
)

// ContactNames are the names of the contacts the console has loaded, per
// session, so other views (a group's members) can name a number the
// operator knows instead of showing it bare.
type ContactNames struct {
	mu        sync.Mutex
	bySession map[api.ID]map[string]string // phone "+digits" -> name
}

// Add learns the names of a session's contacts: the saved name, else the
// one they gave themselves, else their business name.
func (n *ContactNames) Add(session api.ID, contacts []api.Contact) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.bySession == nil {
		n.bySession = map[api.ID]map[string]string{}
	}
	names := n.bySession[session]
	if names == nil {
		names = map[string]string{}
		n.bySession[session] = names
	}
	for i := range contacts {
		c := &contacts[i]
		name := Clean(string(c.Name))
		if name == "" {
			name = Clean(string(c.Notify))
		}
		if name == "" {
			name = Clean(string(c.VerifiedName))
		}
		if phone := c.Phone(); phone != "" && name != "" {
			names[phone] = name
		}
	}
}

// Name is the name of the contact with this JID in session, or "".
func (n *ContactNames) Name(session api.ID, jid string) string {
	phone := api.JIDPhone(jid)
	if phone == "" {
		return ""
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.bySession[session][phone]
}
