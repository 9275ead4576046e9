package fake

import (
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

const maxRequestBody = 1 << 20

// Server is the fake WasenderAPI. It implements http.Handler; routes live
// under /api/. All methods are safe for concurrent use.
type Server struct {
	opts    Options
	seed    uint64
	traffic traffic

	mu       sync.Mutex // guards everything below
	last     time.Time  // the instant the world has been advanced to
	sessions map[int]*session
	order    []*session // by id
	byKey    map[string]*session
	limits   *limiter
	pending  []*messageLog // in_progress message logs, oldest first
	byMsgID  map[int]*messageLog
	ties     *rand.Rand // tie orders, churn and injected log errors

	nextSessionID    int
	nextSessionLogID int
	nextMessageLogID int
	nextMsgID        int

	hooks *webhooks // nil unless webhooks are sent

	defs []seedSession // the sessions the world was seeded with
}

// New builds the seeded world. Contacts and groups are generated on demand,
// so even 100,000 contacts per session cost nothing here.
func New(opts Options) *Server {
	opts = opts.withDefaults()
	s := &Server{
		opts:     opts,
		seed:     uint64(opts.Seed),
		sessions: map[int]*session{},
		byKey:    map[string]*session{},
		limits:   newLimiter(),
		byMsgID:  map[int]*messageLog{},
		ties:     newTieRand(uint64(opts.Seed)),
	}
	s.last = opts.Now()
	s.seedWorld(s.last)
	startWebhooks(s)
	return s
}

// defaultRule is the limit of endpoints without a published one.
func (s *Server) defaultRule() limitRule {
	r := ruleDefault
	r.limit = s.opts.DefaultLimit
	return r
}

// PersonalToken is the account token that /api/whatsapp-sessions* accept.
func (s *Server) PersonalToken() string { return s.opts.PersonalToken }

// SessionKeys maps each session id to its current api_key.
func (s *Server) SessionKeys() map[int]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	keys := make(map[int]string, len(s.sessions))
	for id, ss := range s.sessions {
		keys[id] = ss.apiKey
	}
	return keys
}

// Requests counts the requests seen whose path starts with pathPrefix.
func (s *Server) Requests(pathPrefix string) int { return s.traffic.count(pathPrefix) }

// FailNext makes the next `times` requests matching method ("" = any) and
// pathPrefix answer status with body; an empty body gives a non-JSON HTML
// error page like a proxy in front of the API would.
func (s *Server) FailNext(method, pathPrefix string, status int, body string, times int) {
	if times <= 0 {
		return
	}
	s.traffic.add(&failRule{method: method, pathPrefix: pathPrefix, status: status, body: body, times: times})
}

// ClearFailures ends every failure FailNext made that is still pending:
// the outage is over.
func (s *Server) ClearFailures() { s.traffic.clear() }

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.traffic.record(r)
	if s.opts.Latency > 0 {
		time.Sleep(s.opts.Latency)
	}
	rep, injected := s.traffic.injected(r)
	if !injected {
		body, _ := io.ReadAll(io.LimitReader(r.Body, maxRequestBody))
		rep = s.serve(r, body)
	}
	s.armReply(r, rep).write(w) // for HEAD, net/http drops the body itself
}

type call struct {
	r      *http.Request
	now    time.Time
	params []string
	body   []byte
	route  *route
	sess   *session // the session acted on: the key's owner or the one in the path
}

func (c *call) query(name string) string { return c.r.URL.Query().Get(name) }

func (s *Server) serve(r *http.Request, body []byte) (rep reply) {
	var now time.Time
	defer func() {
		if v := recover(); v != nil {
			rep = failMessage(http.StatusInternalServerError, msgServerError)
		}
		if rep.header.Get("X-RateLimit-Limit") == "" {
			def := s.defaultRule()
			limitState{rule: def, remaining: def.limit, reset: now.Add(def.per)}.stamp(&rep)
		}
		rep.setHeader("Cache-Control", "no-cache, private")
	}()
	now = s.opts.Now()

	segs, ok := splitPath(r)
	if !ok {
		return failMessage(http.StatusNotFound, msgNotFound)
	}
	rt, params, allowed := match(r.Method, segs)
	if rt == nil {
		if len(allowed) > 0 {
			return methodNotAllowed(r.Method, segs, allowed)
		}
		return failMessage(http.StatusNotFound, msgNotFound)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	now = s.advance(now)

	c := &call{r: r, now: now, params: params, body: body, route: rt}
	if rep, ok := s.authorize(c); !ok {
		return rep
	}
	rule := s.defaultRule()
	if rt.limit != nil {
		rule = *rt.limit
	}
	subject := "account"
	if c.sess != nil {
		subject = "session:" + strconv.Itoa(c.sess.id)
	}
	st := s.limits.take(limitKey{subject, rt.name}, rule, now)
	if !st.allowed {
		return st.tooMany()
	}
	if rt.connected && c.sess.status != statusConnected {
		rep = failMessage(http.StatusBadRequest, msgNotConnected)
	} else {
		rep = rt.handle(s, c)
	}
	if rep.header.Get("X-RateLimit-Limit") == "" {
		st.stamp(&rep)
	}
	return rep
}

// authorize applies the credential split of api-behaviour.md §2 and resolves
// the session the request acts on.
func (s *Server) authorize(c *call) (reply, bool) {
	token, present := bearerToken(c.r)
	if c.route.auth == authKey {
		if !present {
			return failMessage(http.StatusUnauthorized, msgKeyRequired), false
		}
		ss := s.byKey[token]
		if ss == nil {
			return failMessage(http.StatusUnauthorized, msgKeyInvalid), false
		}
		c.sess = ss
		return reply{}, true
	}
	if present && token == s.opts.PersonalToken {
		if c.route.inPath {
			if c.sess = s.sessionByParam(c.params[0]); c.sess == nil {
				return failError(http.StatusNotFound, msgSessionNotFound), false
			}
		}
		return reply{}, true
	}
	if present && c.route.auth == authPATOrOwner && !s.opts.PATOnly {
		if ss := s.sessionByParam(c.params[0]); ss != nil && ss.apiKey == token {
			c.sess = ss
			return reply{}, true
		}
	}
	return failMessage(http.StatusUnauthorized, msgUnauthenticated), false
}

func bearerToken(r *http.Request) (string, bool) {
	scheme, token, found := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	if !found || !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	token = strings.TrimSpace(token)
	return token, token != ""
}

// lockAndAdvance takes the world lock for a control call and brings the
// world up to the clock; the caller unlocks.
func (s *Server) lockAndAdvance() time.Time {
	s.mu.Lock()
	return s.advance(s.opts.Now())
}

func (s *Server) addSession(ss *session) {
	s.sessions[ss.id] = ss
	s.byKey[ss.apiKey] = ss
	s.order = append(s.order, ss)
	slices.SortFunc(s.order, func(a, b *session) int { return a.id - b.id })
}

func (s *Server) removeSession(ss *session) {
	delete(s.sessions, ss.id)
	delete(s.byKey, ss.apiKey)
	s.order = slices.DeleteFunc(s.order, func(x *session) bool { return x == ss })
	s.pending = slices.DeleteFunc(s.pending, func(m *messageLog) bool { return m.sessionID == ss.id })
	for _, m := range ss.messageLogs {
		delete(s.byMsgID, m.msgID)
	}
}

// rekey gives the session a new api_key; the old one stops working at once.
func (s *Server) rekey(ss *session) {
	delete(s.byKey, ss.apiKey)
	s.newKeys(ss)
	s.byKey[ss.apiKey] = ss
}
