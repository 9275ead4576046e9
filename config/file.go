package config

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/wasender-tui/wasender-tui/api/webhook"
)

// fileConfig is a config file as read, then validated by decodeFile: the
// profiles as written, before one is chosen and the environment and token
// sources are applied.
type fileConfig struct {
	path string // "" when there is no file
	src  string
	mode fs.FileMode

	defaultProfile string
	profiles       []fileProfile // in file order
	serve          Serve
	health         Health
	events         Events
}

// fileProfile is a profile as written: Token is only the literal token.
type fileProfile struct {
	Profile
	tokenEnv     string
	tokenCommand string
	tokenKey     []string // path of the token source key
	tokenAt      position // where it is, for errors while resolving it
}

func (fc *fileConfig) names() []string {
	names := make([]string, len(fc.profiles))
	for i, p := range fc.profiles {
		names[i] = p.Name
	}
	return names
}

// holdsSecret reports a literal token, api_key, session key or a password
// in a base_url in the file.
func (fc *fileConfig) holdsSecret() bool {
	for _, p := range fc.profiles {
		if p.Token != "" || p.APIKey != "" || len(p.SessionKeys) > 0 || RedactURL(p.BaseURL) != p.BaseURL {
			return true
		}
	}
	return false
}

func (fc *fileConfig) find(name string) *fileProfile {
	for i := range fc.profiles {
		if fc.profiles[i].Name == name {
			return &fc.profiles[i]
		}
	}
	return nil
}

var (
	topLevelKeys = []string{"default_profile", "profiles", "serve", "health", "events"}
	profileKeys  = []string{"base_url", "token", "token_env", "token_command", "api_key", "session_keys",
		"poll_interval", "log_poll_interval", "hidden_log_poll", "log_buffer", "request_timeout",
		"log_backlog", "quiet_poll", "request_budget"}
	serveKeys = []string{"listen", "authorized_keys", "host_key", "idle_timeout", "max_session",
		"max_sessions", "audit_file", "login_grace_time", "max_unauthenticated"}
	healthKeys = []string{"window", "flapping_changes", "failing_rate", "failing_messages", "unreadable_reads"}
	eventsKeys = []string{"listen", "public_url", "forward"}
)

type fileDecoder struct {
	path  string
	pos   map[string]position // where keys are, for messages
	order map[string]int      // first appearance of each key path, for file order
	home  string
	dir   string // the config file's directory, for relative paths
	errs  ErrorList
}

// decodeFile validates a whole config file, reporting every problem found.
func decodeFile(fc *fileConfig, getenv func(string) string) (*fileConfig, error) {
	tree, md, problem := parseTOML(fc.path, fc.src)
	if problem != nil {
		return nil, problem
	}
	d := &fileDecoder{
		path:  fc.path,
		pos:   keyPositions(fc.src),
		order: keyOrder(md.Keys()),
		home:  homeDir(getenv),
		dir:   filepath.Dir(fc.path),
	}
	fc.serve = defaultServe(getenv)
	fc.health = defaultHealth()
	for _, key := range d.ordered(nil, tree) {
		path, v := []string{key}, tree[key]
		switch key {
		case "default_profile":
			fc.defaultProfile, _ = d.str(path, v)
		case "profiles":
			if t, ok := d.table(path, v, "a table of profiles like [profiles.NAME]"); ok {
				d.profiles(t, fc)
			}
		case "serve":
			if t, ok := d.table(path, v, "a table [serve]"); ok {
				d.serve(t, &fc.serve)
			}
		case "health":
			if t, ok := d.table(path, v, "a table [health]"); ok {
				d.health(t, &fc.health)
			}
		case "events":
			if t, ok := d.table(path, v, "a table [events]"); ok {
				d.events(t, &fc.events)
			}
		default:
			d.unknown(path, v, topLevelKeys)
		}
	}
	if name := fc.defaultProfile; name != "" && fc.find(name) == nil {
		d.fail([]string{"default_profile"}, "default_profile: %s", unknownProfile(name, fc.names(), fc.path))
	}
	if err := d.errs.err(); err != nil {
		return nil, err
	}
	return fc, nil
}

func (d *fileDecoder) profiles(tbl map[string]any, fc *fileConfig) {
	for _, name := range d.ordered([]string{"profiles"}, tbl) {
		path := []string{"profiles", name}
		t, ok := d.table(path, tbl[name], "a table "+displayTable(path))
		if !ok {
			continue
		}
		if strings.TrimSpace(name) == "" {
			d.fail(path, "%s: a profile needs a name", displayTable(path))
			continue
		}
		fc.profiles = append(fc.profiles, d.profile(name, t))
	}
}

func (d *fileDecoder) profile(name string, tbl map[string]any) fileProfile {
	p := fileProfile{Profile: defaultProfile(name)}
	base := []string{"profiles", name}
	for _, key := range d.ordered(base, tbl) {
		path, v := concat(base, []string{key}), tbl[key]
		switch key {
		case "token", "token_env", "token_command":
			if p.tokenKey != nil {
				d.fail(path, "%s: %s already has %s%s; keep only one of token, token_env and token_command",
					key, displayTable(base), p.tokenKey[2], d.onLine(p.tokenKey))
				continue
			}
			p.tokenKey, p.tokenAt = path, d.pos[pathKey(path)]
			switch key {
			case "token":
				p.Token, _ = d.secret(path, v)
			case "token_env":
				p.tokenEnv, _ = d.envName(path, v)
			case "token_command":
				p.tokenCommand, _ = d.command(path, v)
			}
		case "api_key":
			p.APIKey, _ = d.secret(path, v)
		case "session_keys":
			if t, ok := d.table(path, v, "a table of session id = api key"); ok {
				d.sessionKeys(path, t, p.SessionKeys)
			}
		case "base_url":
			if u, ok := d.baseURL(path, v); ok {
				p.BaseURL = u
			}
		case "poll_interval":
			setIf(&p.PollInterval)(d.duration(path, v, pollSpan))
		case "log_poll_interval":
			setIf(&p.LogPollInterval)(d.duration(path, v, logPollSpan))
		case "hidden_log_poll":
			setIf(&p.HiddenLogPoll)(d.duration(path, v, hiddenLogSpan))
		case "request_timeout":
			setIf(&p.RequestTimeout)(d.duration(path, v, requestSpan))
		case "log_buffer":
			setIf(&p.LogBuffer)(d.integer(path, v, MinLogBuffer, MaxLogBuffer))
		case "log_backlog":
			setIf(&p.LogBacklog)(d.integer(path, v, MinLogBuffer, MaxLogBuffer))
		case "quiet_poll":
			setIf(&p.QuietPoll)(d.duration(path, v, quietPollSpan))
		case "request_budget":
			setIf(&p.RequestBudget)(d.number(path, v, MinRequestBudget, MaxRequestBudget))
		default:
			d.unknown(path, v, profileKeys)
		}
	}
	return p
}

func (d *fileDecoder) sessionKeys(base []string, tbl map[string]any, into map[string]string) {
	for _, id := range d.ordered(base, tbl) {
		path := concat(base, []string{id})
		if strings.TrimSpace(id) == "" {
			d.fail(path, "session_keys: a session id must not be empty")
			continue
		}
		if key, ok := d.secret(path, tbl[id]); ok {
			into[id] = key
		}
	}
}

func (d *fileDecoder) serve(tbl map[string]any, s *Serve) {
	for _, key := range d.ordered([]string{"serve"}, tbl) {
		path, v := []string{"serve", key}, tbl[key]
		switch key {
		case "listen":
			setIf(&s.Listen)(d.listen(path, v))
		case "authorized_keys":
			setIf(&s.AuthorizedKeys)(d.localPath(path, v))
		case "host_key":
			setIf(&s.HostKey)(d.localPath(path, v))
		case "audit_file":
			setIf(&s.AuditFile)(d.localPath(path, v))
		case "idle_timeout":
			setIf(&s.IdleTimeout)(d.duration(path, v, idleSpan))
		case "max_session":
			setIf(&s.MaxSession)(d.duration(path, v, maxSessionSpan))
		case "max_sessions":
			setIf(&s.MaxSessions)(d.integer(path, v, 1, 1<<31-1))
		case "login_grace_time":
			setIf(&s.LoginGraceTime)(d.duration(path, v, loginGraceSpan))
		case "max_unauthenticated":
			setIf(&s.MaxUnauthenticated)(d.integer(path, v, maxUnauthBounds[0], maxUnauthBounds[1]))
		default:
			d.unknown(path, v, serveKeys)
		}
	}
}

func (d *fileDecoder) health(tbl map[string]any, h *Health) {
	for _, key := range d.ordered([]string{"health"}, tbl) {
		path, v := []string{"health", key}, tbl[key]
		switch key {
		case "window":
			setIf(&h.Window)(d.duration(path, v, healthSpan))
		case "flapping_changes":
			setIf(&h.FlappingChanges)(d.integer(path, v, 1, 1000))
		case "failing_rate":
			setIf(&h.FailingRate)(d.rate(path, v))
		case "failing_messages":
			setIf(&h.FailingMessages)(d.integer(path, v, 1, 1_000_000))
		case "unreadable_reads":
			setIf(&h.UnreadableReads)(d.integer(path, v, 1, 100))
		default:
			d.unknown(path, v, healthKeys)
		}
	}
}

func (d *fileDecoder) events(tbl map[string]any, e *Events) {
	for _, key := range d.ordered([]string{"events"}, tbl) {
		path, v := []string{"events", key}, tbl[key]
		switch key {
		case "listen":
			setIf(&e.Listen)(d.eventsListen(path, v))
		case "public_url":
			setIf(&e.PublicURL)(d.publicURL(path, v))
		case "forward":
			setIf(&e.Forward)(d.publicURL(path, v))
		default:
			d.unknown(path, v, eventsKeys)
		}
	}
	if e.Forward != "" && e.Listen != "" {
		if err := webhook.CheckForward(e.Forward, e.Listen); err != nil {
			d.fail([]string{"events", "forward"}, "%s", err)
			e.Forward = ""
		}
	}
}

func (d *fileDecoder) unknown(path []string, v any, known []string) {
	var what string
	if _, isTable := v.(map[string]any); isTable {
		what = "unknown table " + displayTable(path)
	} else {
		what = fmt.Sprintf("unknown key %q", path[len(path)-1])
		if len(path) > 1 {
			what += " in " + displayTable(path[:len(path)-1])
		}
	}
	if guess := closest(path[len(path)-1], known); guess != "" {
		what += fmt.Sprintf(" (did you mean %s?)", guess)
	}
	d.fail(path, "%s", what)
}

func (d *fileDecoder) fail(path []string, format string, args ...any) {
	at := d.pos[pathKey(path)]
	d.errs = append(d.errs, &Error{File: d.path, Line: at.line, Col: at.col, Msg: oneLine(fmt.Sprintf(format, args...))})
}

func (d *fileDecoder) onLine(path []string) string {
	if at := d.pos[pathKey(path)]; at.line > 0 {
		return fmt.Sprintf(" (line %d)", at.line)
	}
	return ""
}

// ordered lists the keys of the table at base in file order, so problems
// and profiles come out in the order the user wrote them.
func (d *fileDecoder) ordered(base []string, tbl map[string]any) []string {
	keys := make([]string, 0, len(tbl))
	for k := range tbl {
		keys = append(keys, k)
	}
	rank := func(k string) int {
		if r, ok := d.order[pathKey(concat(base, []string{k}))]; ok {
			return r
		}
		return len(d.order)
	}
	sort.Slice(keys, func(i, j int) bool {
		ri, rj := rank(keys[i]), rank(keys[j])
		if ri != rj {
			return ri < rj
		}
		return keys[i] < keys[j]
	})
	return keys
}

// keyOrder ranks every key path, including implied parent tables, by its
// first appearance.
func keyOrder(keys []toml.Key) map[string]int {
	order := make(map[string]int, len(keys))
	for i, k := range keys {
		for n := 1; n <= len(k); n++ {
			pk := pathKey(k[:n])
			if _, seen := order[pk]; !seen {
				order[pk] = i
			}
		}
	}
	return order
}

func defaultServe(getenv func(string) string) Serve {
	in := func(dir, name string) string {
		if dir == "" {
			return ""
		}
		return filepath.Join(dir, name)
	}
	cfg := configDir(getenv)
	return Serve{
		Listen:         DefaultListen,
		AuthorizedKeys: in(cfg, "authorized_keys"),
		HostKey:        in(cfg, "ssh_host_ed25519"),
		AuditFile:      in(stateDir(getenv), "audit.log"),
		IdleTimeout:    DefaultIdleTimeout,
		MaxSession:     DefaultMaxSession,
		MaxSessions:    DefaultMaxSessions,

		LoginGraceTime:     DefaultLoginGraceTime,
		MaxUnauthenticated: DefaultMaxUnauthenticated,
	}
}

// setIf returns a setter that stores a value only when it was valid, so a
// bad value leaves the default in place.
func setIf[T any](dst *T) func(T, bool) {
	return func(v T, ok bool) {
		if ok {
			*dst = v
		}
	}
}

// closest suggests a known key within two edits of a mistyped one.
func closest(key string, known []string) string {
	best, bestDist := "", 3
	for _, k := range known {
		if dist := editDistance(key, k); dist < bestDist {
			best, bestDist = k, dist
		}
	}
	return best
}

func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 64
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
