package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// background runs a long-lived command until stop is called.
func background(t *testing.T, args ...string) (stdout, stderr *syncBuffer, stop func() int) {
	t.Helper()
	return backgroundEnv(t, nil, args...)
}

// backgroundEnv is background with the environment variables env set.
func backgroundEnv(t *testing.T, env map[string]string, args ...string) (stdout, stderr *syncBuffer, stop func() int) {
	t.Helper()
	for _, k := range []string{"WASENDER_TOKEN", "WASENDER_API_KEY", "WASENDER_API_URL", "WASENDER_PROFILE", "WASENDER_CONFIG"} {
		t.Setenv(k, "")
	}
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	for k, v := range env {
		t.Setenv(k, v)
	}
	ctx, cancel := context.WithCancel(context.Background())
	stdout, stderr = &syncBuffer{}, &syncBuffer{}
	code := make(chan int, 1)
	go func() { code <- run(ctx, args, stdout, stderr) }()
	return stdout, stderr, func() int { cancel(); return <-code }
}

func eventually(t *testing.T, what string, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestEventsDemoPrintsTheDemosWebhooks(t *testing.T) {
	out, errOut, stop := background(t, "events", "--demo", "--listen", "127.0.0.1:0")
	eventually(t, "the demo's QR code event", func() bool { return strings.Contains(out.String(), "Marketing Bot    qrcode.updated") })
	if code := stop(); code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	if !strings.Contains(errOut.String(), "receiving webhooks at http://127.0.0.1:") || !strings.Contains(errOut.String(), "refused 0 deliveries") {
		t.Errorf("stderr:\n%s", errOut)
	}
}

func TestEventsUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"events", "--demo", "--forward", "ftp://x"},
		{"events", "--demo", "--forward", "http://127.0.0.1:8090/"},
		{"events", "--demo", "stray"},
	} {
		code, _, errOut := runCLI(t, nil, args...)
		if code != 2 || !strings.Contains(errOut, "wasender-tui:") {
			t.Errorf("%v: exit %d\n%s", args, code, errOut)
		}
	}
	if code, _, errOut := runCLI(t, nil, "events", "--listen", "127.0.0.1:0"); code != 2 || !strings.Contains(errOut, "WASENDER_TOKEN") {
		t.Errorf("without a credential: exit %d\n%s", code, errOut)
	}
	if code, _, errOut := runCLI(t, nil, "fake-api", "--webhook-url", "nowhere"); code != 2 || !strings.Contains(errOut, "--webhook-url") {
		t.Errorf("bad --webhook-url: exit %d\n%s", code, errOut)
	}
}

func TestFakeAPISendsSignedWebhooks(t *testing.T) {
	type hit struct{ signature, body string }
	var mu sync.Mutex
	var hits []hit
	sink := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		hits = append(hits, hit{r.Header.Get("X-Webhook-Signature"), string(b)})
		mu.Unlock()
	}))
	defer sink.Close()
	out, errOut, stop := background(t, "fake-api", "--listen", "127.0.0.1:0", "--webhook-url", sink.URL+"/in")
	eventually(t, "the secrets", func() bool { return strings.Contains(out.String(), "session 16 webhook secret") })
	m := regexp.MustCompile(`session 14 webhook secret: ([0-9a-f]{32})`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no secret printed:\n%s", out)
	}
	eventually(t, "Marketing Bot's QR code", func() bool {
		mu.Lock()
		defer mu.Unlock()
		for _, h := range hits {
			if strings.Contains(h.body, `"qrcode.updated"`) && h.signature == m[1] {
				return true
			}
		}
		return false
	})
	if code := stop(); code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
}
