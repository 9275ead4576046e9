package fake

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
)

type authKind int

const (
	authPAT        authKind = iota // the account personal access token
	authPATOrOwner                 // the PAT, or the api_key of the session named in the path
	authKey                        // a session api_key; the session is the key's owner
)

type route struct {
	method    string
	pattern   []string // "{}" is a parameter
	name      string   // rate-limit bucket
	auth      authKind
	inPath    bool       // params[0] is a session id
	connected bool       // answer "not connected" unless the session is connected
	limit     *limitRule // nil = ruleDefault
	handle    func(*Server, *call) reply
}

func segmentsOf(p string) []string { return strings.Split(p, "/") }

var routes = []route{
	{method: "GET", pattern: segmentsOf("whatsapp-sessions"), name: "sessions.index", auth: authPAT, handle: (*Server).listSessions},
	{method: "POST", pattern: segmentsOf("whatsapp-sessions"), name: "sessions.store", auth: authPAT, handle: (*Server).createSession},
	{method: "GET", pattern: segmentsOf("whatsapp-sessions/{}"), name: "sessions.show", auth: authPAT, inPath: true, handle: (*Server).showSession},
	{method: "PUT", pattern: segmentsOf("whatsapp-sessions/{}"), name: "sessions.update", auth: authPAT, inPath: true, handle: (*Server).updateSession},
	{method: "PATCH", pattern: segmentsOf("whatsapp-sessions/{}"), name: "sessions.update", auth: authPAT, inPath: true, handle: (*Server).updateSession},
	{method: "DELETE", pattern: segmentsOf("whatsapp-sessions/{}"), name: "sessions.destroy", auth: authPAT, inPath: true, handle: (*Server).deleteSession},
	{method: "POST", pattern: segmentsOf("whatsapp-sessions/{}/connect"), name: "sessions.connect", auth: authPAT, inPath: true, handle: (*Server).connectSession},
	{method: "GET", pattern: segmentsOf("whatsapp-sessions/{}/qrcode"), name: "sessions.qrcode", auth: authPAT, inPath: true, handle: (*Server).qrCodeOf},
	{method: "GET", pattern: segmentsOf("whatsapp-sessions/{}/passkey-token"), name: "sessions.passkey", auth: authPAT, inPath: true, handle: (*Server).passkeyTokenOf},
	{method: "POST", pattern: segmentsOf("whatsapp-sessions/{}/disconnect"), name: "sessions.disconnect", auth: authPATOrOwner, inPath: true, handle: (*Server).disconnectSession},
	{method: "POST", pattern: segmentsOf("whatsapp-sessions/{}/restart"), name: "sessions.restart", auth: authPATOrOwner, inPath: true, handle: (*Server).restartSession},
	{method: "POST", pattern: segmentsOf("whatsapp-sessions/{}/regenerate-key"), name: "sessions.regenerate", auth: authPATOrOwner, inPath: true, handle: (*Server).regenerateKey},
	{method: "GET", pattern: segmentsOf("whatsapp-sessions/{}/session-logs"), name: "sessions.session-logs", auth: authPATOrOwner, inPath: true, handle: (*Server).sessionLogsOf},
	{method: "GET", pattern: segmentsOf("whatsapp-sessions/{}/message-logs"), name: "sessions.message-logs", auth: authPATOrOwner, inPath: true, handle: (*Server).messageLogsOf},

	{method: "GET", pattern: segmentsOf("status"), name: "status", auth: authKey, handle: (*Server).statusOf},
	{method: "GET", pattern: segmentsOf("user"), name: "user", auth: authKey, connected: true, handle: (*Server).userOf},
	{method: "GET", pattern: segmentsOf("on-whatsapp/{}"), name: "on-whatsapp", auth: authKey, connected: true, limit: &ruleOnWhatsApp, handle: (*Server).onWhatsApp},
	{method: "POST", pattern: segmentsOf("send-message"), name: "send-message", auth: authKey, connected: true, limit: &ruleSendMessage, handle: (*Server).sendMessage},
	{method: "GET", pattern: segmentsOf("messages/{}/info"), name: "messages.info", auth: authKey, connected: true, handle: (*Server).messageInfo},

	{method: "GET", pattern: segmentsOf("contacts"), name: "contacts.index", auth: authKey, connected: true, handle: (*Server).listContacts},
	{method: "GET", pattern: segmentsOf("contacts/{}"), name: "contacts.show", auth: authKey, connected: true, handle: (*Server).showContact},
	{method: "GET", pattern: segmentsOf("contacts/{}/picture"), name: "contacts.picture", auth: authKey, connected: true, limit: &ruleContactPicture, handle: (*Server).contactPicture},

	{method: "GET", pattern: segmentsOf("groups"), name: "groups.index", auth: authKey, connected: true, handle: (*Server).listGroups},
	{method: "GET", pattern: segmentsOf("groups/invite/{}"), name: "groups.invite-info", auth: authKey, connected: true, handle: (*Server).inviteInfo},
	{method: "GET", pattern: segmentsOf("groups/{}/metadata"), name: "groups.metadata", auth: authKey, connected: true, limit: &ruleGroupMetadata, handle: (*Server).groupMetadata},
	{method: "GET", pattern: segmentsOf("groups/{}/participants"), name: "groups.participants", auth: authKey, connected: true, limit: &ruleGroupPartic, handle: (*Server).groupParticipants},
	{method: "GET", pattern: segmentsOf("groups/{}/picture"), name: "groups.picture", auth: authKey, connected: true, handle: (*Server).groupPicture},
	{method: "GET", pattern: segmentsOf("groups/{}/invite-link"), name: "groups.invite-link", auth: authKey, connected: true, handle: (*Server).groupInviteLink},
}

// splitPath returns the decoded segments after /api/. It splits the escaped
// path first so that "%40" and a raw "@" both arrive as "@" and an encoded
// "/" stays inside its segment.
func splitPath(r *http.Request) ([]string, bool) {
	p := r.URL.EscapedPath()
	if !strings.HasPrefix(p, "/api/") {
		return nil, false
	}
	p = strings.TrimSuffix(p[len("/api/"):], "/")
	if p == "" {
		return nil, false
	}
	segs := strings.Split(p, "/")
	for i, seg := range segs {
		u, err := url.PathUnescape(seg)
		if err != nil || u == "" {
			return nil, false
		}
		segs[i] = u
	}
	return segs, true
}

// match finds the route for method and segments; when only the method is
// wrong it returns the methods the path does accept.
func match(method string, segs []string) (*route, []string, []string) {
	if method == http.MethodHead {
		method = http.MethodGet
	}
	var allowed []string
	for i := range routes {
		rt := &routes[i]
		params, ok := matchPattern(rt.pattern, segs)
		if !ok {
			continue
		}
		if rt.method == method {
			return rt, params, nil
		}
		if !slices.Contains(allowed, rt.method) {
			allowed = append(allowed, rt.method)
		}
	}
	return nil, nil, allowed
}

func matchPattern(pattern, segs []string) ([]string, bool) {
	if len(pattern) != len(segs) {
		return nil, false
	}
	var params []string
	for i, p := range pattern {
		switch {
		case p == "{}":
			params = append(params, segs[i])
		case p != segs[i]:
			return nil, false
		}
	}
	return params, true
}

func methodNotAllowed(method string, segs []string, allowed []string) reply {
	msg := "The " + method + " method is not supported for route api/" + strings.Join(segs, "/") +
		". Supported methods: " + strings.Join(allowed, ", ") + "."
	r := failMessage(http.StatusMethodNotAllowed, msg)
	r.setHeader("Allow", strings.Join(allowed, ", "))
	return r
}
