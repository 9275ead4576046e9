package serve

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
	"github.com/wasender-tui/wasender-tui/ui/common"
	gossh "golang.org/x/crypto/ssh"
)

// Keyring is the authorized_keys file: who may connect, and as what. A
// line whose options include role="operator" may act; any other line is a
// viewer. The file is read again when it changes, so removing a line
// revokes the key for new connections without a restart.
type Keyring struct {
	path string

	mu       sync.Mutex
	modTime  time.Time
	size     int64
	keys     map[string]Grant // by the key's wire form
	problems []string
}

// Grant is what an authorized key may do.
type Grant struct {
	Role        common.Role
	Comment     string
	Fingerprint string
}

// LoadKeyring reads path; it fails when the file cannot be read or
// authorizes no key, since a server nobody can enter is a mistake.
func LoadKeyring(path string) (*Keyring, error) {
	k := &Keyring{path: path}
	if err := k.reload(); err != nil {
		return nil, err
	}
	if len(k.keys) == 0 {
		return nil, fmt.Errorf("%s authorizes no key: add lines like\n  role=\"operator\" ssh-ed25519 AAAA… alice@laptop\n  ssh-ed25519 AAAA… bob@desk   (a viewer)", path)
	}
	return k, nil
}

// Problems are the lines that were skipped, with their line numbers.
func (k *Keyring) Problems() []string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return append([]string(nil), k.problems...)
}

// Lookup returns the grant of key. Call it with the key that actually
// authenticated (ssh.Session.PublicKey), never with one merely offered.
func (k *Keyring) Lookup(key ssh.PublicKey) (Grant, bool) {
	if key == nil {
		return Grant{}, false
	}
	_ = k.reload() // a vanished or broken file keeps the last good keys
	k.mu.Lock()
	defer k.mu.Unlock()
	g, ok := k.keys[string(key.Marshal())]
	return g, ok
}

func (k *Keyring) reload() error {
	fi, err := os.Stat(k.path)
	if err != nil {
		return fmt.Errorf("authorized keys: %w", err)
	}
	k.mu.Lock()
	unchanged := k.keys != nil && fi.ModTime().Equal(k.modTime) && fi.Size() == k.size
	k.mu.Unlock()
	if unchanged {
		return nil
	}
	data, err := os.ReadFile(k.path)
	if err != nil {
		return fmt.Errorf("authorized keys: %w", err)
	}
	keys, problems := parseAuthorizedKeys(k.path, data)
	k.mu.Lock()
	k.keys, k.problems, k.modTime, k.size = keys, problems, fi.ModTime(), fi.Size()
	k.mu.Unlock()
	return nil
}

func parseAuthorizedKeys(path string, data []byte) (map[string]Grant, []string) {
	keys := map[string]Grant{}
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
		g := Grant{Role: common.RoleViewer, Comment: comment, Fingerprint: gossh.FingerprintSHA256(pub)}
		for _, o := range options {
			name, value, _ := strings.Cut(o, "=")
			if strings.EqualFold(strings.TrimSpace(name), "role") && strings.Trim(strings.TrimSpace(value), `"`) == "operator" {
				g.Role = common.RoleOperator
			}
		}
		keys[string(pub.Marshal())] = g
	}
	return keys, problems
}

// HostKeyFingerprint is the SHA256 fingerprint operators compare when they
// first connect, or why it cannot be read.
func HostKeyFingerprint(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return "unreadable: " + err.Error()
	}
	signer, err := gossh.ParsePrivateKey(data)
	if err != nil {
		return "unreadable: " + err.Error()
	}
	return gossh.FingerprintSHA256(signer.PublicKey())
}
