package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// cannedTransport answers every request with the same response, in memory.
type cannedTransport struct {
	status int
	header http.Header
	body   []byte
}

func (c *cannedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		io.Copy(io.Discard, r.Body)
		r.Body.Close()
	}
	return &http.Response{
		StatusCode: c.status, Header: c.header.Clone(), Request: r,
		Body: io.NopCloser(bytes.NewReader(c.body)), ContentLength: int64(len(c.body)),
	}, nil
}

// cannedClient is a Client whose every call gets (status, header, body).
func cannedClient(tb testing.TB, status int, header http.Header, body []byte) *Client {
	tb.Helper()
	clk := newFakeClock()
	c, err := New(Options{
		BaseURL: "http://api.invalid/api", Token: testPAT, SessionKeys: map[string]string{"1": "k"},
		HTTPClient: &http.Client{Transport: &cannedTransport{status: status, header: header, body: body}},
		Retry:      RetryPolicy{MaxAttempts: 2}, Now: clk.Now, Sleep: clk.Sleep,
	})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// fuzzStatuses are the answers worth telling apart.
var fuzzStatuses = []int{200, 201, 204, 400, 401, 404, 422, 429, 500, 502, 503}

func seedFixtures(f *testing.F, add func([]byte)) {
	names, err := filepath.Glob(filepath.Join("testdata", "*"))
	if err != nil {
		f.Fatal(err)
	}
	for _, n := range names {
		if st, err := os.Stat(n); err != nil || st.IsDir() || strings.HasSuffix(n, ".md") {
			continue
		}
		b, err := os.ReadFile(n)
		if err != nil {
			f.Fatal(err)
		}
		add(b)
	}
}

// FuzzDecodeResponses runs representative client calls against a server
// whose body, status and rate-limit headers are the fuzz input. Whatever
// arrives, a call returns a value or an *Error, never panics, and an error's
// text can be rendered.
func FuzzDecodeResponses(f *testing.F) {
	seedFixtures(f, func(b []byte) {
		f.Add(b, uint8(0), "", "")
		f.Add(b, uint8(7), "120", "1758629000")
	})
	f.Add([]byte(`{"success":true,"data":{"id":1,"name":"Busi`), uint8(0), "", "")
	f.Add([]byte(`{"success":false,"errors":{"to":"x"},"retry_after":"1e999"}`), uint8(6), "NaN", "-5")
	f.Add([]byte(`{"success":true,"data":{"current_page":"1e300","data":[{"content":{"poll":{"question":1}}}]}}`), uint8(0), "", "")
	f.Fuzz(func(t *testing.T, body []byte, statusSel uint8, retryAfter, reset string) {
		// A call that blocks for real (a wait on the wall clock) shows up as
		// a crash with its input rather than as a stalled fuzzer.
		watchdog := time.AfterFunc(10*time.Second, func() { panic("one input took over 10s") })
		defer watchdog.Stop()
		status := fuzzStatuses[int(statusSel)%len(fuzzStatuses)]
		h := http.Header{}
		if retryAfter != "" {
			h.Set("Retry-After", retryAfter)
		}
		if reset != "" {
			h.Set("X-RateLimit-Reset", reset)
			h.Set("X-RateLimit-Remaining", reset)
		}
		c := cannedClient(t, status, h, body)
		ctx := context.Background()
		sc := c.Session("1")
		check := func(err error) {
			if err == nil {
				return
			}
			if _, ok := AsError(err); !ok {
				t.Fatalf("error %T is not an *api.Error: %v", err, err)
			}
			_ = err.Error()
			_ = Words(err)
		}
		if status >= 300 {
			// Every non-2xx must be an error, whatever the body says.
			if _, err := c.ListSessions(ctx); err == nil {
				t.Fatalf("status %d gave no error", status)
			}
		}
		list, err := c.ListSessions(ctx)
		check(err)
		for _, s := range list {
			_ = s.Status.Is(StatusConnected)
		}
		_, err = c.GetSession(ctx, "1")
		check(err)
		_, err = c.ConnectSession(ctx, "1", "passkey")
		check(err)
		_, err = c.RegenerateKey(ctx, "1")
		check(err)
		sl, err := c.SessionLogs(ctx, "1", LogQuery{Page: 1})
		check(err)
		for _, l := range sl.Data {
			_ = l.OccurredAt.String()
		}
		ml, err := c.MessageLogs(ctx, "1", LogQuery{Page: 1})
		check(err)
		for _, m := range ml.Data {
			_ = m.Content.Text()
			_ = m.Content.Fields()
		}
		_, err = sc.Status(ctx)
		check(err)
		_, err = sc.User(ctx)
		check(err)
		_, err = sc.Contacts(ctx)
		check(err)
		_, err = sc.ContactsPage(ctx, 1, 20)
		check(err)
		_, err = sc.Contact(ctx, "1234567890")
		check(err)
		_, err = sc.GroupsPage(ctx, 1, 20)
		check(err)
		m, err := sc.GroupMetadata(ctx, "1-2@g.us")
		check(err)
		for _, p := range m.Participants {
			_ = p.IsAdmin()
		}
		_, err = sc.GroupParticipants(ctx, "1-2@g.us")
		check(err)
		_, err = sc.GroupInviteLink(ctx, "1-2@g.us")
		check(err)
		info, err := sc.MessageInfo(ctx, "100000")
		check(err)
		_ = info.DeliveryStatus()
		_, err = sc.SendText(ctx, "+1", "x")
		check(err)
	})
}

// FuzzDecodeValues feeds one JSON value to every tolerant type and to the
// timestamp and Retry-After parsers.
func FuzzDecodeValues(f *testing.F) {
	for _, s := range []string{`1`, `"1001"`, `null`, `true`, `"2023-10-27 10:30:15"`, `"2025-09-23T12:00:00.000000Z"`,
		`1747775431467`, `"{\"text\":\"hi\"}"`, `{"location":{"latitude":1}}`, `"1e300"`, `"NaN"`, `-0`, `"\ud800"`} {
		f.Add([]byte(s))
	}
	now := time.Date(2025, 9, 23, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, b []byte) {
		var id ID
		_ = id.UnmarshalJSON(b)
		_, _ = id.Int()
		var n Int
		_ = n.UnmarshalJSON(b)
		var v Bool
		_ = v.UnmarshalJSON(b)
		var tx Text
		_ = tx.UnmarshalJSON(b)
		var tm Time
		if tm.UnmarshalJSON(b) == nil {
			if _, err := tm.MarshalJSON(); err != nil && !tm.IsZero() {
				// Years beyond 9999 cannot be written as RFC 3339; that is
				// an error, not a panic.
				_ = err
			}
		}
		var st Status
		_ = st.UnmarshalJSON(b)
		_ = st.Is("connected")
		var c Content
		_ = c.UnmarshalJSON(b)
		_ = c.Text()
		_, _ = c.MarshalJSON()
		var p Participant
		_ = json.Unmarshal(b, &p)
		var g Group
		_ = json.Unmarshal(b, &g)
		var m GroupMetadata
		_ = json.Unmarshal(b, &m)
		_, _ = parseTime(string(b))
		if d := parseRetryAfter(string(b), now); d < 0 || d > maxRetryAfter {
			t.Fatalf("Retry-After %q gave %v", b, d)
		}
		if d := retrySeconds(b); d < 0 || d > maxRetryAfter {
			t.Fatalf("retry_after %q gave %v", b, d)
		}
		_ = snippet(b)
		_ = JIDPhone(string(b))
		_ = phoneDigits(string(b))
	})
}
