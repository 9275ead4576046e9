package uitest

import (
	"net/http"
	"testing"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
)

// Latency makes the console's client wait d on the fake clock before
// every answer, as over a slow link: what the operator types meanwhile
// arrives before the answers, until the test moves the clock.
func (e *Env) Latency(t testing.TB, d time.Duration) {
	t.Helper()
	if e.Clock == nil {
		t.Fatal("uitest: Latency needs the fake clock")
	}
	slow := &http.Client{Transport: slowTransport{e.Clock, d, handlerTransport{e.Fake}}}
	e.SetClient(e.ClientWith(t, api.Options{Token: e.Fake.PersonalToken(), HTTPClient: slow}))
}

type slowTransport struct {
	clock *Clock
	d     time.Duration
	next  http.RoundTripper
}

func (t slowTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if err := t.clock.Sleep(r.Context(), t.d); err != nil {
		return nil, err
	}
	return t.next.RoundTrip(r)
}
