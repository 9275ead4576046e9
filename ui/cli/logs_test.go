package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/ui/cli"
	"github.com/wasender-tui/wasender-tui/ui/common"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestLogsPrintsTheWindowAsJSONWithTheAPIsFields(t *testing.T) {
	t.Parallel()
	c := client(t, fake.Options{})
	var out, errOut bytes.Buffer
	err := cli.Logs(context.Background(), c, "Sales EU", &out, &errOut, cli.LogsOptions{Messages: true, JSON: true, Status: "failed"})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) == 0 || lines[0] == "" {
		t.Fatal("no failed messages printed")
	}
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("not JSON: %q", l)
		}
		for _, k := range []string{"id", "whatsapp_session_id", "to", "content", "status", "failed_reason", "created_at", "updated_at", "session"} {
			if _, ok := m[k]; !ok {
				t.Errorf("%q lacks %s", l, k)
			}
		}
		if m["status"] != "failed" || m["session"] != "12" {
			t.Errorf("status %v session %v", m["status"], m["session"])
		}
		if _, isString := m["id"].(string); !isString {
			t.Error("the API's string id was not kept as it was")
		}
	}
}

func TestLogsSinceAndPlainLines(t *testing.T) {
	t.Parallel()
	c := client(t, fake.Options{})
	var out bytes.Buffer
	if err := cli.Logs(context.Background(), c, "11", &out, &bytes.Buffer{}, cli.LogsOptions{Since: 2 * time.Hour}); err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if l == "" {
			continue
		}
		ts, err := time.Parse(time.RFC3339, strings.Fields(l)[0])
		if err != nil || time.Since(ts) > 2*time.Hour+time.Minute {
			t.Errorf("line outside --since: %q", l)
		}
	}
}

func TestLogsFollowPrintsNewEntriesAndUpdatesUntilCancelled(t *testing.T) {
	t.Parallel()
	f := fake.New(fake.Options{})
	c := clientOf(t, f)
	ctx, cancel := context.WithCancel(context.Background())
	var out lockedBuffer
	done := make(chan error)
	go func() {
		done <- cli.Logs(ctx, c, "11", &out, &bytes.Buffer{}, cli.LogsOptions{Messages: true, Follow: true, Interval: 50 * time.Millisecond})
	}()
	time.Sleep(200 * time.Millisecond)
	before := strings.Count(out.String(), "\n")
	f.AddMessageLogs(11, 3)
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) && strings.Count(out.String(), "(now ") < 3 {
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("ctrl+c is not a clean exit: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("follow did not stop")
	}
	text := out.String()
	if got := strings.Count(text, "\n") - before; got < 6 {
		t.Fatalf("%d lines after adding 3 messages, want 3 new and 3 updates:\n%s", got, text)
	}
	// Each update repeats its entry's id on a new line.
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, "(now ") {
			id := strings.Fields(l)[1]
			if strings.Count(text, " "+id+" ") < 2 {
				t.Errorf("update of %s without its first line", id)
			}
		}
	}
}

func TestLogsAllNamesEachSessionOnItsLines(t *testing.T) {
	t.Parallel()
	c := client(t, fake.Options{})
	var out, errOut bytes.Buffer
	if err := cli.Logs(context.Background(), c, "", &out, &errOut, cli.LogsOptions{All: true}); err != nil {
		t.Fatal(err)
	}
	sessions := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if !strings.HasPrefix(l, "[") {
			t.Fatalf("a line of --all without its session: %q", l)
		}
		sessions[l[1:strings.Index(l, "]")]] = true
	}
	if len(sessions) < 3 {
		t.Errorf("--all printed the logs of %d sessions: %v", len(sessions), sessions)
	}
}

// Beyond the backlog the rest is a gap: a warning on stderr and, with
// --json, a line of its own on stdout with the session, range and count.
func TestLogsReportsAGapAsAJSONLine(t *testing.T) {
	t.Parallel()
	f := fake.New(fake.Options{})
	for range 3 {
		f.AddMessageLogs(12, 300)
	}
	c := clientOf(t, f)
	var out, errOut bytes.Buffer
	err := cli.Logs(context.Background(), c, "12", &out, &errOut, cli.LogsOptions{Messages: true, JSON: true, Since: time.Hour, Backlog: 200})
	if err != nil {
		t.Fatal(err)
	}
	var gap struct {
		Gap struct {
			Session  string `json:"session"`
			From, To string
			Missing  int
		} `json:"gap"`
	}
	found := false
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if strings.HasPrefix(l, `{"gap"`) {
			if err := json.Unmarshal([]byte(l), &gap); err != nil {
				t.Fatalf("%q: %v", l, err)
			}
			found = true
		}
	}
	if !found || gap.Gap.Session != "12" || gap.Gap.From == "" || gap.Gap.To == "" {
		t.Fatalf("no gap line (or an incomplete one: %+v) in\n%s", gap, out.String())
	}
	if !strings.Contains(errOut.String(), "entries may be missing") {
		t.Errorf("stderr does not say so: %q", errOut.String())
	}
}

// With session keys and no personal token, a session is named by its id
// and its logs are read with its own key.
func TestLogsWithOnlySessionKeys(t *testing.T) {
	t.Parallel()
	f := fake.New(fake.Options{})
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	c, err := api.New(api.Options{BaseURL: srv.URL + "/api", SessionKeys: map[string]string{"12": f.SessionKeys()[12]}})
	if err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if err := cli.Logs(context.Background(), c, "12", &out, &errOut, cli.LogsOptions{}); err != nil {
		t.Fatalf("Logs: %v (stderr %s)", err, errOut.String())
	}
	if !strings.Contains(out.String(), "status_change") {
		t.Errorf("out = %.300q", out.String())
	}
	err = cli.Logs(context.Background(), c, "Sales EU", &out, &errOut, cli.LogsOptions{})
	if err == nil || !strings.Contains(err.Error(), `no session "Sales EU" among the session_keys (12)`) {
		t.Errorf("err = %v", err)
	}
}

// A message whose content the session did not log prints the console's
// placeholder, never an arrow to nothing.
func TestLogsPlainLinesSayTheContentWasNotLogged(t *testing.T) {
	t.Parallel()
	c := client(t, fake.Options{})
	var out bytes.Buffer
	if err := cli.Logs(context.Background(), c, "13", &out, &bytes.Buffer{}, cli.LogsOptions{Messages: true}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "  "+common.NotLogged) {
		t.Errorf("no line says the content was not logged:\n%s", out.String())
	}
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		_, after, _ := strings.Cut(l, "→ ")
		if f := strings.Fields(after); len(f) < 2 {
			t.Errorf("a line with nothing after its recipient: %q", l)
		}
	}
}
