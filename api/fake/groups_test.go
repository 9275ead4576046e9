package fake

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestGroupJIDsInPathsWithRawOrEncodedAt(t *testing.T) {
	h := newHarness(t, Options{})
	key := h.key(supportDesk)
	jid := firstGroup(h, supportDesk)
	encoded := strings.Replace(jid, "@", "%40", 1)
	for _, endpoint := range []string{"metadata", "participants", "picture"} {
		raw := h.do("GET", "/api/groups/"+jid+"/"+endpoint, key, nil)
		enc := h.do("GET", "/api/groups/"+encoded+"/"+endpoint, key, nil)
		if raw.status != 200 || enc.status != 200 || string(raw.body) != string(enc.body) {
			t.Errorf("%s: raw %d, encoded %d", endpoint, raw.status, enc.status)
		}
	}
	// and over a real connection, where the client decides the escaping
	srv := httptest.NewServer(h.srv)
	defer srv.Close()
	for _, p := range []string{jid, encoded} {
		req, _ := http.NewRequest("GET", srv.URL+"/api/groups/"+p+"/metadata", nil)
		req.Header.Set("Authorization", "Bearer "+key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("over HTTP with %q: %d", p, resp.StatusCode)
		}
	}
	if r := h.do("GET", "/api/groups/120363000000000000@g.us/metadata", key, nil); r.status != 404 {
		t.Errorf("unknown group: %d %s", r.status, r.body)
	}
}

func TestGroupRolesAndInviteLinks(t *testing.T) {
	h := newHarness(t, Options{})
	key := h.key(supportDesk)
	self := "4915730984412@s.whatsapp.net"
	list := h.get("/api/groups", key, 200)["data"].([]any)
	var withSelf, selfAdmin, selfMember int
	for _, g := range list {
		jid := g.(map[string]any)["jid"].(string)
		h.clock.Advance(6 * time.Second) // stay under 10 metadata calls a minute
		meta := h.get("/api/groups/"+jid+"/metadata", key, 200)["data"].(map[string]any)
		supers, selfRole := 0, "absent"
		for _, p := range meta["participants"].([]any) {
			p := p.(map[string]any)
			if p["isSuperAdmin"] == true {
				supers++
				if meta["owner"] != p["jid"] {
					t.Errorf("%s: owner %v is not the superadmin %v", jid, meta["owner"], p["jid"])
				}
				if p["isAdmin"] != true {
					t.Errorf("%s: superadmin without isAdmin", jid)
				}
			}
			if p["jid"] == self {
				selfRole = "member"
				if p["isAdmin"] == true {
					selfRole = "admin"
				}
			}
		}
		if supers != 1 {
			t.Errorf("%s: %d superadmins", jid, supers)
		}
		link := h.do("GET", "/api/groups/"+jid+"/invite-link", key, nil)
		switch selfRole {
		case "admin":
			selfAdmin++
			withSelf++
			if link.status != 200 {
				t.Errorf("%s: admin gets %d for the invite link", jid, link.status)
			}
		default:
			if selfRole == "member" {
				selfMember++
				withSelf++
			}
			if link.status != 403 || string(link.body) != `{"success":false,"message":"You are not an admin of this group."}` {
				t.Errorf("%s: non-admin gets %d %s", jid, link.status, link.body)
			}
		}
	}
	if withSelf < len(list)*6/10 || selfAdmin == 0 || selfMember == 0 {
		t.Errorf("of %d groups: self in %d, admin in %d, plain member in %d", len(list), withSelf, selfAdmin, selfMember)
	}
}

func TestInviteInfoMatchesTheGroup(t *testing.T) {
	h := newHarness(t, Options{})
	key := h.key(supportDesk)
	jid, link := adminGroup(h)
	code := strings.TrimPrefix(link.json(t)["inviteLink"].(string), "https://chat.whatsapp.com/")
	info := h.get("/api/groups/invite/"+code, key, 200)["data"].(map[string]any)
	meta := h.get("/api/groups/"+jid+"/metadata", key, 200)["data"].(map[string]any)
	if info["id"] != jid || info["subject"] != meta["subject"] || info["owner"] != meta["owner"] ||
		int(info["size"].(float64)) != len(meta["participants"].([]any)) {
		t.Errorf("invite info %v does not match metadata %v", info, meta)
	}
	if r := h.do("GET", "/api/groups/invite/AAAAAAAAAAAAAAAAAAAAAA", key, nil); r.status != 404 {
		t.Errorf("unknown invite code: %d", r.status)
	}
}

func TestGroupMembersAreContacts(t *testing.T) {
	h := newHarness(t, Options{})
	key := h.key(supportDesk)
	meta := h.get("/api/groups/"+firstGroup(h, supportDesk)+"/metadata", key, 200)["data"].(map[string]any)
	for i, p := range meta["participants"].([]any) {
		jid := p.(map[string]any)["jid"].(string)
		if i == 5 {
			break
		}
		if jid == "4915730984412@s.whatsapp.net" {
			continue
		}
		h.get("/api/contacts/"+jid, key, 200)
	}
}
