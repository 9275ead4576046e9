package backend_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/api/webhook"
	"github.com/wasender-tui/wasender-tui/config"
	"github.com/wasender-tui/wasender-tui/ui/backend"
)

// A config that listens: the receiver learns the secrets with the
// profile's token, answers on its address, and relays each event to
// [events] forward, signed as it came.
func TestTheReceiverOfAProfile(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	f := fake.New(fake.Options{})
	api := httptest.NewServer(f)
	defer api.Close()
	relayed := make(chan *http.Request, 4)
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		relayed <- r
	}))
	defer target.Close()
	path := filepath.Join(t.TempDir(), "config.toml")
	cfg := "[profiles.p]\nbase_url = \"" + api.URL + "/api\"\ntoken = \"" + f.PersonalToken() + "\"\n" +
		"[events]\npublic_url = \"https://console.example.com/w\"\nforward = \"" + target.URL + "/n8n\"\n"
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	b, err := backend.Open(backend.Options{Config: config.Options{Path: path}, Events: &backend.EventsOptions{Listen: "127.0.0.1:0"}})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	w := b.Webhooks
	if w == nil || w.PublicURL != "https://console.example.com/w" || w.Forwarder == nil || b.Context(nil).Webhooks != w {
		t.Fatalf("webhooks %+v", w)
	}
	sub := w.Receiver.Subscribe(webhook.SubscribeOptions{})
	secret := f.WebhookSecrets()[12]
	req, _ := http.NewRequest("POST", w.URL(), strings.NewReader(`{"event":"session.status","data":{"status":"connected"}}`))
	req.Header.Set(webhook.SignatureHeader, secret)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("answer %v %v", resp, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	got, err := sub.Next(ctx)
	if err != nil || got.Events[0].Session != (webhook.Session{ID: "12", Name: "Sales EU"}) {
		t.Fatalf("event %+v, %v", got, err)
	}
	select {
	case r := <-relayed:
		if r.URL.Path != "/n8n" || r.Header.Get(webhook.SignatureHeader) != secret || r.Header.Get(webhook.ForwardedHeader) != "1" {
			t.Errorf("relayed %s %v", r.URL, r.Header)
		}
	case <-ctx.Done():
		t.Fatal("not forwarded")
	}
	if other, err := b.WithProfile("p"); err != nil || other.Webhooks != w {
		t.Errorf("the same profile: %v", err)
	}
}

// The listener's address is taken; the profile has only an API key: each
// is said, and nothing starts.
func TestTheReceiverCannotStart(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	path := filepath.Join(t.TempDir(), "config.toml")
	os.WriteFile(path, []byte("[profiles.p]\nbase_url = \"http://127.0.0.1:1/api\"\ntoken = \"1|aaaaaaaaaaaaaaaa\"\n"), 0o600)
	_, err = backend.Open(backend.Options{Config: config.Options{Path: path}, Events: &backend.EventsOptions{Listen: ln.Addr().String()}})
	if err == nil || !strings.Contains(err.Error(), "listen on "+ln.Addr().String()+" for webhooks") {
		t.Errorf("port taken: %v", err)
	}
	os.WriteFile(path, []byte("[profiles.p]\nbase_url = \"http://127.0.0.1:1/api\"\napi_key = \"aaaaaaaaaaaaaaaa\"\n"), 0o600)
	_, err = backend.Open(backend.Options{Config: config.Options{Path: path}, Events: &backend.EventsOptions{Listen: "127.0.0.1:0"}})
	if err == nil || !strings.Contains(err.Error(), "needs the personal access token") {
		t.Errorf("api key only: %v", err)
	}
	os.WriteFile(path, []byte("[profiles.p]\nbase_url = \"http://127.0.0.1:1/api\"\ntoken = \"1|aaaaaaaaaaaaaaaa\"\n[events]\nforward = \"http://127.0.0.1:8090/\"\n"), 0o600)
	_, err = backend.Open(backend.Options{Config: config.Options{Path: path}, Events: &backend.EventsOptions{Listen: "8090"}})
	if err == nil || !strings.Contains(err.Error(), "own address") {
		t.Errorf("forward to itself: %v", err)
	}
}
