package cli_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/api/webhook"
	"github.com/wasender-tui/wasender-tui/ui/cli"
)

// eventsRun is the events command running against the fake API.
type eventsRun struct {
	t           *testing.T
	url         string
	out, errOut *lockedBuffer
	cancel      context.CancelFunc
	done        chan error
	c           *api.Client
	report      chan time.Time
}

func startEvents(t *testing.T, c *api.Client, o cli.EventsOptions) *eventsRun {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &eventsRun{t: t, url: "http://" + ln.Addr().String() + "/hook", out: &lockedBuffer{}, errOut: &lockedBuffer{}, cancel: cancel, done: make(chan error, 1), c: c, report: make(chan time.Time)}
	o.Report = r.report
	go func() { r.done <- cli.Events(ctx, c, ln, r.out, r.errOut, o) }()
	t.Cleanup(func() { cancel(); <-r.done })
	r.waitFor(r.errOut, "receiving webhooks at")
	return r
}

func (r *eventsRun) waitFor(b *lockedBuffer, s string) {
	r.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(b.String(), s) {
		if time.Now().After(deadline) {
			r.t.Fatalf("waiting for %q; have\n%s", s, b.String())
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// stop ends the command and returns its stdout.
func (r *eventsRun) stop() string {
	r.t.Helper()
	r.cancel()
	if err := <-r.done; err != nil {
		r.t.Fatal(err)
	}
	r.done <- nil // for the cleanup
	return r.out.String()
}

func (r *eventsRun) post(secret, body string) int {
	r.t.Helper()
	req, _ := http.NewRequest("POST", r.url, strings.NewReader(body))
	if secret != "" {
		req.Header.Set(webhook.SignatureHeader, secret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		r.t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func secretOf(t *testing.T, c *api.Client, id api.ID) (secret, key string) {
	t.Helper()
	s, err := c.GetSession(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return string(s.WebhookSecret), string(s.APIKey)
}

func TestEvents200DeliveriesAtOnceAreAnsweredAndPrintedOnce(t *testing.T) {
	t.Parallel()
	c := client(t, fake.Options{})
	r := startEvents(t, c, cli.EventsOptions{JSON: true})
	secret, key := secretOf(t, c, "12")
	const n = 200
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = r.post(secret, fmt.Sprintf(`{"event":"messages.received","sessionId":%q,"timestamp":1747775431,"data":{"messages":{"key":{"id":"m%03d","cleanedSenderPn":"4915730984412"},"messageBody":"hello %d"}}}`, key, i, i))
		}()
	}
	wg.Wait()
	for i, code := range codes {
		if code != 200 {
			t.Fatalf("delivery %d answered %d", i, code)
		}
	}
	out := r.stop()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != n {
		t.Fatalf("%d lines printed for %d deliveries", len(lines), n)
	}
	seen := map[string]bool{}
	for _, l := range lines {
		var e struct {
			Event      string `json:"event"`
			SessionID  string `json:"sessionId"`
			Session    string `json:"session"`
			ReceivedAt string `json:"received_at"`
			Repeat     bool   `json:"repeat"`
			Data       struct {
				Messages struct {
					Key struct{ ID string } `json:"key"`
				} `json:"messages"`
			} `json:"data"`
		}
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatalf("not JSON: %s", l)
		}
		id := e.Data.Messages.Key.ID
		if seen[id] || e.Repeat {
			t.Fatalf("%s printed twice", id)
		}
		seen[id] = true
		if e.Session != "12" || e.Event != "messages.received" || e.ReceivedAt == "" {
			t.Errorf("line %s", l)
		}
		if strings.Contains(l, key) || !strings.HasSuffix(e.SessionID, key[len(key)-4:]) {
			t.Fatalf("the API key is not masked: %s", l)
		}
	}
	if !strings.Contains(r.errOut.String(), "received 200 events (0 repeats); refused 0 deliveries") {
		t.Errorf("stderr:\n%s", r.errOut)
	}
}

func TestEventsPlainLinesAreCleanAndMarkRepeats(t *testing.T) {
	t.Parallel()
	c := client(t, fake.Options{})
	r := startEvents(t, c, cli.EventsOptions{})
	secret, _ := secretOf(t, c, "11")
	body := `{"event":"messages.received\u001b[2J","timestamp":1747775431467,"data":{"messages":{"key":{"id":"X1","cleanedSenderPn":"4915730984412"},"messageBody":"pay now\u001b]52;c;ZXZpbA==\u0007 please"}}}`
	for range 2 {
		if code := r.post(secret, body); code != 200 {
			t.Fatal(code)
		}
	}
	if code := r.post(secret, `{"event":"session.status","data":{"status":"need_scan"}}`); code != 200 {
		t.Fatal(code)
	}
	lines := strings.Split(strings.TrimSpace(r.stop()), "\n")
	if len(lines) != 3 {
		t.Fatalf("lines:\n%s", strings.Join(lines, "\n"))
	}
	for _, l := range lines {
		if strings.ContainsAny(l, "\x1b\x07") {
			t.Fatalf("control characters reach the terminal: %q", l)
		}
	}
	first := lines[0]
	if !strings.HasPrefix(first, "2025-05-20T21:10:31Z  Support Desk     messages.received [2J") ||
		!strings.Contains(first, "from +4915730984412: pay now ]52;c;ZXZpbA== please") || strings.Contains(first, "repeat") {
		t.Errorf("first line %q", first)
	}
	if !strings.HasSuffix(lines[1], "(repeat)") {
		t.Errorf("the redelivery is not marked: %q", lines[1])
	}
	if !strings.Contains(lines[2], "Support Desk     session.status             now need_scan") {
		t.Errorf("status line %q", lines[2])
	}
}

func TestEventsReportsRefusalsOnStderr(t *testing.T) {
	t.Parallel()
	c := client(t, fake.Options{})
	r := startEvents(t, c, cli.EventsOptions{})
	secret, _ := secretOf(t, c, "11")
	if code := r.post("forged", `{"event":"call"}`); code != 401 {
		t.Fatal(code)
	}
	if code := r.post(secret, `{"event":`); code != 400 {
		t.Fatal(code)
	}
	if code := r.post(secret, `{"event":"call","data":"`+strings.Repeat("x", webhook.MaxBody)+`"}`); code != 413 {
		t.Fatal(code)
	}
	r.report <- time.Now()
	r.waitFor(r.errOut, "refused 3 deliveries in the last minute: 1 wrong signature, 1 over 1 MiB, 1 not a JSON object with an event")
	r.report <- time.Now() // nothing new: nothing said
	if code := r.post("", `{"event":"call"}`); code != 401 {
		t.Fatal(code)
	}
	r.report <- time.Now()
	r.waitFor(r.errOut, "refused 1 delivery in the last minute: 1 no signature")
	r.stop()
	if n := strings.Count(r.errOut.String(), "refused "); n != 3 {
		t.Errorf("%d refusal lines:\n%s", n, r.errOut)
	}
	if !strings.Contains(r.errOut.String(), "refused 4 deliveries: 1 no signature, 1 wrong signature, 1 over 1 MiB, 1 not a JSON object with an event") {
		t.Errorf("no final summary:\n%s", r.errOut)
	}
}

func TestEventsForwardsUnchangedAndSigned(t *testing.T) {
	t.Parallel()
	c := client(t, fake.Options{})
	secret, _ := secretOf(t, c, "13")
	next := webhook.New(webhook.Options{Secrets: webhook.NewSecrets(webhook.SecretOptions{Static: map[string]string{"13": secret}})})
	sub := next.Subscribe(webhook.SubscribeOptions{})
	target := httptest.NewServer(next)
	defer target.Close()
	r := startEvents(t, c, cli.EventsOptions{Forward: target.URL + "/next"})
	body := "{\"event\": \"call\",\n \"data\": {\"call\": {\"from\": \"1@s.whatsapp.net\"}}}"
	if code := r.post(secret, body); code != 200 {
		t.Fatal(code)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	b, err := sub.Next(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(b.Events[0].Body); got != body || b.Events[0].Session.ID != "13" {
		t.Errorf("forwarded %q", got)
	}
	r.stop()
	if !strings.Contains(r.errOut.String(), "forwarded 1, 0 failed") {
		t.Errorf("stderr:\n%s", r.errOut)
	}
}

func TestEventsNeedsAWayToLearnSecrets(t *testing.T) {
	t.Parallel()
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	c, _ := api.New(api.Options{BaseURL: "http://127.0.0.1:1/api", APIKey: "only-a-session-key"})
	err := cli.Events(context.Background(), c, ln, &lockedBuffer{}, &lockedBuffer{}, cli.EventsOptions{})
	if err == nil || !strings.Contains(err.Error(), "personal access token") {
		t.Errorf("err %v", err)
	}
}

func TestEventsStartsWhenTheAPIIsDown(t *testing.T) {
	t.Parallel()
	c, _ := api.New(api.Options{BaseURL: "http://127.0.0.1:1/api", Token: "1|x", Timeout: time.Second})
	r := startEvents(t, c, cli.EventsOptions{Secrets: map[string]string{"99": "configured"}})
	if !strings.Contains(r.errOut.String(), "warning: learning the webhook secrets") {
		t.Errorf("stderr:\n%s", r.errOut)
	}
	if code := r.post("configured", `{"event":"call"}`); code != 200 {
		t.Errorf("a configured secret: %d", code)
	}
	if out := r.stop(); !strings.Contains(out, "session 99") {
		t.Errorf("out %q", out)
	}
}
