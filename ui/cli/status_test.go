package cli_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/charmbracelet/x/ansi"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/ui/cli"
)

// fastStatus spends a big budget, so a test of the command is quick.
var fastStatus = cli.StatusOptions{Budget: 50}

func status(t *testing.T, c *api.Client, o cli.StatusOptions) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := cli.Status(ctx, c, &out, &errOut, o)
	return out.String(), errOut.String(), err
}

func TestStatusTableOfTheDemo(t *testing.T) {
	t.Parallel()
	c := client(t, fake.Options{Incidents: true})
	out, _, err := status(t, c, fastStatus)
	if !errors.Is(err, cli.ErrUnhealthy) {
		t.Fatalf("err %v, want ErrUnhealthy\n%s", err, out)
	}
	t.Logf("\n%s", out)
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if !strings.HasPrefix(lines[0], "6 sessions: 3 down, 2 need attention, 1 ok over the last 1h") {
		t.Errorf("summary %q", lines[0])
	}
	order := []string{"Marketing Bot", "Field Team", "Legacy Line", "Order Updates", "Sales EU", "Support Desk"}
	at := -1
	for _, name := range order[3:] { // the first three are down in any order
		i := strings.Index(out, name)
		if i < at {
			t.Errorf("%s is out of order", name)
		}
		at = i
	}
	for _, want := range []string{"✗ down", "not connected: logged_out", "! attention", "flapping: 6 state changes in 1h", `"message timed out"`, "✓ ok"} {
		if !strings.Contains(out, want) {
			t.Errorf("the table lacks %q", want)
		}
	}
	for _, l := range lines {
		if w := ansi.StringWidth(l); w > 80 {
			t.Errorf("%d columns: %q", w, l)
		}
	}
}

func TestStatusJSONDocument(t *testing.T) {
	t.Parallel()
	c := client(t, fake.Options{Incidents: true})
	o := fastStatus
	o.JSON = true
	out, _, err := status(t, c, o)
	if !errors.Is(err, cli.ErrUnhealthy) {
		t.Fatalf("err %v", err)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not one JSON document: %v\n%s", err, out)
	}
	if keys := sortedKeys(doc); keys != "generated_at,sessions,window" {
		t.Errorf("document keys %s", keys)
	}
	if string(doc["window"]) != `"1h"` {
		t.Errorf("window %s", doc["window"])
	}
	if _, err := time.Parse(time.RFC3339, strings.Trim(string(doc["generated_at"]), `"`)); err != nil {
		t.Errorf("generated_at %s", doc["generated_at"])
	}
	var sessions []map[string]json.RawMessage
	json.Unmarshal(doc["sessions"], &sessions)
	if len(sessions) != 6 {
		t.Fatalf("%d sessions", len(sessions))
	}
	for _, s := range sessions {
		if keys := sortedKeys(s); keys != "changes,failed,failure_rate,id,last_error,last_failed_reason,name,reasons,sent,since,status,verdict" {
			t.Errorf("session keys %s", keys)
		}
		if !strings.HasPrefix(string(s["reasons"]), "[") || !strings.HasPrefix(string(s["id"]), `"`) {
			t.Errorf("reasons %s id %s", s["reasons"], s["id"])
		}
	}
	var first struct {
		Verdict string   `json:"verdict"`
		Reasons []string `json:"reasons"`
	}
	var orders struct {
		Name             string  `json:"name"`
		Verdict          string  `json:"verdict"`
		FailureRate      float64 `json:"failure_rate"`
		LastFailedReason *string `json:"last_failed_reason"`
		Since            *string `json:"since"`
	}
	json.Unmarshal(mustMarshal(sessions[0]), &first)
	json.Unmarshal(mustMarshal(sessions[3]), &orders)
	if first.Verdict != "down" || len(first.Reasons) != 1 || !strings.HasPrefix(first.Reasons[0], "not connected: ") {
		t.Errorf("first session %+v", first)
	}
	if orders.Name != "Order Updates" || orders.Verdict != "attention" || orders.FailureRate < 0.5 || orders.LastFailedReason == nil || orders.Since == nil {
		t.Errorf("Order Updates %+v", orders)
	}
}

func sortedKeys[V any](m map[string]V) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	for i := range ks {
		for j := i + 1; j < len(ks); j++ {
			if ks[j] < ks[i] {
				ks[i], ks[j] = ks[j], ks[i]
			}
		}
	}
	return strings.Join(ks, ",")
}

func mustMarshal(v any) []byte { b, _ := json.Marshal(v); return b }

// Every session ok: exit 0 (nil). Only the connected sessions are left.
func TestStatusAllOK(t *testing.T) {
	t.Parallel()
	f := fake.New(fake.Options{})
	c := clientOf(t, f)
	for _, id := range []api.ID{"14", "15", "16"} {
		if err := c.DeleteSession(context.Background(), id); err != nil {
			t.Fatal(err)
		}
	}
	out, _, err := status(t, c, fastStatus)
	if err != nil {
		t.Fatalf("err %v\n%s", err, out)
	}
	if !strings.HasPrefix(out, "3 sessions: 3 ok over the last 1h") {
		t.Errorf("%s", out)
	}
}

// Logs that cannot be read make the session unreadable in the API's words;
// the session stays on the list.
func TestStatusUnreadableInTheAPIsWords(t *testing.T) {
	t.Parallel()
	f := fake.New(fake.Options{})
	f.FailNext("GET", "/api/whatsapp-sessions/12/message-logs", 403, `{"success":false,"message":"Logs are not part of your plan"}`, 1000)
	out, _, err := status(t, clientOf(t, f), fastStatus)
	if !errors.Is(err, cli.ErrUnhealthy) {
		t.Fatalf("err %v", err)
	}
	if !strings.Contains(out, "unreadable: message logs: Logs are not part of your plan [HTTP 403]") || !strings.Contains(out, "Sales EU") {
		t.Errorf("%s", out)
	}
}

// Logs that keep failing past --timeout are given up on, saying so.
func TestStatusTimeout(t *testing.T) {
	t.Parallel()
	f := fake.New(fake.Options{})
	f.FailNext("GET", "/api/whatsapp-sessions/11/session-logs", 502, "", 1000)
	o := fastStatus
	o.Timeout = 1500 * time.Millisecond
	start := time.Now()
	out, _, err := status(t, clientOf(t, f), o)
	if !errors.Is(err, cli.ErrUnhealthy) {
		t.Fatalf("err %v", err)
	}
	if !strings.Contains(out, "unreadable: session logs: not read within 1.5s") || !strings.Contains(out, "Support Desk") {
		t.Errorf("%s", out)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("took %s with --timeout 1.5s", took)
	}
}

// The session list cannot be read: a runtime error with the API's words.
func TestStatusListFails(t *testing.T) {
	t.Parallel()
	f := fake.New(fake.Options{})
	f.FailNext("GET", "/api/whatsapp-sessions", 401, `{"success":false,"message":"Unnotarized"}`, 1000)
	out, _, err := status(t, clientOf(t, f), fastStatus)
	if err == nil || errors.Is(err, cli.ErrUnhealthy) || !strings.Contains(err.Error(), "Unnotarized") {
		t.Fatalf("err %v\n%s", err, out)
	}
	if out != "" {
		t.Errorf("printed %q", out)
	}
}

// Names from the API are cleaned of control characters in the table and in
// the JSON; a long one is cut to fit 80 columns.
func TestStatusCleansWhatTheAPISays(t *testing.T) {
	t.Parallel()
	evil := "\x1b]52;c;aGk=\x07Evil\x1b[2J Corp with a name far too long for any column of the table"
	c := client(t, fake.Options{})
	if _, err := c.UpdateSession(context.Background(), "12", api.SessionInput{Name: &evil}); err != nil {
		t.Fatal(err)
	}
	for _, asJSON := range []bool{false, true} {
		o := fastStatus
		o.JSON = asJSON
		out, _, _ := status(t, c, o)
		if strings.ContainsFunc(out, func(r rune) bool { return unicode.IsControl(r) && r != '\n' }) {
			t.Errorf("control characters in %q", out)
		}
		if asJSON && strings.Contains(out, `\u001b`) {
			t.Errorf("an escape survived into the JSON: %s", out)
		}
		if !strings.Contains(out, "Evil") {
			t.Errorf("the session is gone: %s", out)
		}
		for _, l := range strings.Split(out, "\n") {
			if !asJSON && ansi.StringWidth(l) > 80 {
				t.Errorf("%d columns: %q", ansi.StringWidth(l), l)
			}
		}
	}
}

// --watch draws again and again until ctx ends, which is a clean exit;
// with --json one document a line.
func TestStatusWatch(t *testing.T) {
	t.Parallel()
	for _, asJSON := range []bool{false, true} {
		c := client(t, fake.Options{Incidents: true, LogActivity: true})
		o := fastStatus
		o.Watch, o.Every, o.JSON = true, 300*time.Millisecond, asJSON
		var out lockedBuffer
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- cli.Status(ctx, c, &out, &bytes.Buffer{}, o) }()
		deadline := time.Now().Add(20 * time.Second)
		for strings.Count(out.String(), "over the last 1h")+strings.Count(out.String(), `"window":"1h"`) < 3 && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		cancel()
		if err := <-done; err != nil {
			t.Errorf("watch ended with %v", err)
		}
		if asJSON {
			lines := strings.Split(strings.TrimSpace(out.String()), "\n")
			for _, l := range lines {
				if !json.Valid([]byte(l)) {
					t.Fatalf("not a JSON document a line: %q", l)
				}
			}
			if len(lines) < 3 {
				t.Errorf("%d documents", len(lines))
			}
		} else if n := strings.Count(out.String(), "over the last 1h"); n < 3 {
			t.Errorf("%d tables:\n%s", n, out.String())
		}
	}
}

// On a terminal, --watch keeps each redraw within the terminal's height,
// worst first, and says how many sessions did not fit.
func TestStatusWatchFitsTheTerminal(t *testing.T) {
	t.Parallel()
	c := client(t, fake.Options{Incidents: true})
	o := fastStatus
	o.Watch, o.Every, o.TTY, o.Height = true, 200*time.Millisecond, true, 12
	var out lockedBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- cli.Status(ctx, c, &out, &bytes.Buffer{}, o) }()
	deadline := time.Now().Add(20 * time.Second)
	for strings.Count(out.String(), "need attention") < 2 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	<-done
	frames := strings.Split(out.String(), "\x1b[H\x1b[2J")
	last := frames[len(frames)-1]
	if n := strings.Count(last, "\n"); n > 11 {
		t.Errorf("a redraw of %d lines on a terminal of 12:\n%s", n, last)
	}
	if !strings.Contains(last, "✗ down") || !strings.Contains(last, "sessions more: a taller terminal shows every one") {
		t.Errorf("the redraw:\n%s", last)
	}
}
