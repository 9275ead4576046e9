package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
)

// Group is a group the session's account belongs to. Docs call the
// identifier "jid" and the SDKs "id"; the name may come as "subject".
type Group struct {
	JID    string `json:"-"`
	Name   string `json:"-"`
	ImgURL Text   `json:"imgUrl"`
	Size   int    `json:"-"` // participant count when the list says it; 0 = unknown
}

func (g *Group) UnmarshalJSON(b []byte) error {
	var aux struct {
		JID          Text            `json:"jid"`
		ID           Text            `json:"id"`
		Name         Text            `json:"name"`
		Subject      Text            `json:"subject"`
		ImgURL       Text            `json:"imgUrl"`
		Size         Int             `json:"size"`
		Participants json.RawMessage `json:"participants"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	g.JID = string(firstText(aux.JID, aux.ID))
	g.Name = string(firstText(aux.Name, aux.Subject))
	g.ImgURL = aux.ImgURL
	g.Size = int(aux.Size)
	if g.Size == 0 && len(aux.Participants) > 0 {
		var ps []json.RawMessage
		if json.Unmarshal(aux.Participants, &ps) == nil {
			g.Size = len(ps)
		}
	}
	return nil
}

// Participant is a member of a group. Docs send {jid,isAdmin,isSuperAdmin};
// Baileys-shaped answers send {id,admin:"admin"|"superadmin"|null}.
type Participant struct {
	JID  string
	Role string // "superadmin", "admin" or ""
}

func (p *Participant) UnmarshalJSON(b []byte) error {
	var aux struct {
		JID          Text `json:"jid"`
		ID           Text `json:"id"`
		Admin        Text `json:"admin"`
		IsAdmin      Bool `json:"isAdmin"`
		IsSuperAdmin Bool `json:"isSuperAdmin"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		// Some answers list participants as bare JID strings.
		var s string
		if json.Unmarshal(b, &s) == nil {
			*p = Participant{JID: s}
			return nil
		}
		return err
	}
	p.JID = string(firstText(aux.JID, aux.ID))
	switch {
	case bool(aux.IsSuperAdmin) || strings.EqualFold(string(aux.Admin), "superadmin"):
		p.Role = "superadmin"
	case bool(aux.IsAdmin) || strings.EqualFold(string(aux.Admin), "admin"):
		p.Role = "admin"
	default:
		p.Role = ""
	}
	return nil
}

// IsAdmin is true for admins and superadmins.
func (p Participant) IsAdmin() bool { return p.Role != "" }

// GroupMetadata describes a group in full.
type GroupMetadata struct {
	JID          string        `json:"-"`
	Subject      string        `json:"-"`
	Desc         Text          `json:"-"`
	Owner        Text          `json:"owner"`
	Creation     Time          `json:"creation"`
	Size         Int           `json:"size"`
	Announce     *Bool         `json:"announce"` // nil: not in the answer (the docs' shape)
	Restrict     *Bool         `json:"restrict"`
	Participants []Participant `json:"participants"`
}

func (m *GroupMetadata) UnmarshalJSON(b []byte) error {
	type plain GroupMetadata
	var aux struct {
		*plain
		JID         Text `json:"jid"`
		ID          Text `json:"id"`
		Subject     Text `json:"subject"`
		Name        Text `json:"name"`
		Desc        Text `json:"desc"`
		Description Text `json:"description"`
	}
	aux.plain = (*plain)(m)
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	m.JID = string(firstText(aux.JID, aux.ID))
	m.Subject = string(firstText(aux.Subject, aux.Name))
	m.Desc = firstText(aux.Desc, aux.Description)
	if m.Size == 0 {
		m.Size = Int(len(m.Participants))
	}
	return nil
}

func groupPath(jid string, rest string) string {
	return "/groups/" + seg(jid) + "/" + rest
}

// Groups returns every group in one response.
func (s *SessionClient) Groups(ctx context.Context) ([]Group, error) {
	var l list[Group]
	if err := s.do(ctx, call{op: "list groups", method: http.MethodGet, path: "/groups"}, &l); err != nil {
		return nil, err
	}
	return l, nil
}

// GroupsPage returns one page of groups (paginated=true).
func (s *SessionClient) GroupsPage(ctx context.Context, page, limit int) (Page[Group], error) {
	return listPage[Group](ctx, s, "list groups", "/groups", page, limit)
}

// GroupMetadata returns a group's subject, description, owner and members.
// The API allows 10 per minute per session; the client paces itself.
func (s *SessionClient) GroupMetadata(ctx context.Context, jid string) (GroupMetadata, error) {
	var m GroupMetadata
	err := s.do(ctx, call{op: "group metadata", method: http.MethodGet, path: groupPath(jid, "metadata"), pace: EndpointGroupMetadata}, &m)
	return m, err
}

// GroupParticipants lists a group's members (empty while WhatsApp syncs).
func (s *SessionClient) GroupParticipants(ctx context.Context, jid string) ([]Participant, error) {
	var l list[Participant]
	if err := s.do(ctx, call{op: "group participants", method: http.MethodGet, path: groupPath(jid, "participants"), pace: EndpointGroupParticipants}, &l); err != nil {
		return nil, err
	}
	return l, nil
}

// GroupPicture returns the group's picture URL ("" when none).
func (s *SessionClient) GroupPicture(ctx context.Context, jid string) (string, error) {
	var r struct {
		ImgURL Text `json:"imgUrl"`
	}
	err := s.do(ctx, call{op: "group picture", method: http.MethodGet, path: groupPath(jid, "picture")}, &r)
	return string(r.ImgURL), err
}

// GroupInviteLink returns the invite link; only group admins may get it.
func (s *SessionClient) GroupInviteLink(ctx context.Context, jid string) (string, error) {
	var r struct {
		InviteLink Text `json:"inviteLink"`
		Data       *struct {
			InviteLink Text `json:"inviteLink"`
		} `json:"data"`
	}
	err := s.do(ctx, call{op: "group invite link", method: http.MethodGet, path: groupPath(jid, "invite-link"), topLevel: true}, &r)
	if err == nil && r.InviteLink == "" && r.Data != nil {
		r.InviteLink = r.Data.InviteLink
	}
	return string(r.InviteLink), err
}

// GroupInviteInfo previews a group from an invite code or link.
func (s *SessionClient) GroupInviteInfo(ctx context.Context, code string) (GroupMetadata, error) {
	code = strings.TrimPrefix(strings.TrimSpace(code), "https://chat.whatsapp.com/")
	var m GroupMetadata
	err := s.do(ctx, call{op: "group invite info", method: http.MethodGet, path: "/groups/invite/" + seg(code)}, &m)
	return m, err
}
