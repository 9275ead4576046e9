package main

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/ui/uitest"
)

// qrColours are the escapes qr itself writes to paint the code.
var qrColours = regexp.MustCompile(`\x1b\[(?:0|38;5;\d+;48;5;\d+)m`)

// Issue 12: against a server that puts escapes, bidi overrides and C1
// controls into every string (fake.Options.Hostile), no command writes one
// to stdout or stderr: logs (lines and --json), status (table and --json),
// qr's captions, events (lines and --json), config check of a file holding
// them, and the error line of every failure.
func TestNoCommandPrintsWhatAHostileServerSends(t *testing.T) {
	srv := httptest.NewServer(fake.New(fake.Options{Hostile: true}))
	defer srv.Close()
	env := map[string]string{"WASENDER_API_URL": srv.URL + "/api", "WASENDER_TOKEN": "1|demo-personal-access-token"}
	wrong := map[string]string{"WASENDER_API_URL": srv.URL + "/api", "WASENDER_TOKEN": "1|wrong"}
	dir := t.TempDir()
	cfg := filepath.Join(dir, "hostile.toml")
	os.WriteFile(cfg, []byte(`default_profile = "a\u001b]0;pwned\u0007"
[profiles."a\u001b]0;pwned\u0007"]
base_url = "`+srv.URL+`/api"
token = "1|demo-personal-access-token"
[serve]
authorized_keys = "/keys\u202e\u001b[2J"
`), 0o600)
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("[profiles.\"b\\u202e\\u001b[2J\"]\npoll_interval = \"soon\\u0007\"\n"), 0o600)
	runs := []struct {
		env  map[string]string
		args []string
	}{
		{env, []string{"logs", "11"}},
		{env, []string{"logs", "11", "--messages"}},
		{env, []string{"logs", "--all", "--json"}},
		{env, []string{"logs", "--all", "--messages", "--json"}},
		{env, []string{"logs", "12", "--messages", "--status", "failed"}},
		{env, []string{"status"}},
		{env, []string{"status", "--json"}},
		{env, []string{"qr", "11"}},
		{env, []string{"qr", "14", "--timeout", "300ms"}},
		{env, []string{"qr", "nobody"}},
		{wrong, []string{"logs", "11"}},
		{wrong, []string{"status"}},
		{nil, []string{"config", "check", "--config", cfg}},
		{nil, []string{"qr", "11", "--config", cfg}},
		{nil, []string{"config", "check", "--config", bad}},
	}
	var outs []uitest.Output
	for _, r := range runs {
		code, out, errOut := runCLI(t, r.env, r.args...)
		name := strings.Join(r.args, " ")
		if os.Getenv("SHOW") != "" {
			t.Logf("%s → %d\n%s%s", name, code, out, errOut)
		}
		if r.args[0] == "qr" {
			out = qrColours.ReplaceAllString(out, "")
		}
		outs = append(outs, uitest.Output{Kind: "stdout", What: name + ": stdout", Text: out}, uitest.Output{Kind: "stderr", What: name + ": stderr", Text: errOut})
	}
	for _, json := range []bool{false, true} {
		outs = append(outs, hostileEvents(t, env, json)...)
	}
	uitest.Report(t, outs)
}

// hostileEvents runs events against the hostile API while a second hostile
// server (the same seed: the same keys and secrets) sends it webhooks.
func hostileEvents(t *testing.T, env map[string]string, json bool) []uitest.Output {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	args := []string{"events", "--listen", addr}
	if json {
		args = append(args, "--json")
	}
	out, errOut, stop := backgroundEnv(t, env, args...)
	eventually(t, "the receiver", func() bool { return strings.Contains(errOut.String(), "receiving webhooks") })
	start := time.Now()
	fast := func() time.Time { return start.Add(60 * time.Since(start)) } // messages settle, receipts come
	sender := fake.New(fake.Options{Hostile: true, WebhookURL: "http://" + addr + "/", LogActivity: true, Incidents: true,
		Logs: fake.LogOptions{Rate: 2}, WebhookTick: 20 * time.Millisecond, Now: fast})
	eventually(t, "receipts", func() bool { return strings.Contains(out.String(), "messages.update") })
	sender.Close()
	if code := stop(); code != 0 {
		t.Errorf("%v: exit %d\n%s", args, code, errOut)
	}
	name := strings.Join(args, " ")
	if os.Getenv("SHOW") != "" {
		t.Logf("%s\n%s%s", name, out, errOut)
	}
	return []uitest.Output{{Kind: "stdout", What: name + ": stdout", Text: out.String()}, {Kind: "stderr", What: name + ": stderr", Text: errOut.String()}}
}

// fake-api --hostile serves the hostile world.
func TestFakeAPIHostileFlag(t *testing.T) {
	out, errOut, stop := background(t, "fake-api", "--listen", "127.0.0.1:0", "--hostile")
	eventually(t, "the address", func() bool { return strings.Contains(out.String(), "personal access token") })
	base := regexp.MustCompile(`listening on (\S+)`).FindStringSubmatch(out.String())
	if base == nil {
		t.Fatalf("no address:\n%s", out)
	}
	req, _ := http.NewRequest("GET", base[1]+"/whatsapp-sessions", nil)
	req.Header.Set("Authorization", "Bearer 1|demo-personal-access-token")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `"name":"\u001b]0;pwn`) {
		t.Errorf("not hostile: %.300s", body)
	}
	if code := stop(); code != 0 {
		t.Errorf("exit %d\n%s", code, errOut)
	}
}
