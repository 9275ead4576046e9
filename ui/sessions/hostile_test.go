package sessions_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/ui/sessions"
	"github.com/wasender-tui/wasender-tui/ui/uitest"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// issue12 is the session of issue 12's report: escapes in the id, the
// api_key and the webhook_secret, and a right-to-left override in the name.
const issue12 = `{"id":"5\u001b]0;pwned-id\u0007","name":"Desk \u202eevil","phone_number":"+1555","status":"connected",
	"api_key":"KEY\u001b]0;pwned-key\u0007","webhook_secret":"\u001b[2Jsecret"}`

// Issue 12, item 1: the details view drew id, api_key and webhook_secret
// as they came (and Mask kept the key's last 4 bytes raw): Enter rang the
// bell and retitled the terminal, v retitled it again, the secret cleared
// the screen. Neither the view, masked or revealed, nor what y copies
// holds an escape now.
func TestDetailsOfAHostileSessionDrawNoEscape(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/api/whatsapp-sessions" {
			w.Write([]byte(`{"success":true,"data":[` + issue12 + `]}`))
			return
		}
		w.Write([]byte(`{"success":true,"data":` + issue12 + `}`))
	}))
	defer srv.Close()
	env := uitest.New(t, fake.Options{})
	c, err := api.New(api.Options{BaseURL: srv.URL + "/api", Token: "1|t", Retry: api.RetryPolicy{MaxAttempts: 1}})
	if err != nil {
		t.Fatal(err)
	}
	env.SetClient(c)
	var clip bytes.Buffer
	env.Ctx.Output = &clip
	p := env.NewPane(t, 120, 30, func(s *view.Stack) view.Pane { return sessions.New(env.Ctx, s) })
	p.Press("enter")
	shown := []string{p.View()}
	if !strings.Contains(p.View(), "••••-key") && !strings.Contains(p.View(), "•-key") {
		t.Errorf("the masked key does not end in its last four (printable) characters:\n%s", p.View())
	}
	p.Press("v")
	shown = append(shown, p.View())
	for range 12 { // id, …, api_key, webhook_secret: copied each in turn
		p.Press("y", "down")
	}
	shown = append(shown, uitest.Clipboard(clip.String())...)
	for _, s := range shown {
		if bad, ok := uitest.Unsafe(s); ok {
			t.Errorf("holds %q:\n%s", bad, s)
		}
	}
	for _, want := range []string{"5 ]0;pwned-id", "KEY ]0;pwned-key", "[2Jsecret", "Desk evil"} {
		if !strings.Contains(strings.Join(shown, "\n"), want) {
			t.Errorf("nothing shows %q (the field cleaned)", want)
		}
	}
}
