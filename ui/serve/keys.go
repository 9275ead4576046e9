package serve

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
	"github.com/wasender-tui/wasender-tui/config"
	"github.com/wasender-tui/wasender-tui/ui/common"
	gossh "golang.org/x/crypto/ssh"
)

// maxKeysFile bounds what is read of the authorized keys file.
const maxKeysFile = 4 << 20

// Keyring is the authorized_keys file: who may connect, from where, until
// when, and as what. A line whose options include role="operator" may act;
// any other line is a viewer. For a key listed more than once the first
// line that allows the connection wins, as in sshd. The file is read again
// when it changes, so removing a line revokes the key for new connections
// without a restart.
type Keyring struct {
	path string
	loc  *time.Location                   // for expiry-time without Z
	warn func(format string, args ...any) // problems found on a reload

	mu       sync.Mutex
	modTime  time.Time
	size     int64
	keys     map[string][]keyLine // by the key's wire form, in file order
	problems []string
}

// keyLine is one line of the file.
type keyLine struct {
	n       int
	grant   Grant
	opts    keyOptions
	refused string // why the line is refused; then its key gets nothing
}

// Grant is what an authorized key may do, and which line said so.
type Grant struct {
	Role        common.Role
	Comment     string
	Fingerprint string
	Line        int  // of the authorized keys file
	NoPTY       bool // no-pty (or restrict without pty): no console
}

// LoadKeyring reads path; it fails when the file cannot be read or
// authorizes no key, since a server nobody can enter is a mistake.
func LoadKeyring(path string) (*Keyring, error) {
	k := &Keyring{path: path, loc: time.Local}
	if err := k.reload(); err != nil {
		return nil, err
	}
	for _, lines := range k.keys {
		for _, l := range lines {
			if l.refused == "" {
				return k, nil
			}
		}
	}
	return nil, fmt.Errorf("%s authorizes no key: add lines like\n  role=\"operator\" ssh-ed25519 AAAA… alice@laptop\n  ssh-ed25519 AAAA… bob@desk   (a viewer)", path)
}

// Problems are the lines that were skipped or refused, with their line
// numbers.
func (k *Keyring) Problems() []string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return append([]string(nil), k.problems...)
}

// ErrUnknownKey is the refusal of a key the file does not list.
var ErrUnknownKey = errors.New("the key is not in the authorized keys file")

// Lookup returns the grant of key for a client at addr at time now: that of
// the first line for key whose from= and expiry-time= allow it. A line the
// server refused (options it does not implement) ends the search: its key
// gets nothing. Call Lookup with the key that actually authenticated
// (ssh.Session.PublicKey), never with one merely offered.
func (k *Keyring) Lookup(key ssh.PublicKey, addr net.Addr, now time.Time) (Grant, error) {
	if key == nil {
		return Grant{}, ErrUnknownKey
	}
	_ = k.reload() // a vanished or broken file keeps the last good keys
	k.mu.Lock()
	lines := k.keys[string(key.Marshal())]
	k.mu.Unlock()
	if len(lines) == 0 {
		return Grant{}, ErrUnknownKey
	}
	ip := addrOf(addr)
	var why []string
	for _, l := range lines {
		switch {
		case l.refused != "":
			return Grant{}, fmt.Errorf("line %d is refused (%s)", l.n, l.refused)
		case !l.opts.expires.IsZero() && now.After(l.opts.expires):
			why = append(why, fmt.Sprintf("line %d expired at %s", l.n, l.opts.expires.Format(time.RFC3339)))
		case l.opts.from != nil && !(ip.IsValid() && l.opts.from.allows(ip)):
			why = append(why, fmt.Sprintf("line %d allows from=%q, not %s", l.n, l.opts.from.raw, ip))
		default:
			return l.grant, nil
		}
	}
	return Grant{}, errors.New(strings.Join(why, "; "))
}

func addrOf(a net.Addr) netip.Addr {
	if a == nil {
		return netip.Addr{}
	}
	if ap, err := netip.ParseAddrPort(a.String()); err == nil {
		return ap.Addr().Unmap()
	}
	if ip, err := netip.ParseAddr(a.String()); err == nil {
		return ip.Unmap()
	}
	return netip.Addr{}
}

func (k *Keyring) reload() error {
	if fi, err := os.Stat(k.path); err == nil {
		k.mu.Lock()
		unchanged := k.keys != nil && fi.ModTime().Equal(k.modTime) && fi.Size() == k.size
		k.mu.Unlock()
		if unchanged {
			return nil
		}
	}
	data, info, err := config.ReadRegularFile(k.path, maxKeysFile)
	if err != nil {
		return fmt.Errorf("authorized keys %s: %w", k.path, err)
	}
	keys, problems := parseAuthorizedKeys(k.path, data, k.loc)
	k.mu.Lock()
	first := k.keys == nil
	k.keys, k.problems, k.modTime, k.size = keys, problems, info.ModTime(), info.Size()
	k.mu.Unlock()
	if !first && k.warn != nil {
		for _, p := range problems {
			k.warn("authorized keys reloaded: %s", p)
		}
	}
	return nil
}

func parseAuthorizedKeys(path string, data []byte, loc *time.Location) (map[string][]keyLine, []string) {
	keys := map[string][]keyLine{}
	var problems []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		pub, comment, options, _, err := gossh.ParseAuthorizedKey([]byte(line))
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s:%d: skipped: %v", path, n, err))
			continue
		}
		wire := string(pub.Marshal())
		kl := keyLine{n: n, grant: Grant{Comment: comment, Fingerprint: gossh.FingerprintSHA256(pub), Line: n}}
		opts, err := parseKeyOptions(options, loc)
		if err != nil {
			kl.refused = err.Error()
		}
		switch earlier := firstRefused(keys[wire]); {
		case earlier > 0:
			problems = append(problems, fmt.Sprintf("%s:%d: never used: the same key's line %d is refused", path, n, earlier))
		case err != nil && len(keys[wire]) > 0: // the lines before it still let the key in
			problems = append(problems, fmt.Sprintf("%s:%d: refused (its key logs in only by line %d before it): %s", path, n, keys[wire][0].n, kl.refused))
		case err != nil:
			problems = append(problems, fmt.Sprintf("%s:%d: refused (its key cannot log in): %s", path, n, kl.refused))
		}
		if opts.from != nil && len(opts.from.names) > 0 {
			problems = append(problems, fmt.Sprintf("%s:%d: from= patterns %s never match: the server does not look names up, only addresses match",
				path, n, strings.Join(opts.from.names, ", ")))
		}
		kl.opts = opts
		kl.grant.Role, kl.grant.NoPTY = opts.role, opts.noPTY
		keys[wire] = append(keys[wire], kl)
	}
	return keys, problems
}

// firstRefused is the number of the first refused line among lines, or 0.
func firstRefused(lines []keyLine) int {
	for _, l := range lines {
		if l.refused != "" {
			return l.n
		}
	}
	return 0
}

// HostKeyFingerprint is the SHA256 fingerprint operators compare when they
// first connect, or why it cannot be read.
func HostKeyFingerprint(path string) string {
	data, _, err := config.ReadRegularFile(path, maxKeysFile)
	if err != nil {
		return "unreadable: " + err.Error()
	}
	signer, err := gossh.ParsePrivateKey(data)
	if err != nil {
		return "unreadable: " + err.Error()
	}
	return gossh.FingerprintSHA256(signer.PublicKey())
}
