package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/crypto/ssh"
)

func runCLI(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	for _, k := range []string{"WASENDER_TOKEN", "WASENDER_API_KEY", "WASENDER_API_URL", "WASENDER_PROFILE", "WASENDER_CONFIG"} {
		t.Setenv(k, "")
	}
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("XDG_STATE_HOME", t.TempDir()) // the audit trail
	for k, v := range env {
		t.Setenv(k, v)
	}
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestExitCodes(t *testing.T) {
	cases := []struct {
		name   string
		args   []string
		code   int
		stderr string
		stdout string
	}{
		{"version", []string{"version"}, 0, "", "wasender-tui"},
		{"help", []string{"--help"}, 0, "", "Usage:"},
		{"command help", []string{"fake-api", "--help"}, 0, "", "-listen"},
		{"bad flag", []string{"--nope"}, 2, "flag provided but not defined", ""},
		{"stray argument", []string{"stray"}, 2, `unexpected argument "stray"`, ""},
		{"no credential", nil, 2, "WASENDER_TOKEN", ""},
		{"config without subcommand", []string{"config"}, 2, "init, path or check", ""},
		{"unknown config subcommand", []string{"config", "frob"}, 2, `unknown config subcommand "frob"`, ""},
		{"missing explicit config", []string{"--config", "/nonexistent/x.toml"}, 2, "x.toml", ""},
		{"qr without a session", []string{"qr", "--demo"}, 2, "want one SESSION", ""},
		{"qr with two sessions", []string{"qr", "--demo", "a", "b"}, 2, "want one SESSION", ""},
		{"qr of an unknown session", []string{"qr", "nobody", "--demo"}, 1, `no session "nobody"`, ""},
		{"qr of an ambiguous name", []string{"qr", "s", "--demo"}, 2, `"s" matches 2 sessions: give the id of one: Sales EU (12), Support Desk (11)`, ""},
		{"logs of an ambiguous name", []string{"logs", "S", "--demo"}, 2, `"S" matches 2 sessions: give the id of one: Sales EU (12), Support Desk (11)`, ""},
		{"logs --follow of an ambiguous name", []string{"logs", "S", "--follow", "--demo"}, 2, "give the id of one", ""},
		{"qr times out", []string{"qr", "Marketing Bot", "--demo", "--timeout", "300ms"}, 1, "timed out after 300ms", ""},
		{"qr of a connected session", []string{"qr", "--demo", "11"}, 0, "", "Support Desk is already connected"},
		{"serve without authorized keys", []string{"serve", "--demo", "--authorized-keys", "/nonexistent/keys"}, 2, "/nonexistent/keys", ""},
		{"logs of a session named all, and --all", []string{"logs", "--demo", "all", "--all"}, 2, "no SESSION with --all", ""},
		{"logs since a negative time", []string{"logs", "--demo", "11", "--since", "-10m"}, 2, "--since -10m0s", ""},
		{"fake-api with both webhook flags", []string{"fake-api", "--webhook-url", "http://127.0.0.1:9/", "--webhooks"}, 2, "--webhook-url or --webhooks, not both", ""},
		{"contacts without demo", []string{"--contacts", "5"}, 2, "use them with --demo", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := runCLI(t, nil, c.args...)
			if code != c.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, c.code, errOut)
			}
			if !strings.Contains(errOut, c.stderr) || !strings.Contains(out, c.stdout) {
				t.Errorf("stdout %q stderr %q, want %q / %q", out, errOut, c.stdout, c.stderr)
			}
		})
	}
}

func TestConfigInitPathCheck(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "c.toml")
	code, out, _ := runCLI(t, nil, "config", "path", "--config", path)
	if code != 0 || strings.TrimSpace(out) != path {
		t.Fatalf("config path: %d %q", code, out)
	}
	if code, _, errOut := runCLI(t, nil, "config", "init", "--config", path); code != 0 {
		t.Fatalf("config init: %d %s", code, errOut)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("config init wrote %v (err %v), want mode 0600", fi.Mode(), err)
	}
	if code, _, _ := runCLI(t, nil, "config", "init", "--config", path); code == 0 {
		t.Error("config init overwrote an existing file")
	}
	// The template has no token: check says how to provide one and exits 2.
	code, _, errOut := runCLI(t, nil, "config", "check", "--config", path)
	if code != 2 || !strings.Contains(errOut, "WASENDER_TOKEN") {
		t.Errorf("check of the template: %d %q", code, errOut)
	}
	code, out, _ = runCLI(t, map[string]string{"WASENDER_TOKEN": "1|abcdefghijklmnopqrstuvwxyz"}, "config", "check", "--config", path)
	if code != 0 || !strings.Contains(out, "config OK") || strings.Contains(out, "abcdefghijklmnopqrstuvwxyz") {
		t.Errorf("check with a token: %d %q", code, out)
	}
}

func TestConfigErrorNamesFileAndLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.toml")
	os.WriteFile(path, []byte("[profiles.work]\ntoken = \"x\"\npoll_interval = 5\n"), 0o600)
	code, _, errOut := runCLI(t, nil, "--config", path)
	if code != 2 || !strings.Contains(errOut, path+":3") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestFakeAPICommandServesAndStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"fake-api", "--listen", "127.0.0.1:0", "--token", "1|mine"}, &out, io.Discard)
	}()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(out.String(), "ctrl+c stops") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	text := out.String()
	if !strings.Contains(text, "personal access token: 1|mine") || !strings.Contains(text, "api key:") {
		t.Fatalf("banner:\n%s", text)
	}
	base := strings.Fields(strings.SplitN(text, "listening on ", 2)[1])[0]
	req, _ := http.NewRequest("GET", base+"/whatsapp-sessions", nil)
	req.Header.Set("Authorization", "Bearer 1|mine")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET sessions: %v %v", resp, err)
	}
	resp.Body.Close()
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d", code)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("fake-api did not stop on cancel")
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// BenchmarkProcessStartToFirstFrame: from exec of the real binary with
// --demo to the first frame listing the sessions, in a pseudo-terminal.
func BenchmarkProcessStartToFirstFrame(b *testing.B) {
	bin := filepath.Join(b.TempDir(), "wasender-tui")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	b.ResetTimer()
	for range b.N {
		firstFrame(b, bin)
	}
}

func firstFrame(b *testing.B, bin string) {
	cmd := exec.Command(bin, "--demo")
	cmd.Env = append(os.Environ(), "TERM=xterm-256color")
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: 120, Rows: 40})
	if err != nil {
		b.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait(); f.Close() }()
	var seen []byte
	buf := make([]byte, 64<<10)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		n, err := f.Read(buf)
		if err != nil {
			b.Fatal(err)
		}
		seen = append(seen, buf[:n]...)
		// Answer the terminal queries a real terminal answers (background
		// colour, cursor position), or termenv waits for them.
		if bytes.Contains(buf[:n], []byte("\x1b]11;?")) {
			f.Write([]byte("\x1b]11;rgb:0000/0000/0000\x1b\\"))
		}
		if bytes.Contains(buf[:n], []byte("\x1b[6n")) {
			f.Write([]byte("\x1b[1;1R"))
		}
		if bytes.Contains(seen, []byte("Legacy Line")) {
			return
		}
	}
	b.Fatalf("no first frame within 10s; got %q", seen)
}

// serve reads its [serve] settings from the profile it opens: a
// token_command runs once at start, not once for each. (Serving stops at
// the host key, which cannot be written under /dev/null.)
func TestServeRunsTokenCommandOnce(t *testing.T) {
	dir := t.TempDir()
	runs, path, keys := filepath.Join(dir, "runs"), filepath.Join(dir, "c.toml"), filepath.Join(dir, "keys")
	pub, _, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	sshPub, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(keys, ssh.MarshalAuthorizedKey(sshPub), 0o600)
	os.WriteFile(path, []byte(fmt.Sprintf(`[profiles.work]
base_url = "http://127.0.0.1:9/api"
token_command = "echo run >> %s; echo '1|abcdefghijklmnopqrstuvwxyz'"
[serve]
authorized_keys = %q
host_key = "/dev/null/host_key"
`, runs, keys)), 0o600)
	code, _, errOut := runCLI(t, nil, "serve", "--config", path, "--listen", "127.0.0.1:0")
	if code == 0 || !strings.Contains(errOut, "host_key") {
		t.Fatalf("exit %d, stderr %q; want a failure naming the host key", code, errOut)
	}
	if b, _ := os.ReadFile(runs); strings.Count(string(b), "run") != 1 {
		t.Errorf("token_command ran %d times, want once", strings.Count(string(b), "run"))
	}
}
