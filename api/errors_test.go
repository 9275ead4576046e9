package api

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
)

// errClient makes one call that gets the given answer, without retries.
func errCall(t *testing.T, rep reply) (*Client, error) {
	t.Helper()
	s := newAPIServer(t)
	clk := newFakeClock()
	c := s.client(t, clk.opts(Options{Token: testPAT, Retry: RetryPolicy{MaxAttempts: 1}}))
	s.handle("GET /api/whatsapp-sessions/1", func(*http.Request, int) reply { return rep })
	_, err := c.GetSession(context.Background(), "1")
	return c, err
}

func TestErrorMessageSources(t *testing.T) {
	cases := []struct {
		name   string
		rep    reply
		status int
		msg    string
	}{
		{"message envelope", reply{status: 403, body: fixture(t, "error_no_subscription.json")}, 403,
			"Active subscription or trial is required to use the API"},
		{"error envelope", reply{status: 404, body: fixture(t, "session_not_found.json")}, 404,
			"The specified session was not found."},
		{"message wins over error", reply{status: 400, body: []byte(`{"success":false,"message":"m","error":"e"}`)}, 400, "m"},
		{"status text", reply{status: 404, body: []byte(`{"message":"","success":false}`)}, 404, "Not Found"},
		{"unknown status", reply{status: 599, body: []byte(`{}`)}, 599, "HTTP status 599"},
		{"2xx success false, error", reply{status: 200, body: fixture(t, "session_create_limit.json")}, 200,
			"You have reached your WhatsApp session limit. Please upgrade your plan to add more sessions."},
		{"2xx success false, no words", reply{status: 200, body: []byte(`{"success":false}`)}, 200,
			"the API reported a failure without saying why"},
		{"2xx success as a string", reply{status: 200, body: []byte(`{"success":"false","message":"nope"}`)}, 200, "nope"},
		{"object message", reply{status: 500, body: []byte(`{"message":{"detail":"x"}}`)}, 500, `{"detail":"x"}`},
		{"odd retry_after keeps the message", reply{status: 429, body: []byte(`{"message":"slow down","retry_after":"soon"}`)}, 429, "slow down"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := errCall(t, tc.rep)
			e := mustErr(t, err)
			if e.Status != tc.status || e.Message != tc.msg {
				t.Errorf("status %d message %q, want %d %q", e.Status, e.Message, tc.status, tc.msg)
			}
			if Words(err) != tc.msg {
				t.Errorf("Words = %q", Words(err))
			}
			if !IsStatus(err, tc.status) {
				t.Errorf("IsStatus(%d) false", tc.status)
			}
			if e.Op != "get session 1" || e.Method != "GET" || e.Path != "/whatsapp-sessions/1" {
				t.Errorf("op/method/path = %q %q %q", e.Op, e.Method, e.Path)
			}
		})
	}
}

func TestValidationErrors422(t *testing.T) {
	s := newAPIServer(t)
	c := s.client(t, newFakeClock().opts(Options{Token: testPAT, SessionKeys: map[string]string{"1": "k"}}))
	body := fixture(t, "error_validation.json")
	s.handle("POST /api/send-message", func(*http.Request, int) reply { return reply{status: 422, body: body} })
	_, err := c.Session("1").SendText(context.Background(), "", "")
	e := mustErr(t, err)
	want := map[string][]string{
		"to":   {"The to field is required."},
		"text": {"The text field is required when no media is present."},
	}
	if e.Status != 422 || e.Message != "Validation failed" || !reflect.DeepEqual(e.Fields, want) {
		t.Errorf("error = %+v", e)
	}
	if got := e.fieldSummary(); got != "text: The text field is required when no media is present.; to: The to field is required." {
		t.Errorf("fieldSummary = %q", got)
	}
	if got := err.Error(); got != "send message: Validation failed (text: The text field is required when no media is present.; to: The to field is required.) [HTTP 422]" {
		t.Errorf("Error() = %q", got)
	}
	// The single-string form some Laravel apps use.
	_, err = errCall(t, reply{status: 422, body: []byte(`{"message":"bad","errors":{"name":"The name field is required."}}`)})
	if e := mustErr(t, err); e.fieldSummary() != "name: The name field is required." {
		t.Errorf("fieldSummary = %q", e.fieldSummary())
	}
}

func TestRateLimitErrors(t *testing.T) {
	clk := newFakeClock()
	httpDate := clk.Now().Add(90 * time.Second).Format(http.TimeFormat)
	cases := []struct {
		name string
		rep  reply
		want time.Duration
		msg  string
	}{
		{"body retry_after", reply{status: 429, body: fixture(t, "rate_limit_trial.json")}, 60 * time.Second,
			"You are on a free trial. You can only send 1 message every 1 minute."},
		{"body retry_after protection", reply{status: 429, body: fixture(t, "rate_limit_protection.json")}, 5 * time.Second,
			"You have account protection enabled. You can only send 1 message every 5 seconds. Check our API docs: https://www.wasenderapi.com/api-docs"},
		{"body retryAfter string", reply{status: 429, body: []byte(`{"message":"x","retryAfter":"7"}`)}, 7 * time.Second, "x"},
		{"header seconds", reply{status: 429, body: []byte(`{"message":"x"}`), header: http.Header{"Retry-After": {"120"}}}, 120 * time.Second, "x"},
		{"header HTTP date", reply{status: 429, body: []byte(`{"message":"x"}`), header: http.Header{"Retry-After": {httpDate}}}, 90 * time.Second, "x"},
		{"body beats header", reply{status: 429, body: fixture(t, "rate_limit_protection.json"), header: http.Header{"Retry-After": {"100"}}}, 5 * time.Second, ""},
		{"header on a non-JSON body", reply{status: 429, body: []byte("slow down"), header: http.Header{"Retry-After": {"3"}}}, 3 * time.Second, "Too Many Requests"},
		{"absurd header is capped", reply{status: 429, body: []byte(`{}`), header: http.Header{"Retry-After": {"1e300"}}}, maxRetryAfter, ""},
		{"absurd body is capped", reply{status: 429, body: []byte(`{"retry_after":9223372036854775807}`)}, maxRetryAfter, ""},
		{"NaN header ignored", reply{status: 429, body: []byte(`{}`), header: http.Header{"Retry-After": {"NaN"}}}, 0, ""},
		{"negative ignored", reply{status: 429, body: []byte(`{"retry_after":-5}`), header: http.Header{"Retry-After": {"-1"}}}, 0, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newAPIServer(t)
			c := s.client(t, newFakeClock().opts(Options{Token: testPAT, Retry: RetryPolicy{MaxAttempts: 1}}))
			s.handle("GET /api/whatsapp-sessions/1", func(*http.Request, int) reply { return tc.rep })
			_, err := c.GetSession(context.Background(), "1")
			e := mustErr(t, err)
			if e.Status != 429 || e.RetryAfter != tc.want {
				t.Errorf("status %d RetryAfter %v, want 429 %v", e.Status, e.RetryAfter, tc.want)
			}
			if tc.msg != "" && e.Message != tc.msg {
				t.Errorf("message %q", e.Message)
			}
			if tc.want > 0 && !strings.Contains(err.Error(), "retry in ") {
				t.Errorf("Error() = %q does not say when to retry", err)
			}
		})
	}
}

func TestRateLimitHeaders(t *testing.T) {
	clk := newFakeClock()
	for _, tc := range []struct {
		name, reset string
		want        time.Time
	}{
		{"reset as unix time", "1758629000", time.Unix(1758629000, 0)},
		{"reset as seconds from now", "30", clk.Now().Add(30 * time.Second)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newAPIServer(t)
			c := s.client(t, clk.opts(Options{Token: testPAT, Retry: RetryPolicy{MaxAttempts: 1}}))
			h := http.Header{"X-Ratelimit-Limit": {"256"}, "X-Ratelimit-Remaining": {"255"}, "X-Ratelimit-Reset": {tc.reset}}
			rl := parseRateLimit(h, clk.Now())
			if !rl.Known || rl.Limit != 256 || rl.Remaining != 255 || !rl.Reset.Equal(tc.want) {
				t.Errorf("rate limit = %+v, want reset %v", rl, tc.want)
			}
			// An error carries the reading too.
			h0 := http.Header{"X-Ratelimit-Limit": {"256"}, "X-Ratelimit-Remaining": {"0"}, "X-Ratelimit-Reset": {tc.reset}}
			s.handle("GET /api/whatsapp-sessions/1", func(*http.Request, int) reply {
				return reply{status: 429, body: fixture(t, "rate_limit_trial.json"), header: h0}
			})
			_, err := c.GetSession(context.Background(), "1")
			if e := mustErr(t, err); e.RateLimit.Remaining != 0 || e.RateLimit.Limit != 256 || !e.RateLimit.Reset.Equal(tc.want) {
				t.Errorf("error rate limit = %+v", e.RateLimit)
			}
		})
	}
	if rl := parseRateLimit(http.Header{}, clk.Now()); rl.Known {
		t.Errorf("no headers: %+v", rl)
	}
}

func TestNonJSONErrorBody(t *testing.T) {
	_, err := errCall(t, reply{status: 502, body: fixture(t, "bad_gateway.html"), header: http.Header{"Content-Type": {"text/html"}}})
	e := mustErr(t, err)
	if e.Status != 502 || e.Message != "Bad Gateway" {
		t.Errorf("error = %+v", e)
	}
	if !strings.HasPrefix(e.Snippet, "<html> <head><title>502 Bad Gateway</title></head>") {
		t.Errorf("snippet = %q", e.Snippet)
	}
	got := err.Error()
	for _, part := range []string{"get session 1: Bad Gateway", "HTTP 502", `body starts "<html> <head><title>502 Bad Gateway`} {
		if !strings.Contains(got, part) {
			t.Errorf("Error() = %q, missing %q", got, part)
		}
	}
}

func TestDecodeFailures(t *testing.T) {
	cases := []struct {
		name string
		body string
		want []string // substrings of the message
	}{
		{"truncated", `{"success":true,"data":{"id":1,"name":"Busi`, []string{"truncated JSON", "ends after 43 bytes"}},
		{"truncated envelope", `{"success":tr`, []string{"truncated JSON"}},
		{"malformed", `{"success":true,"data":{"id":1,}}`, []string{"malformed JSON at byte"}},
		{"wrong type, bool field", `{"success":true,"data":{"id":1,"account_protection":"maybe"}}`,
			[]string{"account_protection", `string "maybe"`, "expected a boolean"}},
		{"wrong type, time field", `{"success":true,"data":{"id":1,"created_at":"yesterday"}}`,
			[]string{"created_at", "expected a timestamp"}},
		{"wrong type, id field", `{"success":true,"data":{"id":{"n":1}}}`, []string{"id is object", "expected an id"}},
		{"wrong type, list field", `{"success":true,"data":{"id":1,"webhook_events":"message"}}`,
			[]string{"webhook_events", "expected an array"}},
		{"wrong type, data", `{"success":true,"data":[1,2]}`, []string{"data is array", "expected an object"}},
		{"not an object", `[{"id":1}]`, []string{"the response is array"}},
		{"no data", `{"success":true}`, []string{"response has no data"}},
		{"null data", `{"success":true,"data":null}`, []string{"response has no data"}},
		{"empty body", ``, []string{"empty response body"}},
		{"whitespace body", " \n ", []string{"empty response body"}},
		{"html on 200", `<!doctype html><title>Login</title>`, []string{"malformed JSON at byte 1"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := errCall(t, ok([]byte(tc.body)))
			e := mustErr(t, err)
			for _, w := range tc.want {
				if !strings.Contains(e.Message, w) {
					t.Errorf("message %q lacks %q", e.Message, w)
				}
			}
			if e.Status != 200 {
				t.Errorf("status = %d", e.Status)
			}
			_ = err.Error() // renders without panicking
		})
	}
}

func TestDecodeFailureNamesNestedField(t *testing.T) {
	s := newAPIServer(t)
	c := s.client(t, newFakeClock().opts(Options{Token: testPAT}))
	body := strings.Replace(string(fixture(t, "session_logs.json")), `"occurred_at": "2025-09-23T11:59:30.000000Z"`, `"occurred_at": true`, 1)
	s.handle("GET /api/whatsapp-sessions/1/session-logs", func(*http.Request, int) reply { return ok([]byte(body)) })
	_, err := c.SessionLogs(context.Background(), "1", LogQuery{})
	if e := mustErr(t, err); !strings.Contains(e.Message, "data.occurred_at is bool") {
		t.Errorf("message = %q", e.Message)
	}
	body = strings.Replace(string(fixture(t, "groups_paginated.json")), `"total": 1`, `"total": "many"`, 1)
	s.handle("GET /api/groups", func(*http.Request, int) reply { return ok([]byte(body)) })
	s.file("GET /api/whatsapp-sessions/1", "session_details.json")
	_, err = c.Session("1").GroupsPage(context.Background(), 1, 20)
	if e := mustErr(t, err); !strings.Contains(e.Message, "pagination.total is string") {
		t.Errorf("message = %q", e.Message)
	}
}

func TestEmptyErrorBodies(t *testing.T) {
	for _, status := range []int{400, 401, 404, 500, 503} {
		_, err := errCall(t, reply{status: status})
		e := mustErr(t, err)
		if e.Status != status || e.Message != http.StatusText(status) || e.Snippet != "" {
			t.Errorf("%d: error = %+v", status, e)
		}
	}
}

func TestErrorUnwrapsContext(t *testing.T) {
	e := &Error{Message: "cancelled", cause: context.Canceled}
	if !errors.Is(e, context.Canceled) {
		t.Error("errors.Is(Canceled) false")
	}
	if (&Error{Message: "x"}).Unwrap() != nil {
		t.Error("Unwrap without a cause")
	}
	if _, ok := AsError(errors.New("plain")); ok {
		t.Error("AsError on a plain error")
	}
	if Words(nil) != "" || Words(errors.New("plain")) != "plain" {
		t.Error("Words")
	}
}

func TestSnippet(t *testing.T) {
	long := strings.Repeat("é", 100)
	s := snippet([]byte(long))
	if !strings.HasSuffix(s, "…") || len(s) > 84 || strings.ContainsRune(strings.TrimSuffix(s, "…"), '\uFFFD') {
		t.Errorf("snippet = %q", s)
	}
	if got := snippet([]byte{0xff, 'a', '\n', '\t', 'b'}); got != "\uFFFDa b" {
		t.Errorf("snippet = %q", got)
	}
	if snippet(nil) != "" {
		t.Error("empty snippet")
	}
}

// Field errors in both forms at once, or with a message that is not a
// string, keep every field.
func TestValidationErrorsOfMixedShapes(t *testing.T) {
	_, err := errCall(t, reply{status: 422, body: []byte(`{"message":"Validation failed","errors":{"to":["The to field is required."],"name":"The name field is required.","n":[42],"none":null}}`)})
	want := map[string][]string{
		"to":   {"The to field is required."},
		"name": {"The name field is required."},
		"n":    {"42"},
	}
	if e := mustErr(t, err); !reflect.DeepEqual(e.Fields, want) {
		t.Errorf("Fields = %q, want %q", e.Fields, want)
	}
}
