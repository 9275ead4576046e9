package serve_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/creack/pty"
	gossh "golang.org/x/crypto/ssh"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/audit"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/serve"
	"github.com/wasender-tui/wasender-tui/ui/uitest"
)

type world struct {
	viewerPriv ed25519.PrivateKey
	addr       string
	srv        *serve.Server
	env        *uitest.Env
	audit      string
	hostKey    string
	operator   gossh.Signer
	viewer     gossh.Signer
	stranger   gossh.Signer
	keys       string // the authorized keys file
	keysPath   string
	mutations  atomic.Int32
	log        syncLog
}

// syncLog is the server's log, safe to read while it writes.
type syncLog struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *syncLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *syncLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func newSigner(t testing.TB) gossh.Signer {
	s, _ := newSignerKey(t)
	return s
}

func newSignerKey(t testing.TB) (gossh.Signer, ed25519.PrivateKey) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s, priv
}

// start serves the console of a demo API on loopback, with an operator
// key, a viewer key, and a stranger key that is not authorized.
func start(t testing.TB, o serve.Options) *world {
	t.Helper()
	return startKeys(t, o, func(operator, viewer string) string {
		return fmt.Sprintf("# the team\nrole=\"operator\" %s alice\n%s bob\nnot a key line\n", operator, viewer)
	})
}

// authorizedLine is a key as an authorized_keys line, without options.
func authorizedLine(s gossh.Signer) string {
	return strings.TrimSpace(string(gossh.MarshalAuthorizedKey(s.PublicKey())))
}

// startKeys is start with the authorized keys file that keys writes from
// the operator's and the viewer's key lines.
func startKeys(t testing.TB, o serve.Options, keys func(operator, viewer string) string) *world {
	t.Helper()
	dir := t.TempDir()
	w := &world{operator: newSigner(t), stranger: newSigner(t)}
	w.viewer, w.viewerPriv = newSignerKey(t)
	w.keys = keys(authorizedLine(w.operator), authorizedLine(w.viewer))
	keysPath := filepath.Join(dir, "authorized_keys")
	os.WriteFile(keysPath, []byte(w.keys), 0o600)
	w.keysPath = keysPath
	ring, err := serve.LoadKeyring(keysPath)
	if err != nil {
		t.Fatal(err)
	}
	w.env = uitest.New(t, fake.Options{Now: time.Now})
	w.audit = filepath.Join(dir, "audit.log")
	trail, err := audit.Open(w.audit)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { trail.Close() })
	hook := trail.Hook("test")
	client := w.env.ClientWith(t, api.Options{Token: w.env.Fake.PersonalToken(), OnMutation: func(m api.Mutation) {
		w.mutations.Add(1)
		hook(m)
	}})
	w.hostKey = filepath.Join(dir, "host", "ssh_host_ed25519")
	o.HostKeyPath, o.Keys = w.hostKey, ring
	if o.Log == nil {
		o.Log = &w.log
	}
	if o.NewContext == nil {
		o.NewContext = func(r *lipgloss.Renderer) *common.Context {
			c := common.NewContext(client, r)
			c.Profile, c.Audit = "test", trail
			return c
		}
	}
	w.srv, err = serve.New(o)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	w.addr = ln.Addr().String()
	go w.srv.Serve(ln)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		w.srv.Shutdown(ctx)
	})
	return w
}

func dial(addr, user string, auth ...gossh.AuthMethod) (*gossh.Client, error) {
	return gossh.Dial("tcp", addr, &gossh.ClientConfig{
		User: user, Auth: auth, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second,
	})
}

// console is one connected client with a terminal.
type console struct {
	t      testing.TB
	client *gossh.Client
	sess   *gossh.Session
	in     io.WriteCloser
	mu     sync.Mutex
	out    bytes.Buffer
	done   chan struct{}
}

func (c *console) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.out.Write(p)
}

func (c *console) text() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.out.String()
}

func (c *console) bytes() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.out.Len()
}

// waitFor waits until the output contains s.
func (c *console) waitFor(s string, d time.Duration) bool {
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		if strings.Contains(c.text(), s) {
			return true
		}
		time.Sleep(10 * time.Millisecond)
	}
	return false
}

// waitForAfter waits for s to appear in what the console drew after the
// first from bytes.
func (c *console) waitForAfter(from int, s string, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if t := c.text(); len(t) > from && strings.Contains(t[from:], s) {
			return true
		}
		time.Sleep(20 * time.Millisecond)
	}
	return false
}

func (c *console) send(keys string) {
	c.in.Write([]byte(keys))
}

func (c *console) close() {
	c.sess.Close()
	c.client.Close()
}

// open connects as user with auth, asks for a w x h terminal (env set
// first) and a shell.
func open(t testing.TB, addr, user string, w, h int, env map[string]string, auth ...gossh.AuthMethod) *console {
	t.Helper()
	client, err := dial(addr, user, auth...)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	sess, err := client.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	c := &console{t: t, client: client, sess: sess, done: make(chan struct{})}
	for k, v := range env {
		sess.Setenv(k, v)
	}
	sess.Stdout, sess.Stderr = c, c
	c.in, _ = sess.StdinPipe()
	if err := sess.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		t.Fatal(err)
	}
	go func() { sess.Wait(); close(c.done) }()
	t.Cleanup(c.close)
	return c
}

func TestAllowedKeySeesTheConsole(t *testing.T) {
	t.Parallel()
	w := start(t, serve.Options{})
	c := open(t, w.addr, "alice", 120, 40, nil, gossh.PublicKeys(w.operator))
	if !c.waitFor("Support Desk", 5*time.Second) {
		t.Fatalf("no console:\n%q", c.text())
	}
	if strings.Contains(c.text(), "(viewer)") {
		t.Error("an operator was drawn as a viewer")
	}
}

func TestUnknownKeyIsRefused(t *testing.T) {
	t.Parallel()
	w := start(t, serve.Options{})
	if _, err := dial(w.addr, "eve", gossh.PublicKeys(w.stranger)); err == nil || !strings.Contains(err.Error(), "unable to authenticate") {
		t.Fatalf("a stranger got in: %v", err)
	}
	// Passwords and keyboard-interactive are not offered at all.
	if _, err := dial(w.addr, "eve", gossh.Password("hunter2")); err == nil {
		t.Fatal("a password got in")
	}
}

func TestViewerCannotAct(t *testing.T) {
	t.Parallel()
	w := start(t, serve.Options{})
	c := open(t, w.addr, "bob", 120, 40, nil, gossh.PublicKeys(w.viewer))
	if !c.waitFor("Support Desk", 5*time.Second) || !strings.Contains(c.text(), "(viewer)") {
		t.Fatalf("no viewer console:\n%q", c.text())
	}
	c.send("R") // restart the connected session under the cursor
	if !c.waitFor("may not restart", 3*time.Second) {
		t.Fatalf("no refusal:\n%q", c.text())
	}
	c.send("y")
	time.Sleep(300 * time.Millisecond)
	if n := w.env.Fake.Requests("/api/whatsapp-sessions/11/restart"); n != 0 {
		t.Fatalf("a viewer's restart reached the API (%d requests)", n)
	}
	entries, _ := audit.Tail(w.audit, 10)
	if len(entries) == 0 || entries[len(entries)-1].Result != "refused: viewer" || !strings.HasPrefix(entries[len(entries)-1].Actor, "ssh:bob SHA256:") {
		t.Fatalf("audit: %+v", entries)
	}
}

func TestOperatorActionIsAudited(t *testing.T) {
	t.Parallel()
	w := start(t, serve.Options{})
	c := open(t, w.addr, "alice", 120, 40, nil, gossh.PublicKeys(w.operator))
	c.waitFor("Support Desk", 5*time.Second)
	c.send("R")
	c.waitFor("Restart Support Desk?", 3*time.Second)
	c.send("y")
	if !c.waitFor("restarted successfully", 3*time.Second) {
		t.Fatalf("no restart:\n%q", c.text())
	}
	entries, _ := audit.Tail(w.audit, 10)
	want := "ssh:alice " + gossh.FingerprintSHA256(w.operator.PublicKey())
	if len(entries) != 1 || entries[0].Actor != want || entries[0].Action != "restart session" || entries[0].Target != "11" || entries[0].Result != "ok" || entries[0].Profile != "test" {
		t.Fatalf("audit: %+v", entries)
	}
	if fi, _ := os.Stat(w.audit); fi.Mode().Perm() != 0o600 {
		t.Errorf("audit file mode %v", fi.Mode())
	}
}

// forged offers pub but signs with other.
type forged struct {
	pub   gossh.PublicKey
	other gossh.Signer
}

func (f forged) PublicKey() gossh.PublicKey { return f.pub }
func (f forged) Sign(r io.Reader, data []byte) (*gossh.Signature, error) {
	return f.other.Sign(r, data)
}

// The soft-serve advisories (CVE-2023-43809, GHSA-pchf-49fh-w34r): a
// server that takes identity from a key offered during authentication
// rather than the key that authenticated lets a viewer pose as an operator
// by offering the operator's public key first. Here OpenSSH offers the
// operator's public key (the server accepts the offer: the key is
// authorized) but cannot sign with it, then authenticates with the
// viewer's key: the console must be the viewer's.
func TestIdentityIsTheKeyThatAuthenticatedNotOneOffered(t *testing.T) {
	t.Parallel()
	sshBin, err := exec.LookPath("ssh")
	if err != nil {
		t.Skip("needs the OpenSSH client (ssh) to offer a key without signing with it")
	}
	w := start(t, serve.Options{})
	dir := t.TempDir()
	offered := filepath.Join(dir, "operator.pub") // the public half only
	os.WriteFile(offered, gossh.MarshalAuthorizedKey(w.operator.PublicKey()), 0o600)
	viewerKey := filepath.Join(dir, "viewer")
	block, err := gossh.MarshalPrivateKey(w.viewerPriv, "")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(viewerKey, pem.EncodeToMemory(block), 0o600)
	host, port, _ := net.SplitHostPort(w.addr)
	cmd := exec.Command(sshBin, "-v", "-tt", "-F", "/dev/null",
		"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "IdentitiesOnly=yes",
		"-o", "BatchMode=yes", "-o", "PasswordAuthentication=no",
		"-i", offered, "-i", viewerKey, "-p", port, "mallory@"+host)
	cmd.Env = append(os.Environ(), "SSH_AUTH_SOCK=", "TERM=xterm-256color")
	term, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: 120, Rows: 40})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait(); term.Close() })
	var out console
	go io.Copy(&out, term)
	stdin := term
	if !out.waitFor("Support Desk", 10*time.Second) {
		t.Fatalf("no console:\n%s", out.text())
	}
	if !strings.Contains(out.text(), "Server accepts key: "+offered) {
		t.Fatalf("the operator's key was not offered first:\n%s", out.text())
	}
	if !strings.Contains(out.text(), "(viewer)") {
		t.Fatal("offering the operator's key made the session an operator's")
	}
	stdin.Write([]byte("R"))
	if !out.waitFor("may not restart", 3*time.Second) {
		t.Fatal("the viewer could act")
	}
	entries, _ := audit.Tail(w.audit, 1)
	if len(entries) != 1 || entries[0].Actor != "ssh:mallory "+gossh.FingerprintSHA256(w.viewer.PublicKey()) {
		t.Fatalf("audited as %+v", entries)
	}
}

// A key that is offered and then not proven does not get in, whatever
// comes after it.
func TestAnUnprovenKeyGetsNobodyIn(t *testing.T) {
	t.Parallel()
	w := start(t, serve.Options{})
	offerOperator := gossh.PublicKeys(forged{pub: w.operator.PublicKey(), other: w.stranger})
	if _, err := dial(w.addr, "mallory", offerOperator, gossh.PublicKeys(w.stranger)); err == nil {
		t.Fatal("a forged signature let a stranger in")
	}
	if _, err := dial(w.addr, "mallory", offerOperator, gossh.PublicKeys(w.viewer)); err == nil {
		t.Fatal("a forged signature was accepted")
	}
}

func TestNoTerminalGetsAMessage(t *testing.T) {
	t.Parallel()
	w := start(t, serve.Options{})
	client, err := dial(w.addr, "alice", gossh.PublicKeys(w.operator))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	sess, _ := client.NewSession()
	out, err := sess.CombinedOutput("")
	if err == nil || !strings.Contains(string(out), "needs a terminal") {
		t.Fatalf("without a pty: %v %q", err, out)
	}
}

func TestNoColorFromTheClientIsHonoured(t *testing.T) {
	t.Parallel()
	w := start(t, serve.Options{})
	plain := open(t, w.addr, "alice", 100, 30, map[string]string{"NO_COLOR": "1"}, gossh.PublicKeys(w.operator))
	colour := open(t, w.addr, "alice", 100, 30, map[string]string{"COLORTERM": "truecolor"}, gossh.PublicKeys(w.operator))
	plain.waitFor("Support Desk", 5*time.Second)
	colour.waitFor("Support Desk", 5*time.Second)
	if strings.Contains(plain.text(), "\x1b[38;") {
		t.Error("colours sent to a NO_COLOR client")
	}
	if !strings.Contains(colour.text(), "\x1b[38;") {
		t.Error("no colours for a colour client")
	}
}

func TestHostKeyIsKeptPrivate(t *testing.T) {
	t.Parallel()
	w := start(t, serve.Options{})
	fi, err := os.Stat(w.hostKey)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("host key: %v %v", fi, err)
	}
	first := serve.HostKeyFingerprint(w.hostKey)
	if _, err := serve.New(serve.Options{HostKeyPath: w.hostKey, Keys: mustRing(t)}); err != nil {
		t.Fatal(err)
	}
	if again := serve.HostKeyFingerprint(w.hostKey); again != first || !strings.HasPrefix(first, "SHA256:") {
		t.Fatalf("host key changed: %s then %s", first, again)
	}
}

func mustRing(t *testing.T) *serve.Keyring {
	path := filepath.Join(t.TempDir(), "ak")
	os.WriteFile(path, gossh.MarshalAuthorizedKey(newSigner(t).PublicKey()), 0o600)
	r, err := serve.LoadKeyring(path)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestTwentyConcurrentConsolesAndACap(t *testing.T) {
	t.Parallel()
	w := start(t, serve.Options{MaxSessions: 20})
	var cs []*console
	for i := range 20 {
		cs = append(cs, open(t, w.addr, fmt.Sprintf("op%d", i), 100, 30, nil, gossh.PublicKeys(w.operator)))
	}
	for i, c := range cs {
		if !c.waitFor("Support Desk", 10*time.Second) {
			t.Fatalf("console %d did not draw", i)
		}
	}
	if n := w.srv.Active(); n != 20 {
		t.Fatalf("%d consoles active", n)
	}
	extra := open(t, w.addr, "late", 100, 30, nil, gossh.PublicKeys(w.operator))
	if !extra.waitFor("the server is full", 5*time.Second) {
		t.Fatalf("the 21st console was not turned away: %q", extra.text())
	}
	cs[0].close()
	deadline := time.Now().Add(5 * time.Second)
	for w.srv.Active() != 19 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := w.srv.Active(); n != 19 {
		t.Fatalf("%d consoles active after one left", n)
	}
}

func TestAPanicEndsOnlyItsOwnSession(t *testing.T) {
	t.Parallel()
	var ring *serve.Keyring
	_ = ring
	w := start(t, serve.Options{})
	good := open(t, w.addr, "alice", 100, 30, nil, gossh.PublicKeys(w.operator))
	good.waitFor("Support Desk", 5*time.Second)
	// A second server sharing nothing but the process, whose consoles panic.
	bad := start(t, serve.Options{NewContext: func(*lipgloss.Renderer) *common.Context { panic("boom") }})
	c := open(t, bad.addr, "alice", 100, 30, nil, gossh.PublicKeys(bad.operator))
	select {
	case <-c.done:
	case <-time.After(5 * time.Second):
		t.Fatal("the panicking session was not closed")
	}
	if !strings.Contains(c.text(), "internal error") {
		t.Errorf("no message for the panicking session: %q", c.text())
	}
	// The other console and the panicking server both go on.
	good.send("j")
	time.Sleep(200 * time.Millisecond)
	select {
	case <-good.done:
		t.Fatal("the healthy console ended")
	default:
	}
	again := open(t, bad.addr, "alice", 100, 30, nil, gossh.PublicKeys(bad.operator))
	select {
	case <-again.done:
	case <-time.After(5 * time.Second):
		t.Fatal("the server stopped answering after a panic")
	}
}

func TestIdleConsoleEndsItself(t *testing.T) {
	t.Parallel()
	w := start(t, serve.Options{IdleTimeout: 1500 * time.Millisecond})
	c := open(t, w.addr, "alice", 100, 30, nil, gossh.PublicKeys(w.operator))
	select {
	case <-c.done:
	case <-time.After(6 * time.Second):
		t.Fatal("an idle console was not closed")
	}
	if !strings.Contains(c.text(), "no key pressed for 1.5s") {
		t.Errorf("no idle message: %q", c.text()[max(0, len(c.text())-300):])
	}
}

func TestShutdownEndsEveryConsoleQuickly(t *testing.T) {
	t.Parallel()
	w := start(t, serve.Options{})
	var cs []*console
	for i := range 5 {
		c := open(t, w.addr, fmt.Sprintf("op%d", i), 100, 30, nil, gossh.PublicKeys(w.operator))
		c.waitFor("Support Desk", 5*time.Second)
		cs = append(cs, c)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := w.srv.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	for i, c := range cs {
		select {
		case <-c.done:
		case <-time.After(2 * time.Second):
			t.Fatalf("console %d still open after shutdown", i)
		}
	}
}

// TestFigures logs what the issue asks to measure (run with -v): memory
// per console, bytes for a cursor move against a full repaint, and the
// time from connect to the first frame. It asserts no timing.
func TestFigures(t *testing.T) {
	if testing.Short() {
		t.Skip("measurements")
	}
	w := start(t, serve.Options{})
	began := time.Now()
	first := open(t, w.addr, "alice", 120, 40, nil, gossh.PublicKeys(w.operator))
	first.waitFor("Legacy Line", 5*time.Second)
	t.Logf("ssh connect to first frame: %s", time.Since(began).Round(time.Millisecond))
	time.Sleep(1500 * time.Millisecond) // let the header clock settle
	full := first.bytes()
	before := first.bytes()
	first.send("j")
	time.Sleep(400 * time.Millisecond)
	t.Logf("bytes for the first frame at 120x40: %d; for one cursor move: %d", full, first.bytes()-before)

	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	var cs []*console
	for i := range 10 {
		c := open(t, w.addr, fmt.Sprintf("m%d", i), 120, 40, nil, gossh.PublicKeys(w.operator))
		c.waitFor("Legacy Line", 5*time.Second)
		cs = append(cs, c)
	}
	runtime.GC()
	runtime.ReadMemStats(&m1)
	t.Logf("heap per console (server and test client together): %.0f KiB; goroutines %d", float64(m1.HeapAlloc-m0.HeapAlloc)/10/1024, runtime.NumGoroutine())
	runtime.KeepAlive(cs)
}

// Every console's end is logged with who, their role, how long it was open
// and why: quit, the client gone, idle timeout; never a secret.
func TestConsoleClosedIsLogged(t *testing.T) {
	t.Parallel()
	w, idle := start(t, serve.Options{}), start(t, serve.Options{IdleTimeout: 1500 * time.Millisecond})
	closed := func(user, why string) *regexp.Regexp {
		return regexp.MustCompile(`console closed for "` + user + `" \((operator|viewer), SHA256:\S+\) after \d[0-9hms.]*: ` + regexp.QuoteMeta(why) + "\n")
	}
	wait := func(w *world, re *regexp.Regexp) bool {
		for end := time.Now().Add(6 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) { // a wait, not a timing assertion
			if re.MatchString(w.log.String()) {
				return true
			}
		}
		return false
	}

	quitter := open(t, w.addr, "alice", 100, 30, nil, gossh.PublicKeys(w.operator))
	quitter.waitFor("Support Desk", 5*time.Second)
	quitter.send("q")
	gone := open(t, w.addr, "bob", 100, 30, nil, gossh.PublicKeys(w.viewer))
	gone.waitFor("Support Desk", 5*time.Second)
	gone.close()
	open(t, idle.addr, "carol", 100, 30, nil, gossh.PublicKeys(idle.operator)) // left idle
	for _, c := range []struct {
		w    *world
		want *regexp.Regexp
	}{{w, closed("alice", "quit")}, {w, closed("bob", "client gone")}, {idle, closed("carol", "idle timeout")}} {
		if !wait(c.w, c.want) {
			t.Errorf("no line matching %s in the log:\n%s", c.want, c.w.log.String())
		}
		if strings.Contains(c.w.log.String(), c.w.env.Fake.PersonalToken()) {
			t.Error("the log holds the personal token")
		}
	}
}
