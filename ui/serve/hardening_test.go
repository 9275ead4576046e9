package serve_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	gossh "golang.org/x/crypto/ssh"

	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/serve"
)

// from= and expiry-time= are honoured at authentication: the keys below
// got operator consoles from 127.0.0.1 before.
func TestFromAndExpiryRefuseOverSSH(t *testing.T) {
	t.Parallel()
	w := startKeys(t, serve.Options{}, func(operator, viewer string) string {
		return `from="192.0.2.1",role="operator" ` + operator + "\n" + `expiry-time="20200101",role="operator" ` + viewer + "\n"
	})
	for name, key := range map[string]gossh.Signer{"from=": w.operator, "expiry-time=": w.viewer} {
		if c, err := dial(w.addr, "alice", gossh.PublicKeys(key)); err == nil {
			c.Close()
			t.Errorf("%s: the key got in", name)
		}
	}
	log := w.log.String()
	if !strings.Contains(log, `allows from="192.0.2.1", not 127.0.0.1`) || !strings.Contains(log, "line 2 expired at 2020-01-01") {
		t.Errorf("the refusals are not logged:\n%s", log)
	}
}

func TestNoPTYKeyIsToldWhy(t *testing.T) {
	t.Parallel()
	w := startKeys(t, serve.Options{}, func(operator, viewer string) string {
		return "restrict,no-pty " + operator + "\n" + viewer + "\n"
	})
	c := open(t, w.addr, "alice", 100, 30, nil, gossh.PublicKeys(w.operator))
	select {
	case <-c.done:
	case <-time.After(5 * time.Second):
		t.Fatal("a no-pty key got a console")
	}
	if !strings.Contains(c.text(), "this key may not open a terminal (no-pty or restrict on line 1") || strings.Contains(c.text(), "Support Desk") {
		t.Errorf("output: %q", c.text())
	}
}

func TestFirstLineWinsOverSSH(t *testing.T) {
	t.Parallel()
	w := startKeys(t, serve.Options{}, func(operator, viewer string) string {
		return operator + " first-a-viewer\n" + `role="operator" ` + operator + "\n" + viewer + "\n"
	})
	c := open(t, w.addr, "alice", 120, 40, nil, gossh.PublicKeys(w.operator))
	if !c.waitFor("Support Desk", 5*time.Second) || !strings.Contains(c.text(), "(viewer)") {
		t.Fatalf("the first line (a viewer) did not win:\n%q", c.text())
	}
}

// silent opens a TCP connection that never speaks SSH and reports whether
// the server greeted it (held it) or closed it at once.
func silent(t *testing.T, addr string) (net.Conn, bool) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	line, err := bufio.NewReader(conn).ReadString('\n')
	return conn, err == nil && strings.HasPrefix(line, "SSH-2.0-wasender-tui")
}

// A connection that never authenticates is closed after LoginGraceTime,
// and at most MaxUnauthenticated are held at once; an authenticated
// console is not touched by either.
func TestPreAuthenticationDeadlineAndCap(t *testing.T) {
	t.Parallel()
	w := start(t, serve.Options{LoginGraceTime: 500 * time.Millisecond, MaxUnauthenticated: 3})
	var held []net.Conn
	for i := range 3 {
		conn, greeted := silent(t, w.addr)
		if !greeted {
			t.Fatalf("silent connection %d was not greeted", i)
		}
		held = append(held, conn)
	}
	if n := w.srv.Authenticating(); n != 3 {
		t.Errorf("%d connections authenticating, want 3", n)
	}
	if _, greeted := silent(t, w.addr); greeted {
		t.Error("a fourth unauthenticated connection was held")
	}
	// An operator who authenticates is not cut by the grace time, but has
	// to wait for a slot: the silent ones end within the grace time.
	for i, conn := range held {
		conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, err := bufio.NewReader(conn).ReadString('\n'); err == nil {
			t.Errorf("silent connection %d still open", i)
		}
	}
	waitUntil(t, func() bool { return w.srv.Authenticating() == 0 }, "the slots were not freed")
	c := open(t, w.addr, "alice", 100, 30, nil, gossh.PublicKeys(w.operator))
	if !c.waitFor("Support Desk", 5*time.Second) {
		t.Fatalf("no console after the silent ones expired: %q", c.text())
	}
	time.Sleep(time.Second) // twice the grace time
	select {
	case <-c.done:
		t.Fatal("the grace time closed an authenticated console")
	default:
	}
	if log := w.log.String(); !strings.Contains(log, "not authenticated within 500ms") || !strings.Contains(log, "the cap (max_unauthenticated)") {
		t.Errorf("log:\n%s", log)
	}
}

func waitUntil(t *testing.T, ok func() bool, msg string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatal(msg)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Terminal modes the console turns on, and what undoes them.
const (
	exitAltScreen  = "\x1b[?1049l"
	showCursor     = "\x1b[?25h"
	noBracketPaste = "\x1b[?2004l"
)

// afterRestore is what the client received after the console gave the
// terminal back (left the alternate screen), or "" if it never did.
func afterRestore(out string) string {
	i := strings.LastIndex(out, exitAltScreen)
	if i < 0 {
		return ""
	}
	return out[i+len(exitAltScreen):]
}

// SIGTERM (Shutdown) gives every client its terminal back and one line
// saying why, and the server logs no "program was killed".
func TestShutdownGivesTheTerminalBack(t *testing.T) {
	t.Parallel()
	w := start(t, serve.Options{})
	var cs []*console
	for i := range 3 {
		c := open(t, w.addr, fmt.Sprintf("op%d", i), 100, 30, nil, gossh.PublicKeys(w.operator))
		if !c.waitFor("Support Desk", 5*time.Second) {
			t.Fatal("no console")
		}
		cs = append(cs, c)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := w.srv.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	for i, c := range cs {
		select {
		case <-c.done:
		case <-time.After(3 * time.Second):
			t.Fatalf("console %d still open", i)
		}
		out := c.text()
		if !strings.Contains(out, showCursor) || !strings.Contains(out, noBracketPaste) {
			t.Errorf("console %d: cursor or paste mode not restored: %q", i, out[max(0, len(out)-200):])
		}
		rest := afterRestore(out)
		if strings.Count(rest, "the server is shutting down") != 1 {
			t.Errorf("console %d: after the alternate screen: %q", i, rest)
		}
	}
	if log := w.log.String(); strings.Contains(log, "killed") || strings.Contains(log, "context canceled") {
		t.Errorf("server log:\n%s", log)
	}
	// New connections are refused.
	if c, err := dial(w.addr, "late", gossh.PublicKeys(w.operator)); err == nil {
		c.Close()
		t.Error("a connection after shutdown was accepted")
	}
}

// A console closed for idleness says why on the main screen, after the
// alternate screen is gone (it used to say it only inside it).
func TestIdleReasonOutlivesTheAlternateScreen(t *testing.T) {
	t.Parallel()
	w := start(t, serve.Options{IdleTimeout: 1500 * time.Millisecond})
	c := open(t, w.addr, "alice", 100, 30, nil, gossh.PublicKeys(w.operator))
	select {
	case <-c.done:
	case <-time.After(6 * time.Second):
		t.Fatal("an idle console was not closed")
	}
	if rest := afterRestore(c.text()); !strings.Contains(rest, "no key pressed for 1.5s; closing this session.") {
		t.Errorf("after the alternate screen: %q", rest)
	}
}

// :profile over serve works as locally: the other profile's context is
// built with the client's renderer and keeps the client's role and name.
func TestProfileSwitchOverSSH(t *testing.T) {
	t.Parallel()
	var asked []string
	var w *world
	w = start(t, serve.Options{Switch: func(name string, r *lipgloss.Renderer) (*common.Context, error) {
		asked = append(asked, name)
		if name != "second" {
			return nil, fmt.Errorf("no profile named %q", name)
		}
		c := common.NewContext(w.env.Ctx.Client, r)
		c.Profile, c.Profiles = "second", []string{"test", "second"}
		return c, nil
	}})
	c := open(t, w.addr, "bob", 120, 40, nil, gossh.PublicKeys(w.viewer))
	if !c.waitFor("Support Desk", 5*time.Second) {
		t.Fatal("no console")
	}
	c.typeKeys(":profile nope\r")
	if !c.waitFor(`no profile named "nope"`, 3*time.Second) {
		t.Fatalf("no refusal: %q", c.text())
	}
	c.typeKeys(":profile second\r")
	if !c.waitFor("switched to profile second", 3*time.Second) {
		t.Fatalf("no switch: %q", c.text()[max(0, len(c.text())-500):])
	}
	// The second profile's session list comes within its request budget.
	if !c.waitForAfter(len(c.text()), "Support Desk", 3*time.Second) {
		t.Fatal("no session list after switching")
	}
	if strings.Contains(c.text(), "none is in use") {
		t.Error("serve passed no profile switcher")
	}
	before := len(c.text())
	c.send("R")
	if !c.waitFor("may not restart", 3*time.Second) || len(c.text()) == before {
		t.Error("the viewer became an operator after switching profile")
	}
}

// typeKeys sends s one key at a time, as a person types.
func (c *console) typeKeys(s string) {
	for _, r := range s {
		c.send(string(r))
		time.Sleep(6 * time.Millisecond)
	}
}

// A viewer is refused every mutating key, in every pane and view, over
// SSH: every printable key and the usual confirmations are pressed, and no
// call that changes anything reaches the API, and nothing is saved on the
// server.
func TestViewerIsRefusedEveryMutatingKey(t *testing.T) {
	if testing.Short() {
		t.Skip("presses every key")
	}
	state := t.TempDir()
	t.Setenv("XDG_STATE_HOME", state)
	w := start(t, serve.Options{})
	c := open(t, w.addr, "bob", 120, 40, nil, gossh.PublicKeys(w.viewer))
	if !c.waitFor("Support Desk", 5*time.Second) {
		t.Fatal("no console")
	}
	// Every letter (q quits), ctrl+s and enter, each followed by what would
	// confirm a dialog or save a form, then back out. The keys of one try
	// go in one write, as fast typing over SSH sends them (the console
	// takes them one by one); each esc alone, so it is not read as alt.
	var keys []string
	for r := 'a'; r <= 'z'; r++ {
		if r != 'q' {
			keys = append(keys, string(r), strings.ToUpper(string(r)))
		}
	}
	keys = append(keys, "Q", "\x13" /* ctrl+s */, "\r")
	for pane := '1'; pane <= '5'; pane++ {
		for _, k := range keys {
			c.send(string(pane) + k + "y\t\r\x13")
			for range 3 {
				time.Sleep(3 * time.Millisecond)
				c.send("\x1b")
			}
			time.Sleep(3 * time.Millisecond)
		}
	}
	c.send("1")
	time.Sleep(500 * time.Millisecond)
	select {
	case <-c.done:
		t.Fatal("the console ended while keys were pressed")
	default:
	}
	if n := w.mutations.Load(); n != 0 {
		t.Errorf("%d mutating calls reached the API from a viewer", n)
	}
	if !strings.Contains(c.text(), "your role (viewer) may not") {
		t.Error("no refusal was shown: the keys did not reach the console")
	}
	files := 0
	filepath.Walk(state, func(path string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			files++
		}
		return nil
	})
	if files != 0 {
		t.Errorf("%d files written on the server by a viewer", files)
	}
}

// Consoles release every goroutine when they close.
func TestNoGoroutineLeakAfterConsolesClose(t *testing.T) {
	w := start(t, serve.Options{})
	warm := open(t, w.addr, "warm", 100, 30, nil, gossh.PublicKeys(w.operator))
	warm.waitFor("Support Desk", 5*time.Second)
	warm.close()
	waitUntil(t, func() bool { return w.srv.Active() == 0 }, "the warm-up console did not close")
	time.Sleep(200 * time.Millisecond)
	base := runtime.NumGoroutine()
	for range 3 {
		var cs []*console
		for i := range 5 {
			c := open(t, w.addr, fmt.Sprintf("op%d", i), 100, 30, nil, gossh.PublicKeys(w.operator))
			c.waitFor("Support Desk", 5*time.Second)
			cs = append(cs, c)
		}
		for _, c := range cs {
			c.close()
		}
		waitUntil(t, func() bool { return w.srv.Active() == 0 }, "consoles did not close")
	}
	deadline := time.Now().Add(5 * time.Second)
	n := runtime.NumGoroutine()
	for n > base+2 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		n = runtime.NumGoroutine()
	}
	if n > base+2 {
		buf := make([]byte, 1<<20)
		t.Fatalf("%d goroutines after 15 consoles came and went, %d before:\n%s", n, base, buf[:runtime.Stack(buf, true)])
	}
}

// Public keys only: passwords and keyboard-interactive are not offered.
func TestOnlyPublicKeysAreOffered(t *testing.T) {
	t.Parallel()
	w := start(t, serve.Options{})
	ki := gossh.KeyboardInteractive(func(string, string, []string, []bool) ([]string, error) {
		t.Error("keyboard-interactive was offered")
		return nil, nil
	})
	_, err := dial(w.addr, "alice", gossh.Password("x"), ki)
	if err == nil || !strings.Contains(err.Error(), "attempted methods [none]") {
		t.Errorf("err = %v", err)
	}
}

func TestHostKeyDirectoryIsPrivate(t *testing.T) {
	t.Parallel()
	w := start(t, serve.Options{})
	fi, err := os.Stat(filepath.Dir(w.hostKey))
	if err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("host key directory: %v %v", fi.Mode(), err)
	}
}

// The server's log and the audit trail hold no secret, after an operator
// revealed a session's secrets and acted, and a viewer was refused.
func TestServerLogAndAuditHoldNoSecret(t *testing.T) {
	t.Parallel()
	w := start(t, serve.Options{})
	op := open(t, w.addr, "alice", 120, 40, nil, gossh.PublicKeys(w.operator))
	op.waitFor("Support Desk", 5*time.Second)
	op.typeKeys("\rv")
	if !op.waitFor(w.env.Fake.SessionKeys()[11], 3*time.Second) {
		t.Fatal("the api_key was not revealed")
	}
	op.typeKeys("\x1b")
	time.Sleep(100 * time.Millisecond)
	op.typeKeys("R")
	op.waitFor("Restart Support Desk?", 3*time.Second)
	op.typeKeys("y")
	if !op.waitFor("restarted successfully", 3*time.Second) {
		t.Fatal("no restart")
	}
	viewer := open(t, w.addr, "bob", 120, 40, nil, gossh.PublicKeys(w.viewer))
	viewer.waitFor("Support Desk", 5*time.Second)
	viewer.typeKeys("K")
	if !viewer.waitFor("may not", 3*time.Second) {
		t.Fatal("no refusal")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	w.srv.Shutdown(ctx)

	secrets := []string{w.env.Fake.PersonalToken()}
	for _, k := range w.env.Fake.SessionKeys() {
		secrets = append(secrets, k)
	}
	audit, _ := os.ReadFile(w.audit)
	for name, text := range map[string]string{"server log": w.log.String(), "audit trail": string(audit)} {
		if text == "" {
			t.Errorf("the %s is empty", name)
		}
		for _, s := range secrets {
			if strings.Contains(text, s) {
				t.Errorf("the %s holds a secret:\n%s", name, text)
			}
		}
	}
}

// The file is read again when it changes: a removed line locks its key
// out, and a line the server refuses is logged with its number.
func TestKeysFileReloadRevokesAndWarns(t *testing.T) {
	t.Parallel()
	w := start(t, serve.Options{})
	if c, err := dial(w.addr, "bob", gossh.PublicKeys(w.viewer)); err != nil {
		t.Fatalf("before: %v", err)
	} else {
		c.Close()
	}
	os.WriteFile(w.keysPath, []byte(`role="operator" `+authorizedLine(w.operator)+"\n"+`permitopen="db:5432" `+authorizedLine(w.viewer)+"\n"), 0o600)
	if c, err := dial(w.addr, "bob", gossh.PublicKeys(w.viewer)); err == nil {
		c.Close()
		t.Fatal("a key whose line now says permitopen= got in")
	}
	if log := w.log.String(); !strings.Contains(log, "authorized keys reloaded: ") || !strings.Contains(log, ":2: refused (its key cannot log in): permitopen= is not supported") {
		t.Errorf("log:\n%s", log)
	}
	os.WriteFile(w.keysPath, []byte(`role="operator" `+authorizedLine(w.operator)+"\n"), 0o600)
	if c, err := dial(w.addr, "bob", gossh.PublicKeys(w.viewer)); err == nil {
		c.Close()
		t.Fatal("a removed key got in")
	}
	if c, err := dial(w.addr, "alice", gossh.PublicKeys(w.operator)); err != nil {
		t.Errorf("the remaining key: %v", err)
	} else {
		c.Close()
	}
}

// A shutdown right after Serve was called, before it has started, stops
// it: no Serve is left running, and none races the shutdown (go test
// -race sees the library's listener count otherwise).
func TestShutdownRightAfterServe(t *testing.T) {
	t.Parallel()
	hostKey := filepath.Join(t.TempDir(), "host_key")
	for range 20 {
		srv, err := serve.New(serve.Options{HostKeyPath: hostKey, Keys: mustRing(t), NewContext: func(*lipgloss.Renderer) *common.Context { return nil }, Log: io.Discard})
		if err != nil {
			t.Fatal(err)
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		served := make(chan error, 1)
		go func() { served <- srv.Serve(ln) }()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		srv.Shutdown(ctx)
		cancel()
		select {
		case <-served:
		case <-time.After(5 * time.Second):
			t.Fatal("Serve still runs after Shutdown")
		}
	}
}
