package fake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// With Options.Hostile the server is a hostile one: every string it
// serves, in every answer (errors too) and every webhook, carries terminal
// escapes, and every object gets one more member whose name and value
// carry them, for whoever shows objects whole. A client must show, copy
// and write all of it without a single control or bidi character.
//
// Strings a client uses or compares (ids, JIDs, keys and secrets, state
// words, event names, the pairing string) carry Bare payloads: control,
// bidi and format characters only, which leave exactly the original once
// cleaned, so the client still finds its sessions, keys and states and
// the test can go everywhere. Numeric ids become such strings too, and a
// null where a string may be (no picture, no proxy) a payload. Every
// other string carries a Sequence: an OSC title, a CSI clear-screen, a C1
// CSI and bidi overrides, before the original text; its printable rest
// names the field ("]0;pwn3fa2c [2J 31m Support Desk"), so a test can
// tell which fields it saw drawn (HostileFields). Timestamps and numbers in
// strings are left as they are.

// Bare is the payload around a string a client uses (see above).
const Bare = "\u202e\x1b\u009b\x07\u2066\u200e\u061c"

// Sequence is the payload put before a shown string, named by its mark.
func Sequence(mark string) string {
	return "\x1b]0;" + mark + "\a\x1b[2J\u202e\u009b31m\u2067\u200f\u00ad\x07"
}

// Mark is what names a shown field in its payload: "pwn" and five hex
// digits of a hash of where it is served, the same in every server and run.
func Mark(where string) string {
	h := fnv.New32a()
	h.Write([]byte(where))
	return fmt.Sprintf("pwn%05x", h.Sum32()&0xfffff)
}

// HostileField is a string field a hostile server has served.
type HostileField struct {
	Where string // the route or webhook event and the member's path: "sessions.show data.api_key"
	Mark  string // Mark(Where); "" for a Bare field
	Added bool   // a member the server added (its name or its value), not one of the API's
}

// served is every field hostile servers of this process have served: a
// record for tests, which may run several servers.
var served struct {
	sync.Mutex
	fields map[string]string // Where -> Mark, "" when Bare
}

// HostileFields lists the string fields served with payloads so far, by
// every hostile server of the process, sorted by Where.
func HostileFields() []HostileField {
	served.Lock()
	defer served.Unlock()
	out := make([]HostileField, 0, len(served.fields))
	for where, mark := range served.fields {
		added := strings.HasSuffix(where, "."+extraKey) || strings.HasSuffix(where, " "+extraKey) || strings.HasSuffix(where, "(name)")
		out = append(out, HostileField{Where: where, Mark: mark, Added: added})
	}
	slices.SortFunc(out, func(a, b HostileField) int { return strings.Compare(a.Where, b.Where) })
	return out
}

// bareKeys are the members whose values a client uses or compares.
var bareKeys = map[string]bool{
	"id": true, "jid": true, "remoteJid": true, "msgId": true, "whatsapp_session_id": true, "user_id": true,
	"owner": true, "participant": true, "lid": true, "api_key": true, "webhook_secret": true, "token": true,
	"status": true, "qrCode": true, "event": true, "sessionId": true, "session_id": true, "admin": true,
}

// idKeys are the members whose numbers become strings.
var idKeys = map[string]bool{"id": true, "msgId": true, "whatsapp_session_id": true, "user_id": true}

// nullStrings are members that are strings when not null.
var nullStrings = map[string]bool{"imgUrl": true, "webhook_url": true, "proxy_url": true, "failed_reason": true,
	"desc": true, "notify": true, "verifiedName": true, "name": true, "phone_number": true}

// extraKey is the member added to every object.
const extraKey = "hostile"

var (
	timestamp = regexp.MustCompile(`^\d{4}-\d\d-\d\d[T ]\d\d:\d\d`)
	number    = regexp.MustCompile(`^-?[0-9.]+$`)
)

// armReply puts payloads into a JSON answer to r.
func (s *Server) armReply(r *http.Request, rep reply) reply {
	if !s.opts.Hostile || rep.contentType != "application/json" || len(rep.body) == 0 {
		return rep
	}
	where := "injected"
	if segs, ok := splitPath(r); ok {
		if rt, _, _ := match(r.Method, segs); rt != nil {
			where = rt.name
		}
	}
	rep.body = Arm(where, rep.body)
	return rep
}

// Arm returns the JSON document body with the hostile server's payloads
// in it, as it arms every answer and webhook; where names what it is in
// HostileFields. For tests that deliver hostile webhooks themselves.
func Arm(where string, body []byte) []byte {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return body
	}
	return encodeJSON(armValue(where, "", "", v))
}

func armValue(where, path, key string, v any) any {
	switch v := v.(type) {
	case map[string]any:
		array := false
		for k, x := range v {
			v[k] = armValue(where, path+"."+k, k, x)
			_, isList := x.([]any)
			array = array || isList
		}
		extra := any(Sequence(field(where, path+"."+extraKey, false)) + "value")
		if array { // beside lists of strings (422 errors), a list of one
			extra = []any{extra}
		}
		v[Sequence(field(where, path+".(name)", false))+extraKey] = extra
		return v
	case []any:
		for i, x := range v {
			v[i] = armValue(where, path, key, x)
		}
		return v
	case json.Number:
		if idKeys[key] { // ids as strings
			return armString(where, path, key, v.String())
		}
		return v
	case string:
		return armString(where, path, key, v)
	case nil:
		if nullStrings[key] { // a string the server has none of: one all the same
			return armString(where, path, key, "")
		}
	}
	return v
}

func armString(where, path, key, v string) string {
	trimmed := strings.TrimSpace(v)
	switch {
	case bareKeys[key]:
		field(where, path, true)
		return Bare + v + Bare
	case timestamp.MatchString(v), trimmed != "" && number.MatchString(trimmed):
		return v
	case strings.HasPrefix(trimmed, "{") && json.Valid([]byte(trimmed)):
		return string(Arm(where+" "+strings.TrimPrefix(path, "."), []byte(trimmed))) // a JSON document in a string (message content)
	}
	return Sequence(field(where, path, false)) + v
}

// field records where+path as served and returns its mark.
func field(where, path string, bare bool) string {
	id := where + " " + strings.TrimPrefix(path, ".")
	mark := ""
	if !bare {
		mark = Mark(id)
	}
	served.Lock()
	defer served.Unlock()
	if served.fields == nil {
		served.fields = map[string]string{}
	}
	served.fields[id] = mark
	return mark
}
