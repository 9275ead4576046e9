package main

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasender-tui/wasender-tui/api/fake"
)

// status exits 3 when a session needs attention or is down (the demo has
// both), with the verdicts on stdout and nothing on stderr; a usage
// mistake is 2, naming the format; the session list failing is 1.
func TestStatusExitCodes(t *testing.T) {
	code, out, errOut := runCLI(t, nil, "status", "--demo")
	if code != 3 || !strings.Contains(out, "✗ down") || !strings.Contains(out, "! attention") || errOut != "" {
		t.Errorf("status --demo: exit %d\n%s\nstderr %q", code, out, errOut)
	}
	code, out, errOut = runCLI(t, nil, "--demo", "status", "--json", "--since", "2h")
	var doc struct {
		Window   string           `json:"window"`
		Sessions []map[string]any `json:"sessions"`
	}
	if err := json.Unmarshal([]byte(out), &doc); code != 3 || err != nil || doc.Window != "2h" || len(doc.Sessions) != 6 {
		t.Errorf("--demo status --json --since 2h: exit %d, %v, %+v, stderr %q", code, err, doc, errOut)
	}
	for _, bad := range [][]string{{"--since", "1 hour"}, {"--since", "30s"}, {"--watch", "--timeout", "5s"}, {"stray"}} {
		code, out, errOut = runCLI(t, nil, append([]string{"status", "--demo"}, bad...)...)
		if code != 2 || out != "" || strings.Count(errOut, "\n") != 1 {
			t.Errorf("status %v: exit %d, stdout %q, stderr %q", bad, code, out, errOut)
		}
	}
	if _, _, errOut = runCLI(t, nil, "status", "--demo", "--since", "1 hour"); !strings.Contains(errOut, "like 15m, 1h or 2h30m") {
		t.Errorf("a bad window does not name the format: %q", errOut)
	}
	f := fake.New(fake.Options{})
	srv := httptest.NewServer(f)
	defer srv.Close()
	code, out, errOut = runCLI(t, map[string]string{"WASENDER_API_URL": srv.URL + "/api", "WASENDER_TOKEN": "1|wrong"}, "status")
	if code != 1 || out != "" || !strings.Contains(errOut, "session list") || !strings.Contains(errOut, "HTTP 401") {
		t.Errorf("a rejected token: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// The [health] thresholds and the profile's budget apply: a window of 15m
// from the config, and flapping only at 100 changes, so the demo's flapper
// is ok.
func TestStatusReadsTheHealthSection(t *testing.T) {
	f := fake.New(fake.Options{Incidents: true})
	srv := httptest.NewServer(f)
	defer srv.Close()
	dir := t.TempDir()
	path := filepath.Join(dir, "config.toml")
	cfg := "[profiles.default]\nrequest_budget = 50\n\n[health]\nwindow = \"45m\"\nflapping_changes = 100\n"
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, map[string]string{"WASENDER_API_URL": srv.URL + "/api", "WASENDER_TOKEN": f.PersonalToken()}, "status", "--config", path, "--json")
	var doc struct {
		Window   string `json:"window"`
		Sessions []struct {
			Name    string   `json:"name"`
			Verdict string   `json:"verdict"`
			Changes int      `json:"changes"`
			Reasons []string `json:"reasons"`
		} `json:"sessions"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || code != 3 {
		t.Fatalf("exit %d, %v\n%s%s", code, err, out, errOut)
	}
	if doc.Window != "45m" {
		t.Errorf("window %q, want the config's 45m", doc.Window)
	}
	for _, s := range doc.Sessions {
		if s.Name == "Sales EU" && (s.Verdict != "ok" || s.Changes < 3) {
			t.Errorf("Sales EU with flapping_changes = 100: %+v", s)
		}
	}
}
