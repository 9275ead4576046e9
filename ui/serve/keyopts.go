package serve

import (
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/wasender-tui/wasender-tui/ui/common"
)

// keyOptions are the options of one authorized_keys line that the server
// implements (sshd(8), AUTHORIZED_KEYS FILE FORMAT), plus our role=.
type keyOptions struct {
	role    common.Role
	from    *addrPolicy // nil: any address
	expires time.Time   // zero: never
	noPTY   bool
}

// Options that only take away what the server never offers (forwarding of
// ports, agents or X11, running ~/.ssh/rc): honoured as they stand.
var alwaysRestricted = map[string]bool{
	"no-port-forwarding": true, "no-agent-forwarding": true, "no-x11-forwarding": true, "no-user-rc": true,
}

// parseKeyOptions reads a line's options in order, as sshd does (so
// "restrict,pty" allows a terminal and "pty,restrict" does not). Any option
// the server does not implement refuses the whole line: a line that says
// command="…" or permitopen="…" means to limit its key in a way this server
// cannot, so the key gets nothing rather than more than was meant.
func parseKeyOptions(opts []string, loc *time.Location) (keyOptions, error) {
	o := keyOptions{role: common.RoleViewer}
	seen := map[string]bool{}
	for _, raw := range opts {
		name, value, hasValue := strings.Cut(raw, "=")
		name = strings.ToLower(strings.TrimSpace(name))
		if hasValue {
			value = unquote(value)
		}
		if seen[name] && (name == "role" || name == "from" || name == "expiry-time") {
			return o, fmt.Errorf("%s= is given twice", name)
		}
		seen[name] = true
		switch {
		case name == "role" && hasValue:
			switch value {
			case "operator":
				o.role = common.RoleOperator
			case "viewer":
				o.role = common.RoleViewer
			default:
				return o, fmt.Errorf("role=%q is not a role (operator or viewer)", value)
			}
		case name == "from" && hasValue:
			p, err := parseAddrPolicy(value)
			if err != nil {
				return o, fmt.Errorf("from=%q: %v", value, err)
			}
			o.from = p
		case name == "expiry-time" && hasValue:
			t, err := parseExpiry(value, loc)
			if err != nil {
				return o, fmt.Errorf("expiry-time=%q: %v", value, err)
			}
			o.expires = t
		case name == "restrict" && !hasValue, name == "no-pty" && !hasValue:
			o.noPTY = true
		case name == "pty" && !hasValue:
			o.noPTY = false
		case alwaysRestricted[name] && !hasValue:
		default:
			shown := name
			if hasValue {
				shown += "="
			}
			return o, fmt.Errorf("%s is not supported by this server", shown)
		}
	}
	return o, nil
}

// unquote strips the quotes of an option value and its escaped quotes.
func unquote(v string) string {
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		v = v[1 : len(v)-1]
	}
	return strings.ReplaceAll(v, `\"`, `"`)
}

// parseExpiry reads sshd's YYYYMMDD[HHMM[SS]] with an optional Z for UTC;
// without Z the time is the server's local time.
func parseExpiry(v string, loc *time.Location) (time.Time, error) {
	if s, ok := strings.CutSuffix(v, "Z"); ok {
		v, loc = s, time.UTC
	}
	layouts := map[int]string{8: "20060102", 12: "200601021504", 14: "20060102150405"}
	layout, ok := layouts[len(v)]
	if !ok {
		return time.Time{}, fmt.Errorf("want YYYYMMDD, YYYYMMDDHHMM or YYYYMMDDHHMMSS, optionally ending in Z for UTC")
	}
	t, err := time.ParseInLocation(layout, v, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("not a date: %v", err)
	}
	return t, nil
}

// addrPolicy is a from= pattern list: addresses, CIDR networks and
// wildcard patterns (* and ?), each possibly negated with "!". A client is
// allowed when some entry matches its address and no negated one does.
// Names are not looked up (sshd's default, UseDNS no), so a hostname
// pattern is matched against the address and never matches.
type addrPolicy struct {
	raw     string
	entries []addrEntry
	names   []string // hostname patterns, reported at load time
}

type addrEntry struct {
	neg    bool
	prefix netip.Prefix // valid for an address or a network
	glob   string       // otherwise, a wildcard pattern
}

func parseAddrPolicy(list string) (*addrPolicy, error) {
	p := &addrPolicy{raw: list}
	for _, item := range strings.Split(list, ",") {
		e := addrEntry{}
		item = strings.TrimSpace(item)
		if rest, ok := strings.CutPrefix(item, "!"); ok {
			e.neg, item = true, rest
		}
		switch {
		case item == "":
			return nil, fmt.Errorf("an empty pattern")
		case strings.Contains(item, "/"):
			pre, err := netip.ParsePrefix(item)
			if err != nil {
				return nil, fmt.Errorf("%s is not a network (like 192.0.2.0/24)", item)
			}
			if pre.Masked() != pre {
				return nil, fmt.Errorf("%s has bits set beyond its mask length (the network is %s)", item, pre.Masked())
			}
			e.prefix = pre
		default:
			if a, err := netip.ParseAddr(item); err == nil {
				a = a.Unmap().WithZone("")
				e.prefix = netip.PrefixFrom(a, a.BitLen())
				break
			}
			e.glob = strings.ToLower(item)
			if strings.Trim(e.glob, "0123456789abcdef.:*?") != "" {
				p.names = append(p.names, item)
			}
		}
		p.entries = append(p.entries, e)
	}
	return p, nil
}

func (p *addrPolicy) allows(a netip.Addr) bool {
	a = a.Unmap().WithZone("")
	text := a.String()
	allowed := false
	for _, e := range p.entries {
		var match bool
		if e.prefix.IsValid() {
			match = e.prefix.Contains(a)
		} else {
			match = wildcard(e.glob, text)
		}
		if match && e.neg {
			return false
		}
		allowed = allowed || match
	}
	return allowed
}

// wildcard matches s against a pattern of * (any run) and ? (one byte).
func wildcard(pattern, s string) bool {
	for len(pattern) > 0 {
		switch pattern[0] {
		case '*':
			for i := len(s); i >= 0; i-- {
				if wildcard(pattern[1:], s[i:]) {
					return true
				}
			}
			return false
		case '?':
			if s == "" {
				return false
			}
		default:
			if s == "" || s[0] != pattern[0] {
				return false
			}
		}
		pattern, s = pattern[1:], s[1:]
	}
	return s == ""
}
