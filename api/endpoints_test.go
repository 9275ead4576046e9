package api

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

// Every endpoint against the docs' example bodies: the request on the wire
// (method, path with raw "@", query, JSON body, credential) and the decoded
// values.

func sessionsClient(t *testing.T) (*apiServer, *Client) {
	s := newAPIServer(t)
	return s, s.client(t, newFakeClock().opts(Options{Token: testPAT}))
}

// keyClient has a configured key for session 1, so no lookups happen.
func keyClient(t *testing.T) (*apiServer, *SessionClient) {
	s := newAPIServer(t)
	c := s.client(t, newFakeClock().opts(Options{Token: testPAT, SessionKeys: map[string]string{"1": "sess-key-1"}}))
	return s, c.Session("1")
}

func ptr[T any](v T) *T { return &v }

func TestListSessions(t *testing.T) {
	s, c := sessionsClient(t)
	s.file("GET /api/whatsapp-sessions", "sessions_list.json")
	list, err := c.ListSessions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	checkRequest(t, s.only(t), want{method: "GET", path: "/api/whatsapp-sessions", auth: testPAT})
	if len(list) != 2 {
		t.Fatalf("got %d sessions", len(list))
	}
	a, b := list[0], list[1]
	if a.ID != "1" || a.Name != "Business WhatsApp" || a.PhoneNumber != "+1234567890" || !a.Status.Is(StatusConnected) {
		t.Errorf("session 1 = %+v", a)
	}
	if !a.AccountProtection || !a.LogMessages || !a.WebhookEnabled || a.WebhookURL != "https://example.com/webhook" {
		t.Errorf("session 1 settings = %+v", a)
	}
	if !reflect.DeepEqual(a.WebhookEvents, []string{"message", "group_update"}) {
		t.Errorf("events = %q", a.WebhookEvents)
	}
	if !a.CreatedAt.Equal(utc("2025-04-01T12:00:00Z")) || !a.UpdatedAt.Equal(utc("2025-05-08T15:30:00Z")) {
		t.Errorf("times = %v %v", a.CreatedAt, a.UpdatedAt)
	}
	if a.APIKey != "" {
		t.Errorf("list items carry no key, got %q", a.APIKey)
	}
	// Upper-case status kept as sent, compared without case.
	if b.Status != "DISCONNECTED" || !b.Status.Is(StatusDisconnected) || b.Status.Norm() != "disconnected" {
		t.Errorf("session 2 status = %q", b.Status)
	}
	if b.ID != "2" || b.WebhookURL != "" || b.WebhookEvents != nil || b.AccountProtection {
		t.Errorf("session 2 = %+v", b)
	}
}

func TestGetSession(t *testing.T) {
	s, c := sessionsClient(t)
	s.file("GET /api/whatsapp-sessions/1", "session_details.json")
	got, err := c.GetSession(context.Background(), "1")
	if err != nil {
		t.Fatal(err)
	}
	checkRequest(t, s.only(t), want{method: "GET", path: "/api/whatsapp-sessions/1", auth: testPAT})
	if got.ID != "1" || got.APIKey != key1 || got.WebhookSecret != "fb61be92ddb7935e0cedcec58e470f6c" {
		t.Errorf("session = %+v", got)
	}
	if !got.UpdatedAt.Equal(utc("2025-05-08T15:30:00Z")) || got.Status != "connected" {
		t.Errorf("session = %+v", got)
	}
}

func TestCreateSession(t *testing.T) {
	s, c := sessionsClient(t)
	s.file("POST /api/whatsapp-sessions", "session_create.json")
	// The docs' request example (§39), including an explicit false.
	got, err := c.CreateSession(context.Background(), SessionInput{
		Name: ptr("Sample Name"), PhoneNumber: ptr("Sample Phone_number"),
		AccountProtection: ptr(true), LogMessages: ptr(true), ReadIncomingMessages: ptr(false),
		WebhookURL: ptr("Sample Webhook_url"), WebhookEnabled: ptr(true),
		WebhookEvents: ptr([]string{"messages.received", "session.status", "messages.update"}),
	})
	if err != nil {
		t.Fatal(err)
	}
	checkRequest(t, s.only(t), want{method: "POST", path: "/api/whatsapp-sessions", auth: testPAT,
		body: `{ "name": "Sample Name", "phone_number": "Sample Phone_number", "account_protection": true, "log_messages": true, "read_incoming_messages": false, "webhook_url": "Sample Webhook_url", "webhook_enabled": true, "webhook_events": [ "messages.received", "session.status", "messages.update" ] }`})
	if got.ID != "1" || got.APIKey != key1 || got.ReadIncomingMessages {
		t.Errorf("created = %+v", got)
	}
	if len(got.WebhookEvents) != 3 || got.WebhookEvents[2] != "messages.update" {
		t.Errorf("events = %q", got.WebhookEvents)
	}
}

func TestUpdateSessionSendsOnlySetFields(t *testing.T) {
	s, c := sessionsClient(t)
	s.file("PUT /api/whatsapp-sessions/1", "session_update.json")
	got, err := c.UpdateSession(context.Background(), "1", SessionInput{WebhookEnabled: ptr(false), Name: ptr("Business WhatsApp")})
	if err != nil {
		t.Fatal(err)
	}
	checkRequest(t, s.only(t), want{method: "PUT", path: "/api/whatsapp-sessions/1", auth: testPAT,
		body: `{"name":"Business WhatsApp","webhook_enabled":false}`})
	if !got.ReadIncomingMessages || got.Name != "Business WhatsApp" {
		t.Errorf("updated = %+v", got)
	}
}

// SetWebhook sends the URL, enabled, and the events (an empty list when
// none are given); the audit trail names the hosts, not the paths.
func TestSetWebhook(t *testing.T) {
	s, c := sessionsClient(t)
	var muts []Mutation
	c.onMutation = func(m Mutation) { muts = append(muts, m) }
	s.file("PUT /api/whatsapp-sessions/1", "session_update.json")
	if _, err := c.SetWebhook(context.Background(), "1", Webhook{URL: "https://console.example.com/hook", Events: []string{"session.status", "messages.update"}, Was: "https://n8n.example.com/webhook/6f1c-secret-path"}); err != nil {
		t.Fatal(err)
	}
	checkRequest(t, s.only(t), want{method: "PUT", path: "/api/whatsapp-sessions/1", auth: testPAT,
		body: `{"webhook_url":"https://console.example.com/hook","webhook_enabled":true,"webhook_events":["session.status","messages.update"]}`})
	if len(muts) != 1 || muts[0].Action != "set webhook" || muts[0].Target != "1: webhook to console.example.com (was n8n.example.com)" {
		t.Errorf("audited %+v", muts)
	}
	s.file("PUT /api/whatsapp-sessions/2", "session_update.json")
	if _, err := c.SetWebhook(context.Background(), "2", Webhook{URL: "https://console.example.com/hook"}); err != nil {
		t.Fatal(err)
	}
	reqs := s.requests()
	if r := reqs[len(reqs)-1]; !strings.Contains(r.Body, `"webhook_events":[]`) || muts[1].Target != "2: webhook to console.example.com (was none)" {
		t.Errorf("body %s, audited %+v", r.Body, muts[1])
	}
}

func TestDeleteSession204(t *testing.T) {
	s, c := sessionsClient(t)
	s.handle("DELETE /api/whatsapp-sessions/7", func(*http.Request, int) reply { return reply{status: http.StatusNoContent} })
	if err := c.DeleteSession(context.Background(), "7"); err != nil {
		t.Fatal(err)
	}
	checkRequest(t, s.only(t), want{method: "DELETE", path: "/api/whatsapp-sessions/7", auth: testPAT})
}

func TestConnectSession(t *testing.T) {
	cases := []struct {
		name, fixture, linkMethod, body string
		check                           func(t *testing.T, r ConnectResult)
	}{
		{"need scan", "connect_need_scan.json", "", `{}`, func(t *testing.T, r ConnectResult) {
			if !r.Status.Is(StatusNeedScan) || r.QRCode != "2@DTMUHeYfa9/RMXr8A2IP3/..." || r.Passkey != nil {
				t.Errorf("result = %+v", r)
			}
		}},
		{"need passkey", "connect_need_passkey.json", "passkey", `{"linkMethod":"passkey"}`, func(t *testing.T, r ConnectResult) {
			if !r.Status.Is(StatusNeedPasskey) || r.QRCode != "" || r.Passkey == nil {
				t.Fatalf("result = %+v", r)
			}
			if r.Passkey.Token != "temporary-passkey-token" || !r.Passkey.ExpiresAt.Equal(utc("2026-07-09T12:30:00Z")) {
				t.Errorf("passkey = %+v", *r.Passkey)
			}
		}},
		{"connected", "connect_connected.json", "", `{}`, func(t *testing.T, r ConnectResult) {
			if !r.Status.Is(StatusConnected) || r.QRCode != "" || r.Message != "Session already initialized or connecting. No QR code needed." {
				t.Errorf("result = %+v", r)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, c := sessionsClient(t)
			s.file("POST /api/whatsapp-sessions/3/connect", tc.fixture)
			r, err := c.ConnectSession(context.Background(), "3", tc.linkMethod)
			if err != nil {
				t.Fatal(err)
			}
			checkRequest(t, s.only(t), want{method: "POST", path: "/api/whatsapp-sessions/3/connect", auth: testPAT, body: tc.body})
			tc.check(t, r)
		})
	}
}

func TestQRCode(t *testing.T) {
	s, c := sessionsClient(t)
	s.file("GET /api/whatsapp-sessions/3/qrcode", "qrcode.json")
	qr, err := c.QRCode(context.Background(), "3")
	if err != nil {
		t.Fatal(err)
	}
	checkRequest(t, s.only(t), want{method: "GET", path: "/api/whatsapp-sessions/3/qrcode", auth: testPAT})
	if qr != "2@DfzdTHeYfa9/RMXr8A2IP3/...." {
		t.Errorf("qr = %q", qr)
	}
}

func TestDisconnectSession(t *testing.T) {
	s, c := sessionsClient(t)
	s.file("POST /api/whatsapp-sessions/3/disconnect", "disconnect.json")
	r, err := c.DisconnectSession(context.Background(), "3")
	if err != nil {
		t.Fatal(err)
	}
	checkRequest(t, s.only(t), want{method: "POST", path: "/api/whatsapp-sessions/3/disconnect", auth: testPAT, body: `{}`})
	if !r.Status.Is(StatusDisconnected) || r.Message != "WhatsApp session disconnected successfully" {
		t.Errorf("result = %+v", r)
	}
}

func TestRestartSession(t *testing.T) {
	s, c := sessionsClient(t)
	s.file("POST /api/whatsapp-sessions/3/restart", "restart.json")
	msg, err := c.RestartSession(context.Background(), "3")
	if err != nil {
		t.Fatal(err)
	}
	checkRequest(t, s.only(t), want{method: "POST", path: "/api/whatsapp-sessions/3/restart", auth: testPAT, body: `{}`})
	if msg != "WhatsApp session restarted successfully." {
		t.Errorf("message = %q", msg)
	}
}

func TestRegenerateKeyTopLevelAndLearned(t *testing.T) {
	s, c := sessionsClient(t)
	s.file("POST /api/whatsapp-sessions/3/regenerate-key", "regenerate_key.json")
	s.file("GET /api/status", "status_connected.json")
	key, err := c.RegenerateKey(context.Background(), "3")
	if err != nil {
		t.Fatal(err)
	}
	checkRequest(t, s.only(t), want{method: "POST", path: "/api/whatsapp-sessions/3/regenerate-key", auth: testPAT, body: `{}`})
	if key != "new_whatsapp_api_key_abc456" {
		t.Fatalf("key = %q", key)
	}
	// The new key is used for the session at once, without a lookup.
	s.reset()
	if _, err := c.Session("3").Status(context.Background()); err != nil {
		t.Fatal(err)
	}
	checkRequest(t, s.only(t), want{method: "GET", path: "/api/status", auth: "new_whatsapp_api_key_abc456"})
}

func TestSessionLogs(t *testing.T) {
	s, c := sessionsClient(t)
	s.file("GET /api/whatsapp-sessions/1/session-logs", "session_logs.json")
	// Status is a message-log filter only; it must not be sent here.
	p, err := c.SessionLogs(context.Background(), "1", LogQuery{Page: 1, PerPage: 2, Status: "failed"})
	if err != nil {
		t.Fatal(err)
	}
	checkRequest(t, s.only(t), want{method: "GET", path: "/api/whatsapp-sessions/1/session-logs", auth: testPAT,
		query: url.Values{"page": {"1"}, "per_page": {"2"}}})
	if p.CurrentPage != 1 || p.LastPage != 3 || p.PerPage != 2 || p.Total != 6 || p.From != 1 || p.To != 2 {
		t.Errorf("paginator = %+v", p)
	}
	if p.NextPageURL != "/api/whatsapp-sessions/my-session-123/session-logs?page=2" {
		t.Errorf("next = %q", p.NextPageURL)
	}
	if len(p.Data) != 2 {
		t.Fatalf("%d entries", len(p.Data))
	}
	e0, e1 := p.Data[0], p.Data[1]
	if e0.ID != "201" || e0.SessionID != "1" || e0.EventType != "session_restarted" || !e0.Status.Is(StatusConnected) ||
		!e0.OccurredAt.Equal(utc("2025-09-23T12:00:00Z")) {
		t.Errorf("entry 0 = %+v", e0)
	}
	if e1.ID != "200" || e1.EventType != "status_change" || !e1.Status.Is(StatusNeedScan) ||
		!e1.OccurredAt.Equal(utc("2025-09-23T11:59:30Z")) {
		t.Errorf("entry 1 = %+v", e1)
	}
	if !strings.Contains(string(e0.Raw), `"session_restarted"`) || !strings.HasPrefix(string(e0.Raw), "{") {
		t.Errorf("raw = %s", e0.Raw)
	}
	if n, ok := e0.ID.Int(); !ok || n != 201 || !e1.ID.Less(e0.ID) {
		t.Errorf("id order: %v %v", e0.ID, e1.ID)
	}
}

func TestMessageLogs(t *testing.T) {
	s, c := sessionsClient(t)
	s.file("GET /api/whatsapp-sessions/1/message-logs", "message_logs.json")
	p, err := c.MessageLogs(context.Background(), "1", LogQuery{Page: 2, PerPage: 3, Status: "failed"})
	if err != nil {
		t.Fatal(err)
	}
	checkRequest(t, s.only(t), want{method: "GET", path: "/api/whatsapp-sessions/1/message-logs", auth: testPAT,
		query: url.Values{"page": {"2"}, "per_page": {"3"}, "status": {"failed"}}})
	if p.Total != 15 || p.LastPage != 5 || len(p.Data) != 3 {
		t.Fatalf("page = %+v", p)
	}
	m := p.Data[0]
	if m.ID != "1001" || m.SessionID != "501" || m.To != "+155501001234" || !m.Status.Is(StatusSent) || m.FailedReason != "" {
		t.Errorf("entry 0 = %+v", m)
	}
	if got := m.Content.Text(); got != "This is a sample message. Lorem ipsum dolor sit amet, consectetur adipiscing elit." {
		t.Errorf("content = %q", got)
	}
	if !m.CreatedAt.Equal(utc("2023-10-27T10:30:15Z")) || !m.UpdatedAt.Equal(utc("2023-10-27T10:30:17Z")) {
		t.Errorf("times = %v %v", m.CreatedAt, m.UpdatedAt)
	}
	f := p.Data[2]
	if f.ID != "1003" || !f.Status.Is(StatusFailed) || f.FailedReason != "invalid WhatsApp number" ||
		f.Content.Text() != "Just a test message to verify the connection." {
		t.Errorf("entry 2 = %+v", f)
	}
	if p.Data[1].Status != "in_progress" || !p.Data[1].CreatedAt.Equal(utc("2023-10-27T10:32:45Z")) {
		t.Errorf("entry 1 = %+v", p.Data[1])
	}
}

func TestStatusBare(t *testing.T) {
	for _, tc := range []struct{ fixture, want string }{
		{"status_connected.json", StatusConnected},
		{"status_need_passkey.json", StatusNeedPasskey},
	} {
		s, sc := keyClient(t)
		s.file("GET /api/status", tc.fixture)
		st, err := sc.Status(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		checkRequest(t, s.only(t), want{method: "GET", path: "/api/status", auth: "sess-key-1"})
		if st != Status(tc.want) {
			t.Errorf("status = %q, want %q", st, tc.want)
		}
	}
}

func TestUser(t *testing.T) {
	s, sc := keyClient(t)
	s.file("GET /api/user", "user.json")
	u, err := sc.User(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	checkRequest(t, s.only(t), want{method: "GET", path: "/api/user", auth: "sess-key-1"})
	if u.ID != "1234567890:42@s.whatsapp.net" || u.Name != "Your WhatsApp Name" || u.LID != "Your LID" || u.Phone() != "+1234567890" {
		t.Errorf("user = %+v phone %q", u, u.Phone())
	}
}

func TestContacts(t *testing.T) {
	s, sc := keyClient(t)
	s.file("GET /api/contacts", "contacts.json")
	list, err := sc.Contacts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	checkRequest(t, s.only(t), want{method: "GET", path: "/api/contacts", auth: "sess-key-1"})
	want := Contact{JID: "1234567890", Name: "Contact Name", Notify: "Contact Display Name", VerifiedName: "Verified Business Name",
		ImgURL: "https://profile.pic.url/image.jpg", Status: "Hey there! I am using WhatsApp."}
	if len(list) != 1 || list[0] != want {
		t.Fatalf("contacts = %+v", list)
	}
	if list[0].Phone() != "+1234567890" {
		t.Errorf("phone = %q", list[0].Phone())
	}
}

func TestContactsPage(t *testing.T) {
	s, sc := keyClient(t)
	s.file("GET /api/contacts", "contacts_paginated.json")
	p, err := sc.ContactsPage(context.Background(), 2, 20)
	if err != nil {
		t.Fatal(err)
	}
	checkRequest(t, s.only(t), want{method: "GET", path: "/api/contacts", auth: "sess-key-1",
		query: url.Values{"paginated": {"true"}, "page": {"2"}, "limit": {"20"}}})
	if len(p.Items) != 1 || p.Items[0].JID != "1234567890" || p.Items[0].Name != "Contact Name" {
		t.Errorf("items = %+v", p.Items)
	}
	if p.Pagination != (Pagination{Total: 41, Page: 2, Limit: 20, TotalPages: 3}) {
		t.Errorf("pagination = %+v", p.Pagination)
	}
}

func TestContactsPageServerIgnoresPaginated(t *testing.T) {
	s, sc := keyClient(t)
	s.file("GET /api/contacts", "contacts.json") // plain array despite paginated=true
	p, err := sc.ContactsPage(context.Background(), 1, 20)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 1 || p.Items[0].JID != "1234567890" {
		t.Errorf("items = %+v", p.Items)
	}
	if p.Pagination != (Pagination{Total: 1, Page: 1, Limit: 1, TotalPages: 1}) {
		t.Errorf("pagination = %+v: a plain array is one whole page", p.Pagination)
	}
}

func TestContactByIDField(t *testing.T) {
	s, sc := keyClient(t)
	s.file("GET /api/contacts/1234567890", "contact.json")
	c, err := sc.Contact(context.Background(), "+1 (234) 567-890")
	if err != nil {
		t.Fatal(err)
	}
	checkRequest(t, s.only(t), want{method: "GET", path: "/api/contacts/1234567890", auth: "sess-key-1"})
	want := Contact{JID: "1234567890@s.whatsapp.net", Name: "Contact Name", Notify: "Contact Display Name"}
	if c != want || c.Phone() != "+1234567890" {
		t.Errorf("contact = %+v", c)
	}
	// No digits: never GET /contacts/ (that is the whole address book).
	if _, err := sc.Contact(context.Background(), "nobody"); err == nil {
		t.Error("want an error for a number without digits")
	}
	if len(s.requests()) != 1 {
		t.Errorf("a request was sent for an empty number")
	}
}

func TestContactPicture(t *testing.T) {
	s, sc := keyClient(t)
	s.file("GET /api/contacts/1234567890/picture", "contact_picture.json")
	u, err := sc.ContactPicture(context.Background(), "1234567890@s.whatsapp.net")
	if err != nil {
		t.Fatal(err)
	}
	checkRequest(t, s.only(t), want{method: "GET", path: "/api/contacts/1234567890/picture", auth: "sess-key-1"})
	if u != "https://profile.pic.url/image.jpg" {
		t.Errorf("url = %q", u)
	}
}

func TestGroups(t *testing.T) {
	for _, tc := range []struct {
		fixture string
		want    Group
	}{
		{"groups.json", Group{JID: "123456789-987654321@g.us", Name: "Group Name"}},                  // docs: jid + name
		{"groups_sdk_ids.json", Group{JID: "120363025555555555@g.us", Name: "Ops On-Call", Size: 4}}, // SDK types: id + subject
	} {
		s, sc := keyClient(t)
		s.file("GET /api/groups", tc.fixture)
		list, err := sc.Groups(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		checkRequest(t, s.only(t), want{method: "GET", path: "/api/groups", auth: "sess-key-1"})
		if len(list) != 1 || list[0] != tc.want {
			t.Errorf("%s: groups = %+v", tc.fixture, list)
		}
	}
}

func TestGroupsPage(t *testing.T) {
	s, sc := keyClient(t)
	s.file("GET /api/groups", "groups_paginated.json")
	p, err := sc.GroupsPage(context.Background(), 1, 20)
	if err != nil {
		t.Fatal(err)
	}
	checkRequest(t, s.only(t), want{method: "GET", path: "/api/groups", auth: "sess-key-1",
		query: url.Values{"paginated": {"true"}, "page": {"1"}, "limit": {"20"}}})
	if len(p.Items) != 1 || p.Items[0] != (Group{JID: "123456789-987654321@g.us", Name: "Group Name"}) {
		t.Errorf("items = %+v", p.Items)
	}
	if p.Pagination != (Pagination{Total: 1, Page: 1, Limit: 20, TotalPages: 1}) {
		t.Errorf("pagination = %+v", p.Pagination)
	}
}

func TestGroupMetadataDocsShape(t *testing.T) {
	s, sc := keyClient(t)
	s.file("GET /api/groups/123456789-987654321@g.us/metadata", "group_metadata.json")
	m, err := sc.GroupMetadata(context.Background(), "123456789-987654321@g.us")
	if err != nil {
		t.Fatal(err)
	}
	checkRequest(t, s.only(t), want{method: "GET", path: "/api/groups/123456789-987654321@g.us/metadata", auth: "sess-key-1"})
	if m.JID != "123456789-987654321@g.us" || m.Subject != "Group Subject" || m.Desc != "Group Description" || m.Owner != "owner_id" {
		t.Errorf("metadata = %+v", m)
	}
	if !m.Creation.Equal(time.Unix(1678886400, 0)) || m.Size != 2 {
		t.Errorf("creation %v size %d", m.Creation, m.Size)
	}
	wantP := []Participant{{JID: "123456789", Role: "admin"}, {JID: "participant2", Role: ""}}
	if !reflect.DeepEqual(m.Participants, wantP) || !m.Participants[0].IsAdmin() || m.Participants[1].IsAdmin() {
		t.Errorf("participants = %+v", m.Participants)
	}
}

func TestGroupMetadataBaileysShape(t *testing.T) {
	s, sc := keyClient(t)
	s.file("GET /api/groups/120363025555555555@g.us/metadata", "group_metadata_baileys.json")
	m, err := sc.GroupMetadata(context.Background(), "120363025555555555@g.us")
	if err != nil {
		t.Fatal(err)
	}
	if m.JID != "120363025555555555@g.us" || m.Subject != "Ops On-Call" || m.Desc != "Pager rota and incident chatter" ||
		m.Owner != "111111111@lid" || m.Size != 3 || m.Restrict == nil || !bool(*m.Restrict) || m.Announce == nil || bool(*m.Announce) {
		t.Errorf("metadata = %+v", m)
	}
	if !m.Creation.Equal(time.Unix(1765257302, 0)) {
		t.Errorf("creation = %v", m.Creation)
	}
	wantP := []Participant{{"111111111@lid", "superadmin"}, {"222222222@lid", "admin"}, {"333333333@lid", ""}}
	if !reflect.DeepEqual(m.Participants, wantP) {
		t.Errorf("participants = %+v", m.Participants)
	}
}

func TestGroupParticipants(t *testing.T) {
	s, sc := keyClient(t)
	s.file("GET /api/groups/123456789-987654321@g.us/participants", "group_participants.json")
	ps, err := sc.GroupParticipants(context.Background(), "123456789-987654321@g.us")
	if err != nil {
		t.Fatal(err)
	}
	checkRequest(t, s.only(t), want{method: "GET", path: "/api/groups/123456789-987654321@g.us/participants", auth: "sess-key-1"})
	if !reflect.DeepEqual(ps, []Participant{{"123@lid", ""}, {"987@lid", "superadmin"}}) {
		t.Errorf("participants = %+v", ps)
	}
}

func TestGroupPicture(t *testing.T) {
	s, sc := keyClient(t)
	s.file("GET /api/groups/123456789-987654321@g.us/picture", "group_picture.json")
	u, err := sc.GroupPicture(context.Background(), "123456789-987654321@g.us")
	if err != nil {
		t.Fatal(err)
	}
	checkRequest(t, s.only(t), want{method: "GET", path: "/api/groups/123456789-987654321@g.us/picture", auth: "sess-key-1"})
	if u != "https://profile.pic.url/image.jpg" {
		t.Errorf("url = %q", u)
	}
}

func TestGroupInviteLinkTopLevel(t *testing.T) {
	s, sc := keyClient(t)
	s.file("GET /api/groups/123456789-987654321@g.us/invite-link", "group_invite_link.json")
	link, err := sc.GroupInviteLink(context.Background(), "123456789-987654321@g.us")
	if err != nil {
		t.Fatal(err)
	}
	checkRequest(t, s.only(t), want{method: "GET", path: "/api/groups/123456789-987654321@g.us/invite-link", auth: "sess-key-1"})
	if link != "https://chat.whatsapp.com/I8mjkHnC984Ubg3EVkzqxz" {
		t.Errorf("link = %q", link)
	}
}

func TestGroupInviteInfo(t *testing.T) {
	s, sc := keyClient(t)
	s.file("GET /api/groups/invite/SAMPLE_INVITE_CODE", "group_invite_info.json")
	m, err := sc.GroupInviteInfo(context.Background(), " https://chat.whatsapp.com/SAMPLE_INVITE_CODE ")
	if err != nil {
		t.Fatal(err)
	}
	checkRequest(t, s.only(t), want{method: "GET", path: "/api/groups/invite/SAMPLE_INVITE_CODE", auth: "sess-key-1"})
	if m.JID != "123456789-987654321@g.us" || m.Subject != "Official Project Group" || m.Size != 42 ||
		m.Desc != "This is the official group for project updates." || m.Owner != "1234567890@s.whatsapp.net" {
		t.Errorf("info = %+v", m)
	}
	if !m.Creation.Equal(time.Unix(1672531200, 0)) || len(m.Participants) != 2 || m.Participants[1].Role != "admin" {
		t.Errorf("info = %+v", m)
	}
}

func TestSendText(t *testing.T) {
	s, sc := keyClient(t)
	s.file("POST /api/send-message", "send_message.json")
	r, err := sc.SendText(context.Background(), " +1234567890 ", "Hello, this is your requested update.")
	if err != nil {
		t.Fatal(err)
	}
	checkRequest(t, s.only(t), want{method: "POST", path: "/api/send-message", auth: "sess-key-1",
		body: `{"to": "+1234567890", "text": "Hello, this is your requested update."}`})
	if r.MsgID != "100000" || r.JID != "+123456789" || !r.Status.Is(StatusInProgress) {
		t.Errorf("result = %+v", r)
	}
}

func TestMessageInfo(t *testing.T) {
	s, sc := keyClient(t)
	s.file("GET /api/messages/100000/info", "message_info.json")
	m, err := sc.MessageInfo(context.Background(), "100000")
	if err != nil {
		t.Fatal(err)
	}
	checkRequest(t, s.only(t), want{method: "GET", path: "/api/messages/100000/info", auth: "sess-key-1"})
	if m.RemoteJID != "123456789@s.whatsapp.net" || m.ID != "EN82FV0387IVR54JTE2R1" || m.MsgID != "100000" {
		t.Errorf("info = %+v", m)
	}
	if m.Key != (MessageKey{ID: "EN82FV0387IVR54JTE2R1", FromMe: true, RemoteJID: "123456789@s.whatsapp.net"}) {
		t.Errorf("key = %+v", m.Key)
	}
	if !m.Timestamp.Equal(time.Unix(1751297488, 0)) || m.Status != 2 || m.DeliveryStatus() != "sent" {
		t.Errorf("timestamp %v status %d %s", m.Timestamp, m.Status, m.DeliveryStatus())
	}
	if !strings.Contains(string(m.Message), `"stanzaId": "SNE5U4M5OSPWHXHN1WBGV"`) {
		t.Errorf("message = %s", m.Message)
	}
}

func TestPathSegmentsAreEscaped(t *testing.T) {
	// "@" and ":" stay raw as the Node SDK sends them; "/", "?" and " "
	// inside one segment are escaped so they cannot change the route.
	s, sc := keyClient(t)
	s.file("GET /api/groups/invite/a/b?c d", "group_invite_info.json")
	if _, err := sc.GroupInviteInfo(context.Background(), "a/b?c d"); err != nil {
		t.Fatal(err)
	}
	if got := s.only(t).RequestURI; got != "/api/groups/invite/a%2Fb%3Fc%20d" {
		t.Errorf("request URI = %s", got)
	}
}
