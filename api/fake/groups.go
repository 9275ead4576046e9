package fake

import (
	"net/http"
	"strings"
)

const (
	groupJIDPrefix = "1203630"
	groupJIDWidth  = 11
	groupSuffix    = "@g.us"
)

type selfRole int

const (
	roleAbsent selfRole = iota // e.g. a community announcement group the number left
	roleMember
	roleAdmin
	roleSuperAdmin
)

func (r selfRole) String() string {
	switch r {
	case roleAdmin:
		return "admin"
	case roleSuperAdmin:
		return "superadmin"
	}
	return ""
}

// groupBook is a session's groups as a formula, like contactBook; members
// are drawn from the session's contacts.
type groupBook struct {
	seed       uint64
	session    uint64
	count      int
	contacts   *contactBook
	selfDigits string
	selfLID    string
	jids       affine
}

type member struct {
	digits string
	lid    string
	role   string // "", "admin", "superadmin"
}

func newGroupBook(seed uint64, session, count int, contacts *contactBook, selfDigits, selfLID string) *groupBook {
	g := &groupBook{seed: seed, session: uint64(session), count: count, contacts: contacts, selfDigits: selfDigits, selfLID: selfLID}
	g.jids = newAffine(pow10(groupJIDWidth), mix(seed, g.session, 99, purposeAffineA), mix(seed, g.session, 99, purposeAffineB))
	return g
}

func (g *groupBook) hash(i int) uint64 { return mix(g.seed, g.session, uint64(i), purposeGroup) }

func (g *groupBook) jid(i int) string {
	return groupJIDPrefix + zeroPad(g.jids.apply(uint64(i)), groupJIDWidth) + groupSuffix
}

func (g *groupBook) find(jid string) (int, bool) {
	digits := strings.TrimSuffix(jid, groupSuffix)
	if len(digits) != len(groupJIDPrefix)+groupJIDWidth || !strings.HasPrefix(digits, groupJIDPrefix) {
		return 0, false
	}
	x, ok := parseDigits(digits[len(groupJIDPrefix):])
	if !ok {
		return 0, false
	}
	i := g.jids.invert(x)
	return int(i), i < uint64(g.count)
}

func (g *groupBook) name(i int) string {
	h := g.hash(i)
	return pick(groupNames, h>>32) + pick(groupSuffixes, h>>44)
}

func (g *groupBook) img(i int) *string {
	h := g.hash(i)
	if (h>>28)%100 >= 55 {
		return nil
	}
	url := profilePictureURL(splitmix(h))
	return &url
}

func (g *groupBook) desc(i int) string {
	h := g.hash(i)
	if (h>>20)%100 >= 65 {
		return ""
	}
	return pick(groupDescriptions, h>>52)
}

func (g *groupBook) creation(i int) int64 {
	const since2019, sixYears = 1546300800, 6 * 365 * 86400
	return since2019 + int64(g.hash(i)%sixYears)
}

func (g *groupBook) selfRole(i int) selfRole {
	switch (g.hash(i) >> 8) % 10 {
	case 0:
		return roleAbsent
	case 1, 2:
		return roleSuperAdmin
	case 3, 4:
		return roleAdmin
	}
	return roleMember
}

// members lists the participants in the server's (arbitrary, but stable) order.
func (g *groupBook) members(i int) []member {
	r := newRand(g.seed, g.session, uint64(i), purposeParticipants)
	size := 3 + r.IntN(45)
	if r.IntN(100) < 5 {
		size = 120 + r.IntN(900)
	}
	role := g.selfRole(i)
	others := min(size, g.contacts.count)
	ms := make([]member, 0, others+1)
	if role != roleAbsent {
		ms = append(ms, member{digits: g.selfDigits, lid: g.selfLID, role: role.String()})
	}
	seen := make(map[int]bool, others)
	for len(seen) < others {
		idx := r.IntN(g.contacts.count)
		if seen[idx] {
			continue
		}
		seen[idx] = true
		ms = append(ms, member{digits: g.contacts.digitsOf(idx), lid: g.contacts.lidOf(idx)})
	}
	first := 0
	if role != roleAbsent {
		first = 1
	}
	if role != roleSuperAdmin && len(ms) > first {
		ms[first].role = "superadmin"
		first++
	}
	for n := r.IntN(4); n > 0 && first < len(ms); n-- {
		ms[first].role = "admin"
		first++
	}
	r.Shuffle(len(ms), func(a, b int) { ms[a], ms[b] = ms[b], ms[a] })
	return ms
}

func ownerOf(ms []member, fallback string) string {
	for _, m := range ms {
		if m.role == "superadmin" {
			return m.digits + "@s.whatsapp.net"
		}
	}
	return fallback + "@s.whatsapp.net"
}

func (g *groupBook) inviteCode(i int) string {
	return base62String(newRand(g.seed, g.session, uint64(i), purposeInvite), 22)
}

func (g *groupBook) findInvite(code string) (int, bool) {
	if len(code) != 22 {
		return 0, false
	}
	for i := range g.count {
		if g.inviteCode(i) == code {
			return i, true
		}
	}
	return 0, false
}

type groupSummary struct {
	JID    string  `json:"jid"`
	Name   string  `json:"name"`
	ImgURL *string `json:"imgUrl"`
	// In the SDKs' shape only.
	Size         int               `json:"size,omitempty"`
	Participants []participantJSON `json:"participants,omitempty"`
}

// sdkMetadataJSON is Baileys' GroupMetadata, as the SDKs type it.
type sdkMetadataJSON struct {
	ID           string            `json:"id"`
	Subject      string            `json:"subject"`
	Owner        string            `json:"owner"`
	Creation     int64             `json:"creation"`
	Desc         string            `json:"desc"`
	Size         int               `json:"size"`
	Announce     bool              `json:"announce"`
	Restrict     bool              `json:"restrict"`
	Participants []participantJSON `json:"participants"`
}

// sdkMembers are ms as Baileys lists them.
func sdkMembers(ms []member) []participantJSON {
	out := make([]participantJSON, len(ms))
	for k, m := range ms {
		out[k] = participantJSON{ID: m.digits + "@s.whatsapp.net", Admin: m.role}
	}
	return out
}

// announce and restrict are the group's settings, as its hash has them.
func (g *groupBook) announce(i int) bool { return (g.hash(i)>>12)%5 == 0 }
func (g *groupBook) restrict(i int) bool { return (g.hash(i)>>16)%3 == 0 }

type groupMetadataJSON struct {
	JID          string           `json:"jid"`
	Subject      string           `json:"subject"`
	Creation     int64            `json:"creation"`
	Owner        string           `json:"owner"`
	Desc         string           `json:"desc"`
	Participants []metaMemberJSON `json:"participants"`
}

type metaMemberJSON struct {
	JID          string `json:"jid"`
	IsAdmin      bool   `json:"isAdmin"`
	IsSuperAdmin bool   `json:"isSuperAdmin"`
}

type participantJSON struct {
	ID    string `json:"id"`
	Admin string `json:"admin,omitempty"`
}

type inviteInfoJSON struct {
	ID           string             `json:"id"`
	Subject      string             `json:"subject"`
	Owner        string             `json:"owner"`
	Creation     int64              `json:"creation"`
	Size         int                `json:"size"`
	Desc         string             `json:"desc"`
	Participants []inviteMemberJSON `json:"participants"`
}

type inviteMemberJSON struct {
	ID    string  `json:"id"`
	Admin *string `json:"admin"`
}

func (g *groupBook) summary(i int) groupSummary {
	return groupSummary{JID: g.jid(i), Name: g.name(i), ImgURL: g.img(i)}
}

func (s *Server) listGroups(c *call) reply {
	book := c.sess.groups
	summary := func(i int) groupSummary {
		g := book.summary(i)
		if s.opts.GroupsSDKShape {
			g.Participants = sdkMembers(book.members(i))
			g.Size = len(g.Participants)
		}
		return g
	}
	if !wantsPagination(c) {
		return streamArray(book.count, func(i int) any { return summary(i) })
	}
	p := newPagination(c, s.opts.MaxPerPage, book.count)
	from, to := p.bounds()
	items := make([]groupSummary, 0, to-from)
	for i := from; i < to; i++ {
		items = append(items, summary(i))
	}
	return ok(itemsPage{Items: items, Pagination: p})
}

// groupFromPath resolves {groupJid}; an unknown group is a guessed 404.
func (s *Server) groupFromPath(c *call) (int, *reply) {
	i, found := c.sess.groups.find(c.params[0])
	if !found {
		r := failMessage(http.StatusNotFound, "Group not found.")
		return 0, &r
	}
	return i, nil
}

func (s *Server) groupMetadata(c *call) reply {
	i, fail := s.groupFromPath(c)
	if fail != nil {
		return *fail
	}
	g := c.sess.groups
	ms := g.members(i)
	if s.opts.GroupsSDKShape {
		return ok(sdkMetadataJSON{
			ID: g.jid(i), Subject: g.name(i), Owner: ownerOf(ms, g.selfDigits), Creation: g.creation(i),
			Desc: g.desc(i), Size: len(ms), Announce: g.announce(i), Restrict: g.restrict(i), Participants: sdkMembers(ms),
		})
	}
	parts := make([]metaMemberJSON, len(ms))
	for k, m := range ms {
		parts[k] = metaMemberJSON{JID: m.digits + "@s.whatsapp.net", IsAdmin: m.role != "", IsSuperAdmin: m.role == "superadmin"}
	}
	return ok(groupMetadataJSON{
		JID: g.jid(i), Subject: g.name(i), Creation: g.creation(i),
		Owner: ownerOf(ms, g.selfDigits), Desc: g.desc(i), Participants: parts,
	})
}

// groupParticipants uses LID addressing, as the docs' example does.
func (s *Server) groupParticipants(c *call) reply {
	i, fail := s.groupFromPath(c)
	if fail != nil {
		return *fail
	}
	ms := c.sess.groups.members(i)
	parts := make([]participantJSON, len(ms))
	for k, m := range ms {
		parts[k] = participantJSON{ID: m.lid + "@lid", Admin: m.role}
	}
	return ok(parts)
}

func (s *Server) groupPicture(c *call) reply {
	i, fail := s.groupFromPath(c)
	if fail != nil {
		return *fail
	}
	return ok(pictureJSON{c.sess.groups.img(i)})
}

// groupInviteLink is for admins only; the 403 body is a guess.
func (s *Server) groupInviteLink(c *call) reply {
	i, fail := s.groupFromPath(c)
	if fail != nil {
		return *fail
	}
	g := c.sess.groups
	if role := g.selfRole(i); role != roleAdmin && role != roleSuperAdmin {
		return failMessage(http.StatusForbidden, "You are not an admin of this group.")
	}
	return okTop("inviteLink", "https://chat.whatsapp.com/"+g.inviteCode(i))
}

// inviteInfo previews a group by its code; only the admins are listed, as
// WhatsApp shows a non-member. An unknown code is a guessed 404.
func (s *Server) inviteInfo(c *call) reply {
	g := c.sess.groups
	i, found := g.findInvite(c.params[0])
	if !found {
		return failMessage(http.StatusNotFound, "Invalid or expired invite code.")
	}
	ms := g.members(i)
	parts := []inviteMemberJSON{}
	for _, m := range ms {
		if m.role != "" {
			role := m.role
			parts = append(parts, inviteMemberJSON{ID: m.digits + "@s.whatsapp.net", Admin: &role})
		}
	}
	return ok(inviteInfoJSON{
		ID: g.jid(i), Subject: g.name(i), Owner: ownerOf(ms, g.selfDigits), Creation: g.creation(i),
		Size: len(ms), Desc: g.desc(i), Participants: parts,
	})
}
