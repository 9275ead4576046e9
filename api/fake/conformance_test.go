package fake

import (
	"encoding/json"
	"net/http"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// conformanceCase requests the fake and compares the answer with one
// documented example body (testdata/<file>).
type conformanceCase struct {
	file   string
	source string // where the example text comes from
	opts   Options
	status int
	do     func(h *harness) response
	rules  shapeRules
	exact  bool                     // the example is a fixed message: bodies must be equal
	fixed  map[string]any           // path -> value the shape demands
	also   func(*harness, response) // further checks
}

// Contact fields may be null: the contact-info example shows null for
// verifiedName, imgUrl and status, and name/notify are unset for numbers that
// are not in the address book.
var contactNullable = []string{"name", "notify", "verifiedName", "imgUrl", "status"}

func prefixed(prefix string, keys []string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = prefix + k
	}
	return out
}

// firstContact returns the digits of session 11's first contact.
func firstContact(h *harness) string {
	body := h.get("/api/contacts?paginated=true&limit=1", h.key(supportDesk), 200)
	return dig(h.t, body, "data", "items", 0, "jid").(string)
}

func firstGroup(h *harness, id int) string {
	body := h.get("/api/groups?paginated=true&limit=1", h.key(id), 200)
	return dig(h.t, body, "data", "items", 0, "jid").(string)
}

// adminGroup finds a group of session 11 whose invite link the session may read.
func adminGroup(h *harness) (jid string, link response) {
	body := h.get("/api/groups", h.key(supportDesk), 200)
	for _, g := range body["data"].([]any) {
		jid = g.(map[string]any)["jid"].(string)
		if link = h.do("GET", "/api/groups/"+jid+"/invite-link", h.key(supportDesk), nil); link.status == 200 {
			return jid, link
		}
	}
	h.t.Fatal("no group where session 11 is admin")
	return "", response{}
}

var validCreateBody = map[string]any{
	"name": "Night Shift", "phone_number": "+4917612345678", "account_protection": true, "log_messages": true,
	"read_incoming_messages": false, "webhook_url": "https://example.com/webhook", "webhook_enabled": true,
	"webhook_events": []string{"messages.received", "session.status", "messages.update"},
}

var conformanceCases = []conformanceCase{
	{file: "session_details.json", source: "LLMS details (api-behaviour §1.1); SEED #31", status: 200,
		do: func(h *harness) response { return h.do("GET", "/api/whatsapp-sessions/11", h.pat(), nil) },
		// read_incoming_messages is in the create and update examples
		rules: shapeRules{extra: []string{"data.read_incoming_messages"}}},
	{file: "session_list.json", source: "wasenderapi.com get-all-whatsapp-sessions (paraphrased in api-behaviour §1.1)", status: 200,
		do:    func(h *harness) response { return h.do("GET", "/api/whatsapp-sessions", h.pat(), nil) },
		rules: shapeRules{extra: []string{"data.[].read_incoming_messages"}},
		also: func(h *harness, r response) {
			if !strings.Contains(string(r.body), `"status":"DISCONNECTED"`) {
				h.t.Error("the list spells a disconnected session DISCONNECTED, as the example does")
			}
		}},
	{file: "session_create.json", source: "LLMS create; SEED #52", status: 200,
		do: func(h *harness) response { return h.do("POST", "/api/whatsapp-sessions", h.pat(), validCreateBody) }},
	{file: "session_update.json", source: "SEED #30", status: 200,
		do: func(h *harness) response {
			return h.do("PUT", "/api/whatsapp-sessions/11", h.pat(), map[string]any{"name": "Support Desk EU"})
		},
		fixed: map[string]any{"data.name": "Support Desk EU"}},
	{file: "connect_need_scan.json", source: "LLMS connect; SEED #40", status: 200,
		do:    func(h *harness) response { return h.do("POST", "/api/whatsapp-sessions/15/connect", h.pat(), "{}") },
		fixed: map[string]any{"data.status": "NEED_SCAN"},
		also: func(h *harness, r response) {
			qr := dig(h.t, r.json(h.t), "data", "qrCode").(string)
			if !strings.HasPrefix(qr, "2@") || strings.Count(qr, ",") != 3 || len(qr) < 200 || len(qr) > 260 {
				h.t.Errorf("pairing string does not look like WhatsApp's: %q (%d bytes)", qr, len(qr))
			}
		}},
	{file: "connect_need_passkey.json", source: "LLMS connect", status: 200,
		do: func(h *harness) response {
			return h.do("POST", "/api/whatsapp-sessions/16/connect", h.pat(), map[string]any{"linkMethod": "passkey"})
		},
		fixed: map[string]any{"data.status": "NEED_PASSKEY"}},
	{file: "connect_connected.json", source: "LLMS connect", status: 200, exact: true,
		do: func(h *harness) response { return h.do("POST", "/api/whatsapp-sessions/11/connect", h.pat(), nil) }},
	{file: "connect_no_subscription.json", source: "LLMS connect", status: 403, exact: true, opts: Options{NoSubscription: true},
		do: func(h *harness) response { return h.do("POST", "/api/whatsapp-sessions/15/connect", h.pat(), nil) }},
	{file: "qrcode.json", source: "SEED #57", status: 200,
		do: func(h *harness) response { return h.do("GET", "/api/whatsapp-sessions/14/qrcode", h.pat(), nil) }},
	{file: "status.json", source: "LLMS status; SEED #23", status: 200, exact: true,
		do: func(h *harness) response { return h.do("GET", "/api/status", h.key(supportDesk), nil) }},
	{file: "user.json", source: "SEED #9", status: 200,
		do: func(h *harness) response { return h.do("GET", "/api/user", h.key(supportDesk), nil) }},
	{file: "session_logs.json", source: "LLMS session-logs; SEED #27", status: 200,
		do: func(h *harness) response {
			return h.do("GET", "/api/whatsapp-sessions/11/session-logs?per_page=2", h.pat(), nil)
		},
		fixed: map[string]any{"data.per_page": json.Number("2"), "data.from": json.Number("1"), "data.to": json.Number("2"),
			"data.first_page_url": "/api/whatsapp-sessions/11/session-logs?page=1",
			"data.next_page_url":  "/api/whatsapp-sessions/11/session-logs?page=2",
			"data.path":           "/api/whatsapp-sessions/11/session-logs"}},
	{file: "session_not_found.json", source: "LLMS session-logs", status: 404, exact: true,
		do: func(h *harness) response { return h.do("GET", "/api/whatsapp-sessions/999/session-logs", h.pat(), nil) }},
	{file: "message_logs.json", source: "LLMS message-logs; SEED #38", status: 200,
		do: func(h *harness) response {
			return h.do("GET", "/api/whatsapp-sessions/11/message-logs?per_page=3", h.pat(), nil)
		},
		fixed: map[string]any{"data.per_page": json.Number("3"), "data.current_page": json.Number("1")}},
	{file: "contacts_list.json", source: "SEED #48", status: 200,
		do:    func(h *harness) response { return h.do("GET", "/api/contacts", h.key(supportDesk), nil) },
		rules: shapeRules{nullable: prefixed("data.[].", contactNullable)}},
	{file: "contacts_paginated.json", source: "items: SEED #48; pagination: LLMS groups (contacts tab not captured)", status: 200,
		do: func(h *harness) response {
			return h.do("GET", "/api/contacts?paginated=true", h.key(supportDesk), nil)
		},
		rules: shapeRules{nullable: prefixed("data.items.[].", contactNullable)},
		fixed: map[string]any{"data.pagination.limit": json.Number("20"), "data.pagination.page": json.Number("1")}},
	{file: "contact_info.json", source: "api-behaviour §1.4 (reconstructed)", status: 200,
		do: func(h *harness) response {
			return h.do("GET", "/api/contacts/"+firstContact(h), h.key(supportDesk), nil)
		},
		rules: shapeRules{nullable: prefixed("data.", contactNullable)}},
	{file: "contact_picture.json", source: "SEED #7 / #51", status: 200,
		do: func(h *harness) response {
			return h.do("GET", "/api/contacts/"+firstContact(h)+"/picture", h.key(supportDesk), nil)
		},
		// imgUrl is string|null (api-behaviour §1.4)
		rules: shapeRules{nullable: []string{"data.imgUrl"}}},
	{file: "groups_list.json", source: "LLMS groups", status: 200,
		do: func(h *harness) response { return h.do("GET", "/api/groups", h.key(supportDesk), nil) }},
	{file: "groups_paginated.json", source: "LLMS groups", status: 200,
		do: func(h *harness) response {
			return h.do("GET", "/api/groups?paginated=true", h.key(supportDesk), nil)
		},
		fixed: map[string]any{"data.pagination.limit": json.Number("20")}},
	{file: "group_metadata.json", source: "wasenderapi.com get-group-metadata (paraphrased in api-behaviour §1.5)", status: 200,
		do: func(h *harness) response {
			return h.do("GET", "/api/groups/"+firstGroup(h, supportDesk)+"/metadata", h.key(supportDesk), nil)
		}},
	{file: "group_participants.json", source: "api-behaviour §1.5 (reconstructed)", status: 200,
		do: func(h *harness) response {
			return h.do("GET", "/api/groups/"+firstGroup(h, supportDesk)+"/participants", h.key(supportDesk), nil)
		},
		also: func(h *harness, r response) {
			for _, p := range r.json(h.t)["data"].([]any) {
				p := p.(map[string]any)
				if admin, has := p["admin"]; has && admin != "admin" && admin != "superadmin" {
					h.t.Errorf("participant %v: admin %q", p["id"], admin)
				}
				if id := p["id"].(string); !strings.HasSuffix(id, "@lid") {
					h.t.Errorf("participant id %q is not a LID, unlike the example", id)
				}
			}
		}},
	{file: "group_picture.json", source: "SEED #50", status: 200,
		do: func(h *harness) response {
			return h.do("GET", "/api/groups/"+firstGroup(h, supportDesk)+"/picture", h.key(supportDesk), nil)
		},
		// the group list example shows imgUrl null
		rules: shapeRules{nullable: []string{"data.imgUrl"}}},
	{file: "group_invite_link.json", source: "SEED #10", status: 200,
		do: func(h *harness) response { _, link := adminGroup(h); return link },
		also: func(h *harness, r response) {
			if link := r.json(h.t)["inviteLink"].(string); !strings.HasPrefix(link, "https://chat.whatsapp.com/") {
				h.t.Errorf("inviteLink %q", link)
			}
		}},
	{file: "group_invite_info.json", source: "SEED #36", status: 200,
		do: func(h *harness) response {
			_, link := adminGroup(h)
			code := strings.TrimPrefix(link.json(h.t)["inviteLink"].(string), "https://chat.whatsapp.com/")
			return h.do("GET", "/api/groups/invite/"+code, h.key(supportDesk), nil)
		}},
	{file: "send_message.json", source: "SEED #16 (and #8)", status: 200,
		do: func(h *harness) response {
			return h.do("POST", "/api/send-message", h.key(salesEU), map[string]any{"to": "+" + firstContact(h), "text": "Hello"})
		},
		fixed: map[string]any{"data.status": "in_progress"}},
	{file: "message_info.json", source: "SEED #12", status: 200,
		do: func(h *harness) response {
			to := "+" + firstContact(h)
			first := h.do("POST", "/api/send-message", h.key(salesEU), map[string]any{"to": to, "text": "quoted"})
			quoted := dig(h.t, first.json(h.t), "data", "msgId")
			reply := h.do("POST", "/api/send-message", h.key(salesEU), map[string]any{"to": to, "text": "answer", "replyTo": quoted})
			h.clock.Advance(5 * time.Second)
			id := dig(h.t, reply.json(h.t), "data", "msgId").(float64)
			return h.do("GET", "/api/messages/"+strconv.Itoa(int(id))+"/info", h.key(salesEU), nil)
		},
		fixed: map[string]any{"data.key.fromMe": true, "data.status": json.Number("2"),
			"data.message.extendedTextMessage.contextInfo.quotedMessage.extendedTextMessage.text": "quoted"}},
	{file: "regenerate_key.json", source: "LLMS regenerate-key", status: 200,
		do: func(h *harness) response {
			return h.do("POST", "/api/whatsapp-sessions/11/regenerate-key", h.pat(), "{}")
		}},
	{file: "restart.json", source: "LLMS restart", status: 200, exact: true,
		do: func(h *harness) response { return h.do("POST", "/api/whatsapp-sessions/11/restart", h.pat(), nil) }},
	{file: "restart_not_connected.json", source: "LLMS restart", status: 400, exact: true,
		do: func(h *harness) response { return h.do("POST", "/api/whatsapp-sessions/15/restart", h.pat(), nil) }},
	{file: "disconnect.json", source: "LLMS disconnect", status: 200, exact: true,
		do: func(h *harness) response { return h.do("POST", "/api/whatsapp-sessions/12/disconnect", h.pat(), nil) }},
	{file: "validation_error.json", source: "LLMS error-responses; SEED #14", status: 422, exact: true,
		do: func(h *harness) response { return h.do("POST", "/api/send-message", h.key(salesEU), "{}") }},
	{file: "rate_limit_protection.json", source: "LLMS error-responses", status: 429, exact: true,
		do: func(h *harness) response {
			body := map[string]any{"to": "+" + firstContact(h), "text": "one"}
			if r := h.do("POST", "/api/send-message", h.key(supportDesk), body); r.status != 200 {
				h.t.Fatalf("first send: %d %s", r.status, r.body)
			}
			return h.do("POST", "/api/send-message", h.key(supportDesk), body)
		},
		also: func(h *harness, r response) {
			if got := r.header.Get("Retry-After"); got != "5" {
				h.t.Errorf("Retry-After %q, want 5", got)
			}
		}},
	{file: "unauthenticated.json", source: "SEED #17", status: 401, exact: true,
		do: func(h *harness) response { return h.do("GET", "/api/whatsapp-sessions", "", nil) }},
	{file: "api_key_required.json", source: "api-behaviour §2 (DUMP bearer-token page)", status: 401, exact: true,
		do: func(h *harness) response { return h.do("GET", "/api/status", "", nil) }},
	{file: "invalid_api_key.json", source: "LLMS error-responses", status: 401, exact: true,
		do: func(h *harness) response { return h.do("GET", "/api/groups", h.pat(), nil) }},
	{file: "not_connected.json", source: "LLMS error-responses", status: 400, exact: true,
		do: func(h *harness) response { return h.do("GET", "/api/user", h.key(fieldTeam), nil) }},
	{file: "session_limit.json", source: "LLMS create", status: 403, exact: true,
		do: func(h *harness) response {
			for i := range maxSessions - len(seedSessions) {
				body := map[string]any{"name": "Extra", "phone_number": "+4917000000" + strconv.Itoa(10+i), "account_protection": false, "log_messages": false}
				if r := h.do("POST", "/api/whatsapp-sessions", h.pat(), body); r.status != 200 {
					h.t.Fatalf("create %d: %d %s", i, r.status, r.body)
				}
			}
			return h.do("POST", "/api/whatsapp-sessions", h.pat(), validCreateBody)
		}},
	{file: "on_whatsapp.json", source: "api-behaviour §1.2 (docs example truncated)", status: 200, exact: true,
		do: func(h *harness) response {
			return h.do("GET", "/api/on-whatsapp/+"+firstContact(h), h.key(supportDesk), nil)
		}},
}

func TestConformanceWithDocumentedExamples(t *testing.T) {
	for _, tc := range conformanceCases {
		t.Run(strings.TrimSuffix(tc.file, ".json"), func(t *testing.T) {
			data, err := os.ReadFile("testdata/" + tc.file)
			if err != nil {
				t.Fatal(err)
			}
			example := decodeJSON(t, data)
			h := newHarness(t, tc.opts)
			r := tc.do(h)
			if r.status != tc.status {
				t.Fatalf("status %d, want %d\n%s", r.status, tc.status, r.body)
			}
			if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q", ct)
			}
			got := decodeJSON(t, r.body)
			if tc.exact {
				if !reflect.DeepEqual(got, example) {
					t.Errorf("body differs from the documented one\n got: %s\nwant: %s", r.body, data)
				}
				return
			}
			checkShape(t, "", shapeOf(example), got, tc.rules)
			for path, want := range tc.fixed {
				if v, found := valueAt(got, path); !found || !reflect.DeepEqual(v, want) {
					t.Errorf("%s = %v, want %v", path, v, want)
				}
			}
			if tc.also != nil {
				tc.also(h, r)
			}
		})
	}
}

func TestDeleteSessionAnswers204WithEmptyBody(t *testing.T) {
	h := newHarness(t, Options{})
	r := h.do("DELETE", "/api/whatsapp-sessions/16", h.pat(), nil)
	if r.status != http.StatusNoContent || len(r.body) != 0 {
		t.Fatalf("DELETE: %d %q, want 204 and no body", r.status, r.body)
	}
	if r := h.do("GET", "/api/whatsapp-sessions/16", h.pat(), nil); r.status != 404 {
		t.Errorf("deleted session still answers %d", r.status)
	}
}
