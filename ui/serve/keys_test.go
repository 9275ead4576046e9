package serve_test

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/serve"
)

func ring(t *testing.T, text string) *serve.Keyring {
	t.Helper()
	path := filepath.Join(t.TempDir(), "authorized_keys")
	os.WriteFile(path, []byte(text), 0o600)
	r, err := serve.LoadKeyring(path)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func tcp(s string) net.Addr {
	a, err := net.ResolveTCPAddr("tcp", s)
	if err != nil {
		panic(err)
	}
	return a
}

var now = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// from= takes addresses, CIDR networks and wildcards, each possibly negated
// with "!" (sshd(8), AUTHORIZED_KEYS FILE FORMAT); a negated match refuses
// whatever else matches.
func TestFromPatterns(t *testing.T) {
	t.Parallel()
	k := newSigner(t)
	line := authorizedLine(k)
	for _, tc := range []struct {
		from  string
		addr  string
		allow bool
	}{
		{`192.0.2.1`, "192.0.2.1:4000", true},
		{`192.0.2.1`, "127.0.0.1:4000", false},
		{`10.0.0.0/8,!10.1.2.3`, "10.9.9.9:1", true},
		{`10.0.0.0/8,!10.1.2.3`, "10.1.2.3:1", false},
		{`10.0.0.0/8,!10.1.2.3`, "11.0.0.1:1", false},
		{`!10.1.2.3,10.0.0.0/8`, "10.1.2.3:1", false},
		{`127.0.0.*`, "127.0.0.1:1", true},
		{`127.0.0.?`, "127.0.0.12:1", false},
		{`*`, "203.0.113.9:1", true},
		{`*,!203.0.113.0/24`, "203.0.113.9:1", false},
		{`::1`, "[::1]:22", true},
		{`2001:db8::/32`, "[2001:db8::5]:22", true},
		{`2001:db8::/32`, "[2001:db9::5]:22", false},
		{`127.0.0.1`, "[::ffff:127.0.0.1]:22", true}, // IPv4-mapped
		{`*.example.com`, "192.0.2.1:1", false},      // names are not looked up
	} {
		r := ring(t, `from="`+tc.from+`",role="operator" `+line+"\n")
		g, err := r.Lookup(k.PublicKey(), tcp(tc.addr), now)
		if (err == nil) != tc.allow {
			t.Errorf("from=%q, client %s: allowed=%v (%v), want %v", tc.from, tc.addr, err == nil, err, tc.allow)
		}
		if err == nil && g.Role != common.RoleOperator {
			t.Errorf("from=%q: role %v", tc.from, g.Role)
		}
	}
}

func TestExpiryTime(t *testing.T) {
	t.Parallel()
	k := newSigner(t)
	line := authorizedLine(k)
	for _, tc := range []struct {
		spec  string
		allow bool
	}{
		{"20200101", false},
		{"20260301", false}, // midnight local (UTC here) has passed at noon
		{"202603011300Z", true},
		{"20260301115959Z", false},
		{"20270101", true},
	} {
		r := ring(t, `expiry-time="`+tc.spec+`" `+line+"\n")
		_, err := r.Lookup(k.PublicKey(), tcp("127.0.0.1:1"), now)
		if (err == nil) != tc.allow {
			t.Errorf("expiry-time=%s: allowed=%v (%v), want %v", tc.spec, err == nil, err, tc.allow)
		}
	}
}

func TestPTYOptions(t *testing.T) {
	t.Parallel()
	k := newSigner(t)
	line := authorizedLine(k)
	for opts, noPTY := range map[string]bool{
		"":                            false,
		"no-pty ":                     true,
		"restrict ":                   true,
		"restrict,pty ":               false,
		"pty,restrict ":               true,
		"restrict,pty,role=operator ": false,
		"no-port-forwarding,no-X11-forwarding,no-agent-forwarding,no-user-rc ": false,
	} {
		r := ring(t, opts+line+"\n")
		g, err := r.Lookup(k.PublicKey(), tcp("127.0.0.1:1"), now)
		if err != nil || g.NoPTY != noPTY {
			t.Errorf("%q: NoPTY=%v (%v), want %v", opts, g.NoPTY, err, noPTY)
		}
	}
}

// Options the server does not implement refuse the whole line, and the
// load says so with the line's number; its key gets nothing, even from a
// later line (fail closed).
func TestUnsupportedOptionsRefuseTheLine(t *testing.T) {
	t.Parallel()
	k, other := newSigner(t), newSigner(t)
	for _, opt := range []string{
		`command="/bin/date"`, `permitopen="host:80"`, `permitlisten="8080"`, `environment="A=1"`,
		`principals="a"`, `tunnel="0"`, `cert-authority`, `agent-forwarding`, `port-forwarding`,
		`X11-forwarding`, `user-rc`, `no-touch-required`, `verify-required`, `frobnicate`,
		`role="admin"`, `from="10.0.0.0/33"`, `from="10.0.0.1/8"`, `from=""`, `expiry-time="2026"`,
		`from="1.2.3.4",from="5.6.7.8"`,
	} {
		text := opt + " " + authorizedLine(k) + "\n" + authorizedLine(k) + "\n" + authorizedLine(other) + "\n"
		r := ring(t, text)
		if _, err := r.Lookup(k.PublicKey(), tcp("127.0.0.1:1"), now); err == nil {
			t.Errorf("%s: the key got in", opt)
		}
		if _, err := r.Lookup(other.PublicKey(), tcp("127.0.0.1:1"), now); err != nil {
			t.Errorf("%s: the other key was refused: %v", opt, err)
		}
		p := strings.Join(r.Problems(), "\n")
		if !strings.Contains(p, ":1: refused (its key cannot log in): ") || !strings.Contains(p, ":2: never used: the same key's line 1 is refused") {
			t.Errorf("%s: problems:\n%s", opt, p)
		}
	}
	r := ring(t, `command="/bin/date" `+authorizedLine(k)+"\n"+authorizedLine(other)+"\n")
	if p := r.Problems(); len(p) != 1 || !strings.Contains(p[0], "command= is not supported by this server") {
		t.Errorf("problems: %q", p)
	}
	// A refused line after a good one of the same key: the key still logs
	// in by the good one, and the warning says so.
	r = ring(t, authorizedLine(k)+"\n"+`command="/bin/date" `+authorizedLine(k)+"\n")
	if _, err := r.Lookup(k.PublicKey(), tcp("127.0.0.1:1"), now); err != nil {
		t.Errorf("the key's good first line: %v", err)
	}
	if p := r.Problems(); len(p) != 1 || !strings.Contains(p[0], ":2: refused (its key logs in only by line 1 before it): command= is not supported") {
		t.Errorf("problems: %q", p)
	}
}

// For a key listed more than once, the first line that allows the
// connection wins, as in sshd (the last one used to).
func TestFirstMatchingLineWins(t *testing.T) {
	t.Parallel()
	k := newSigner(t)
	line := authorizedLine(k)
	addr := tcp("127.0.0.1:1")
	if g, _ := ring(t, `role="operator" `+line+"\n"+line+"\n").Lookup(k.PublicKey(), addr, now); g.Role != common.RoleOperator || g.Line != 1 {
		t.Errorf("operator first: %+v", g)
	}
	if g, _ := ring(t, line+"\n"+`role="operator" `+line+"\n").Lookup(k.PublicKey(), addr, now); g.Role != common.RoleViewer || g.Line != 1 {
		t.Errorf("viewer first: %+v", g)
	}
	// A line whose from= does not match is passed over, as in sshd.
	r := ring(t, `from="10.0.0.0/8",role="operator" `+line+"\n"+line+"\n")
	if g, _ := r.Lookup(k.PublicKey(), tcp("10.2.3.4:1"), now); g.Role != common.RoleOperator {
		t.Errorf("from the office: %+v", g)
	}
	if g, _ := r.Lookup(k.PublicKey(), addr, now); g.Role != common.RoleViewer || g.Line != 2 {
		t.Errorf("from elsewhere: %+v", g)
	}
	r = ring(t, `expiry-time="20200101",role="operator" `+line+"\n")
	if _, err := r.Lookup(k.PublicKey(), addr, now); err == nil || !strings.Contains(err.Error(), "line 1 expired") {
		t.Errorf("expired: %v", err)
	}
}

func TestHostnamePatternsAreReported(t *testing.T) {
	t.Parallel()
	k := newSigner(t)
	r := ring(t, `from="*.corp.example,10.0.0.0/8" `+authorizedLine(k)+"\n")
	if p := r.Problems(); len(p) != 1 || !strings.Contains(p[0], "*.corp.example never match") {
		t.Errorf("problems: %q", p)
	}
}

func TestKeysFileThatIsAPipeIsRefused(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "keys")
	if err := mkfifo(path); err != nil {
		t.Skip(err)
	}
	if _, err := serve.LoadKeyring(path); err == nil || !strings.Contains(err.Error(), "named pipe") {
		t.Errorf("err = %v", err)
	}
}
