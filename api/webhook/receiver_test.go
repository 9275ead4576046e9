package webhook

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
)

// source is an account whose list leaves the secrets out, like the docs'.
type source struct {
	mu       sync.Mutex
	sessions []api.Session
	lists    int
	fail     error
	block    chan struct{} // when set, listing waits for it
}

func (s *source) ListSessions(context.Context) ([]api.Session, error) {
	s.mu.Lock()
	block := s.block
	s.mu.Unlock()
	if block != nil {
		<-block
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lists++
	if s.fail != nil {
		return nil, s.fail
	}
	out := make([]api.Session, len(s.sessions))
	for i, ss := range s.sessions {
		out[i] = api.Session{ID: ss.ID, Name: ss.Name}
	}
	return out, nil
}

func (s *source) GetSession(_ context.Context, id api.ID) (api.Session, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, ss := range s.sessions {
		if ss.ID == id {
			return ss, nil
		}
	}
	return api.Session{}, errors.New("not found")
}

func (s *source) add(ss api.Session) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sessions = append(s.sessions, ss)
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

const (
	secretSupport = "fb61be92ddb7935e0cedcec58e470f6c"
	keySupport    = "75075a7bf6417bff59e76fb7205382c2dc74cf1769e76f382c2dc74cf176c0bf"
	secretSales   = "0123456789abcdef0123456789abcdef"
	keySales      = "aaaa5a7bf6417bff59e76fb7205382c2dc74cf1769e76f382c2dc74cf176ffff"
)

func account() *source {
	return &source{sessions: []api.Session{
		{ID: "11", Name: "Support Desk", WebhookSecret: secretSupport, APIKey: keySupport},
		{ID: "12", Name: "Sales EU", WebhookSecret: secretSales, APIKey: keySales},
	}}
}

type rig struct {
	t   *testing.T
	src *source
	clk *clock
	rcv *Receiver
	sub *Subscription
}

func newRig(t *testing.T) *rig {
	t.Helper()
	r := &rig{t: t, src: account(), clk: &clock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}}
	secrets := NewSecrets(SecretOptions{Source: r.src, Now: r.clk.Now})
	if err := secrets.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	r.rcv = New(Options{Secrets: secrets, Now: r.clk.Now})
	r.sub = r.rcv.Subscribe(SubscribeOptions{})
	return r
}

func (r *rig) post(method, signature, body string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, "/hook", strings.NewReader(body))
	if signature != "" {
		req.Header.Set(SignatureHeader, signature)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	r.rcv.ServeHTTP(rec, req)
	return rec
}

const statusBody = `{"event":"session.status","sessionId":"` + keySupport + `","data":{"status":"connected"}}`

func TestEveryAnswer(t *testing.T) {
	huge := `{"event":"x","data":"` + strings.Repeat("a", MaxBody) + `"}`
	cases := []struct {
		name      string
		method    string
		signature string
		body      string
		code      int
		reason    Reason
		says      string
	}{
		{"accepted", "POST", secretSupport, statusBody, 200, -1, `"received":true`},
		{"GET", "GET", secretSupport, "", 405, NotPost, "only POST"},
		{"PUT", "PUT", secretSupport, statusBody, 405, NotPost, "only POST"},
		{"no signature", "POST", "", statusBody, 401, NoSignature, "missing X-Webhook-Signature"},
		{"wrong signature", "POST", "not-the-secret", statusBody, 401, WrongSignature, "invalid webhook signature"},
		{"a secret's prefix", "POST", secretSupport[:31], statusBody, 401, WrongSignature, "invalid"},
		{"the API key as signature", "POST", keySupport, statusBody, 401, WrongSignature, "invalid"},
		{"over 1 MiB", "POST", secretSupport, huge, 413, TooLarge, "over 1 MiB"},
		{"not JSON", "POST", secretSupport, "hello", 400, BadBody, "not a JSON object"},
		{"an array", "POST", secretSupport, `[{"event":"call"}]`, 400, BadBody, "an array"},
		{"no event", "POST", secretSupport, `{"data":{}}`, 400, BadBody, `no \"event\"`},
		{"truncated", "POST", secretSupport, `{"event":"call"`, 400, BadBody, "not valid JSON"},
		{"empty", "POST", secretSupport, ``, 400, BadBody, "empty"},
		{"another session's key", "POST", secretSales, statusBody, 401, SessionMismatch, "another session"},
		{"another session's key in data", "POST", secretSales, `{"event":"session.status","data":{"status":"connected","session_id":"` + keySupport + `"}}`, 401, SessionMismatch, "another session"},
		{"a sessionId that is no key", "POST", secretSales, `{"event":"session.status","sessionId":"session1","data":{}}`, 200, -1, "received"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newRig(t)
			rec := r.post(c.method, c.signature, c.body)
			if rec.Code != c.code {
				t.Fatalf("answered %d %s, want %d", rec.Code, rec.Body, c.code)
			}
			if !strings.Contains(rec.Body.String(), c.says) {
				t.Errorf("body %s does not say %q", rec.Body, c.says)
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q", ct)
			}
			if c.code == 405 && rec.Header().Get("Allow") != "POST" {
				t.Error("405 without Allow: POST")
			}
			st := r.rcv.Stats()
			b := r.sub.Take()
			if c.code == 200 {
				if st.Accepted != 1 || st.RefusedTotal() != 0 || len(b.Events) != 1 {
					t.Errorf("stats %+v, %d events delivered", st, len(b.Events))
				}
				return
			}
			if st.Accepted != 0 || st.Refused[c.reason] != 1 || st.RefusedTotal() != 1 || len(b.Events) != 0 {
				t.Errorf("stats %+v, %d events delivered; want one refusal for %s", st, len(b.Events), c.reason)
			}
			if !strings.Contains(st.RefusedText(), "1 "+c.reason.String()) {
				t.Errorf("RefusedText %q", st.RefusedText())
			}
		})
	}
}

func TestTheMatchingSecretNamesTheSession(t *testing.T) {
	r := newRig(t)
	r.post("POST", secretSales, `{"event":"messages.update","sessionId":"`+keySales+`","timestamp":1747775431467,"data":{"key":{"id":"X"},"update":{"status":3}}}`)
	r.post("POST", " "+secretSupport+" ", statusBody)
	b := r.sub.Take()
	if len(b.Events) != 2 {
		t.Fatalf("%d events", len(b.Events))
	}
	e := b.Events[0]
	if e.Session != (Session{ID: "12", Name: "Sales EU"}) || e.Seq != 1 || e.Kind != MessagesUpdate || e.Repeat {
		t.Errorf("first event %+v", e)
	}
	if !e.ReceivedAt.Equal(r.clk.Now()) || !e.Timestamp.Equal(time.UnixMilli(1747775431467)) {
		t.Errorf("times %v %v", e.ReceivedAt, e.Timestamp)
	}
	if b.Events[1].Session.ID != "11" || b.Events[1].Seq != 2 {
		t.Errorf("second event %+v", b.Events[1].Session)
	}
}

func TestStaticSecretsWorkWithoutASource(t *testing.T) {
	rcv := New(Options{Secrets: NewSecrets(SecretOptions{Static: map[string]string{"42": "s3cret"}})})
	sub := rcv.Subscribe(SubscribeOptions{})
	for sig, want := range map[string]int{"s3cret": 200, "other": 401} {
		req := httptest.NewRequest("POST", "/", strings.NewReader(`{"event":"call"}`))
		req.Header.Set(SignatureHeader, sig)
		rec := httptest.NewRecorder()
		rcv.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("%s: %d, want %d", sig, rec.Code, want)
		}
	}
	if b := sub.Take(); len(b.Events) != 1 || b.Events[0].Session.ID != "42" {
		t.Errorf("events %+v", b.Events)
	}
}

func TestAMissRefreshesTheSecretsAtMostEvery30Seconds(t *testing.T) {
	r := newRig(t)
	if r.src.lists != 1 {
		t.Fatalf("%d lists at load", r.src.lists)
	}
	// a session created after the receiver started
	r.src.add(api.Session{ID: "17", Name: "New Line", WebhookSecret: "new-secret", APIKey: "new-key"})
	r.clk.Advance(31 * time.Second)
	if rec := r.post("POST", "new-secret", `{"event":"call"}`); rec.Code != 200 {
		t.Fatalf("a new session's delivery: %d", rec.Code)
	}
	if r.src.lists != 2 {
		t.Fatalf("%d lists, want a refresh", r.src.lists)
	}
	// a stream of bad signatures costs one refresh per 30 s
	for range 50 {
		r.post("POST", "forged", `{"event":"call"}`)
		r.clk.Advance(time.Second)
	}
	if r.src.lists != 3 {
		t.Errorf("%d lists after 50 misses in 50 s, want 3", r.src.lists)
	}
	if got := r.rcv.Stats().Refused[WrongSignature]; got != 50 {
		t.Errorf("%d refused", got)
	}
	if b := r.sub.Take(); len(b.Events) != 1 || b.Events[0].Session.Name != "New Line" {
		t.Errorf("events %+v", b.Events)
	}
}

func TestMissesWaitForOneRefresh(t *testing.T) {
	r := newRig(t)
	r.src.add(api.Session{ID: "17", Name: "New Line", WebhookSecret: "new-secret"})
	block := make(chan struct{})
	r.src.mu.Lock()
	r.src.block = block
	r.src.mu.Unlock()
	r.clk.Advance(time.Minute)
	codes := make(chan int)
	for range 20 {
		go func() { codes <- r.post("POST", "new-secret", `{"event":"call"}`).Code }()
	}
	close(block) // the refresh may now list; the misses are waiting for it
	for range 20 {
		if c := <-codes; c != 200 {
			t.Fatalf("a delivery signed by the new session: %d", c)
		}
	}
	if r.src.lists != 2 {
		t.Errorf("%d lists for 20 concurrent misses, want the load and one refresh", r.src.lists)
	}
}

func TestAFailedRefreshKeepsWhatWasKnown(t *testing.T) {
	r := newRig(t)
	r.src.mu.Lock()
	r.src.fail = errors.New("HTTP 502")
	r.src.mu.Unlock()
	r.clk.Advance(time.Minute)
	if rec := r.post("POST", "forged", `{"event":"call"}`); rec.Code != 401 {
		t.Fatal(rec.Code)
	}
	if rec := r.post("POST", secretSupport, statusBody); rec.Code != 200 {
		t.Errorf("a known secret after a failed refresh: %d", rec.Code)
	}
}

func TestRedeliveriesAreMarkedNotDropped(t *testing.T) {
	r := newRig(t)
	update := func(id string, status int) string {
		return fmt.Sprintf(`{"event":"messages.update","timestamp":%d,"data":{"key":{"id":%q,"remoteJid":"1@s.whatsapp.net"},"update":{"status":%d}}}`, time.Now().UnixMilli(), id, status)
	}
	bodies := []struct {
		sig, body string
		repeat    bool
	}{
		{secretSupport, update("A", 2), false},
		{secretSupport, update("A", 3), false}, // a new status is news
		{secretSupport, update("A", 3), true},  // the same one again, later
		{secretSales, update("A", 3), false},   // another session
		{secretSupport, `{"event":"message.update","data":{"key":{"id":"A","remoteJid":"1@s.whatsapp.net"},"update":{"status":3}}}`, true}, // other spelling
		{secretSupport, `{"event":"session.status","data":{"status":"connecting"}}`, false},
		{secretSupport, `{"event":"session.status","data":{"status":"connected"}}`, false},
		{secretSupport, `{"event":"session.status","data": {"status": "connected"}}`, true},
		{secretSupport, `{"event":"session.status","data":{"status":"connecting"}}`, false},
		{secretSupport, `{"event":"session.status","data":{"status":"connected"}}`, false}, // a real reconnect
	}
	for _, b := range bodies {
		if rec := r.post("POST", b.sig, b.body); rec.Code != 200 {
			t.Fatalf("%s: %d", b.body, rec.Code)
		}
	}
	got := r.sub.Take().Events
	if len(got) != len(bodies) {
		t.Fatalf("%d events delivered, want all %d", len(got), len(bodies))
	}
	for i, e := range got {
		if e.Repeat != bodies[i].repeat {
			t.Errorf("event %d (%s): repeat %v, want %v", i, bodies[i].body, e.Repeat, bodies[i].repeat)
		}
	}
	if st := r.rcv.Stats(); st.Repeats != 3 || st.Accepted != uint64(len(bodies)) {
		t.Errorf("stats %+v", st)
	}
}

func TestConcurrentDeliveriesReachEverySubscriberOnceInOneOrder(t *testing.T) {
	r := newRig(t)
	other := r.rcv.Subscribe(SubscribeOptions{})
	const n = 200
	var wg sync.WaitGroup
	codes := make([]int, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = r.post("POST", secretSupport, fmt.Sprintf(`{"event":"messages.received","data":{"messages":{"key":{"id":"m%d"}}}}`, i)).Code
		}()
	}
	wg.Wait()
	for i, c := range codes {
		if c != 200 {
			t.Fatalf("delivery %d answered %d", i, c)
		}
	}
	a, b := r.sub.Take().Events, other.Take().Events
	if len(a) != n || len(b) != n {
		t.Fatalf("subscribers got %d and %d events", len(a), len(b))
	}
	seen := map[string]bool{}
	for i := range a {
		if a[i] != b[i] || a[i].Seq != uint64(i+1) {
			t.Fatalf("event %d differs between subscribers or is out of order", i)
		}
		id := a[i].Messages()[0].ID
		if seen[id] || a[i].Repeat {
			t.Fatalf("%s delivered twice", id)
		}
		seen[id] = true
	}
}

func TestASlowSubscriberMissesOnlyItsOwnEvents(t *testing.T) {
	r := newRig(t)
	slow := r.rcv.Subscribe(SubscribeOptions{Events: 10})
	for i := range 25 {
		if rec := r.post("POST", secretSupport, fmt.Sprintf(`{"event":"call","data":{"call":{"id":"%d"}}}`, i)); rec.Code != 200 {
			t.Fatal(rec.Code)
		}
	}
	b := slow.Take()
	if len(b.Events) != 10 || b.Missed != 15 || slow.Missed() != 15 {
		t.Fatalf("slow subscriber holds %d, missed %d", len(b.Events), b.Missed)
	}
	if b.Events[0].Seq != 16 || b.Events[9].Seq != 25 {
		t.Errorf("the newest should be kept: seq %d…%d", b.Events[0].Seq, b.Events[9].Seq)
	}
	if all := r.sub.Take(); len(all.Events) != 25 || all.Missed != 0 {
		t.Errorf("the other subscriber got %d, missed %d", len(all.Events), all.Missed)
	}
	if again := slow.Take(); again.Missed != 0 || len(again.Events) != 0 {
		t.Errorf("missed is reported once: %+v", again)
	}
}

func TestASubscriptionIsBoundedInBytes(t *testing.T) {
	r := newRig(t)
	sub := r.rcv.Subscribe(SubscribeOptions{Bytes: 100 << 10})
	body := `{"event":"call","data":"` + strings.Repeat("x", 30<<10) + `"}`
	for range 10 {
		r.post("POST", secretSupport, body)
	}
	b := sub.Take()
	if len(b.Events) != 3 || b.Missed != 7 {
		t.Errorf("held %d events of 30 KiB in 100 KiB, missed %d", len(b.Events), b.Missed)
	}
}

func TestNextWaitsAndEndsAfterClose(t *testing.T) {
	r := newRig(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	got := make(chan Batch)
	go func() {
		b, _ := r.sub.Next(ctx)
		got <- b
	}()
	r.post("POST", secretSupport, statusBody)
	if b := <-got; len(b.Events) != 1 {
		t.Fatalf("Next returned %d events", len(b.Events))
	}
	r.post("POST", secretSupport, `{"event":"call"}`)
	r.sub.Close()
	r.post("POST", secretSupport, `{"event":"call","data":{}}`)
	if b, err := r.sub.Next(ctx); err != nil || len(b.Events) != 1 {
		t.Fatalf("after Close: %d events, %v; want the one waiting", len(b.Events), err)
	}
	if _, err := r.sub.Next(ctx); !errors.Is(err, ErrClosed) {
		t.Errorf("drained: %v, want ErrClosed", err)
	}
}

func TestJSONLineMasksTheAPIKeyAndAddsFields(t *testing.T) {
	r := newRig(t)
	r.post("POST", secretSupport, "{\n  \"event\": \"session.status\",\n  \"sessionId\": \""+keySupport+"\",\n  \"data\": {\"status\": \"connected\", \"session_id\": \""+keySupport+"\", \"session\": 1},\n  \"session\": \"spoofed\"\n}")
	e := r.sub.Take().Events[0]
	line := string(e.JSON(func(s string) string { return "••••" + s[len(s)-4:] }, Field{"session", "11"}, Field{"received_at", "2026-01-02T03:04:05Z"}))
	want := `{"event":"session.status","sessionId":"••••c0bf","data":{"status":"connected","session_id":"••••c0bf","session":1},"session":"11","received_at":"2026-01-02T03:04:05Z"}`
	if line != want {
		t.Errorf("line\n%s\nwant\n%s", line, want)
	}
	if strings.Contains(string(e.Body), "••••") {
		t.Error("the body itself was changed")
	}
}

func TestListenAddrIsLoopbackUnlessGiven(t *testing.T) {
	for in, want := range map[string]string{
		"": "127.0.0.1:8090", "9000": "127.0.0.1:9000", ":9000": "127.0.0.1:9000",
		"0.0.0.0:9000": "0.0.0.0:9000", "[::]:9000": "[::]:9000", "10.0.0.5:80": "10.0.0.5:80",
	} {
		if got := ListenAddr(in); got != want {
			t.Errorf("ListenAddr(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOverHTTP(t *testing.T) {
	r := newRig(t)
	srv := httptest.NewServer(r.rcv)
	defer srv.Close()
	req, _ := http.NewRequest("POST", srv.URL+"/any/path", strings.NewReader(statusBody))
	req.Header.Set("x-webhook-signature", secretSupport)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatal(resp.Status)
	}
	req, _ = http.NewRequest("POST", srv.URL, strings.NewReader(strings.Repeat("x", 2*MaxBody)))
	req.Header.Set(SignatureHeader, secretSupport)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 413 {
		t.Errorf("2 MiB: %s", resp.Status)
	}
}

func TestBodiesOfUnknownLength(t *testing.T) {
	r := newRig(t)
	for size, want := range map[int]int{100: 200, MaxBody + 1: 413} {
		body := `{"event":"call","data":"` + strings.Repeat("x", size) + `"}`
		req := httptest.NewRequest("POST", "/", io.NopCloser(strings.NewReader(body)))
		req.ContentLength = -1 // chunked
		req.Header.Set(SignatureHeader, secretSupport)
		rec := httptest.NewRecorder()
		r.rcv.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("%d bytes of unknown length: %d, want %d", size, rec.Code, want)
		}
	}
	req := httptest.NewRequest("POST", "/", strings.NewReader(`{"event":"call"}`))
	req.ContentLength = 500 // more than arrives
	req.Header.Set(SignatureHeader, secretSupport)
	rec := httptest.NewRecorder()
	r.rcv.ServeHTTP(rec, req)
	if rec.Code != 400 || !strings.Contains(rec.Body.String(), "unexpected EOF") {
		t.Errorf("a short body: %d %s", rec.Code, rec.Body)
	}
}
