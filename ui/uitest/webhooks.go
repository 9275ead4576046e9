package uitest

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/wasender-tui/wasender-tui/api/webhook"
	"github.com/wasender-tui/wasender-tui/ui/common"
)

// PublicURL is where the console's receiver says WasenderAPI reaches it.
const PublicURL = "https://console.example.com/wasender"

// Listen gives the console a webhook receiver (not on the network: see
// Deliver) that knows every session of the fake, on the env's clock.
func (e *Env) Listen(t testing.TB) *webhook.Receiver {
	t.Helper()
	secrets := webhook.NewSecrets(webhook.SecretOptions{Source: e.Ctx.Client, Now: e.now})
	if err := secrets.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	rcv := webhook.New(webhook.Options{Secrets: secrets, Now: e.now, Keep: 1000})
	e.Ctx.Webhooks = &common.Webhooks{Receiver: rcv, Addr: "127.0.0.1:8090", PublicURL: PublicURL}
	return rcv
}

// Deliver posts body to the console's receiver signed with the webhook
// secret of session id, as the API does, and returns the answer's code.
func (e *Env) Deliver(t testing.TB, id int, body string) int {
	t.Helper()
	req := httptest.NewRequest("POST", "/", strings.NewReader(body))
	req.Header.Set(webhook.SignatureHeader, e.Fake.WebhookSecrets()[id])
	rec := httptest.NewRecorder()
	e.Ctx.Webhooks.Receiver.ServeHTTP(rec, req)
	return rec.Code
}
