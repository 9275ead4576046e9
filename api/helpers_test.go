package api

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	testPAT = "42|personal-token-for-tests"
	// key1 is the api_key of session 1 in the docs' examples.
	key1 = "75075a7bf6417bff59e76fb7205382c2dc74cf1769e76f382c2dc74cf176c0bf"
)

// fixture returns a file from testdata.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// seen is one request as the server received it.
type seen struct {
	Method      string
	Path        string // decoded
	RequestURI  string // as sent, so "@" vs "%40" shows
	Query       url.Values
	Auth        string
	Accept      string
	ContentType string
	Body        string
}

// reply is a canned answer.
type reply struct {
	status int
	body   []byte
	header http.Header
}

func ok(body []byte) reply { return reply{status: http.StatusOK, body: body} }

// apiServer is a loopback WasenderAPI stand-in that records every request.
// Routes are "METHOD /api/path" (decoded path); a handler gets the request
// and how many times the route was hit before (0 for the first).
type apiServer struct {
	t      *testing.T
	srv    *httptest.Server
	mu     sync.Mutex
	reqs   []seen
	routes map[string]func(r *http.Request, n int) reply
	hits   map[string]int
}

func newAPIServer(t *testing.T) *apiServer {
	s := &apiServer{t: t, routes: map[string]func(*http.Request, int) reply{}, hits: map[string]int{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *apiServer) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	route := r.Method + " " + r.URL.Path
	s.mu.Lock()
	s.reqs = append(s.reqs, seen{
		Method: r.Method, Path: r.URL.Path, RequestURI: r.RequestURI, Query: r.URL.Query(),
		Auth: r.Header.Get("Authorization"), Accept: r.Header.Get("Accept"),
		ContentType: r.Header.Get("Content-Type"), Body: string(body),
	})
	h, found := s.routes[route]
	n := s.hits[route]
	s.hits[route] = n + 1
	s.mu.Unlock()
	if !found {
		s.t.Errorf("unexpected request %s %s", r.Method, r.RequestURI)
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"message":"Not Found."}`)
		return
	}
	rep := h(r.WithContext(context.WithValue(r.Context(), writerKey{}, w)), n)
	if rep.status == 0 { // the handler took care of the response (or hijacked it)
		return
	}
	for k, vs := range rep.header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	if len(rep.body) > 0 && w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(rep.status)
	w.Write(rep.body)
}

type writerKey struct{}

// writerFor returns the ResponseWriter of a request being served, for
// handlers that hijack the connection.
func (s *apiServer) writerFor(r *http.Request) http.ResponseWriter {
	return r.Context().Value(writerKey{}).(http.ResponseWriter)
}

func (s *apiServer) handle(route string, h func(r *http.Request, n int) reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.routes[route] = h
}

// file answers route with a testdata file and status 200.
func (s *apiServer) file(route, name string) {
	b := fixture(s.t, name)
	s.handle(route, func(*http.Request, int) reply { return ok(b) })
}

func (s *apiServer) requests() []seen {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]seen(nil), s.reqs...)
}

func (s *apiServer) count(route string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[route]
}

func (s *apiServer) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reqs = nil
	s.hits = map[string]int{}
}

// client returns a Client for this server. Keep-alives are off so a
// connection the server drops is never retried by net/http itself.
func (s *apiServer) client(t *testing.T, o Options) *Client {
	t.Helper()
	o.BaseURL = s.srv.URL + "/api"
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	}
	c, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// want describes the request a call must make.
type want struct {
	method string
	path   string     // as sent on the wire (RequestURI without the query)
	query  url.Values // nil = no query
	auth   string     // the bearer secret
	body   string     // JSON; "" = no body
}

func checkRequest(t *testing.T, got seen, w want) {
	t.Helper()
	if got.Method != w.method {
		t.Errorf("method = %s, want %s", got.Method, w.method)
	}
	uriPath, _, _ := strings.Cut(got.RequestURI, "?")
	if uriPath != w.path {
		t.Errorf("path = %s, want %s", uriPath, w.path)
	}
	wq := w.query
	if wq == nil {
		wq = url.Values{}
	}
	if !reflect.DeepEqual(got.Query, wq) {
		t.Errorf("query = %v, want %v", got.Query, wq)
	}
	if got.Auth != "Bearer "+w.auth {
		t.Errorf("Authorization = %q, want %q", got.Auth, "Bearer "+w.auth)
	}
	if got.Accept != "application/json" {
		t.Errorf("Accept = %q", got.Accept)
	}
	switch {
	case w.body == "" && got.Body != "":
		t.Errorf("body = %s, want none", got.Body)
	case w.body != "":
		if got.ContentType != "application/json" {
			t.Errorf("Content-Type = %q", got.ContentType)
		}
		if !jsonEqual(t, got.Body, w.body) {
			t.Errorf("body = %s, want %s", got.Body, w.body)
		}
	}
}

// only returns the single request the server saw, failing otherwise.
func (s *apiServer) only(t *testing.T) seen {
	t.Helper()
	reqs := s.requests()
	if len(reqs) != 1 {
		t.Fatalf("server saw %d requests, want 1: %+v", len(reqs), reqs)
	}
	return reqs[0]
}

func jsonEqual(t *testing.T, a, b string) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal([]byte(a), &x); err != nil {
		t.Errorf("not JSON: %s", a)
		return false
	}
	if err := json.Unmarshal([]byte(b), &y); err != nil {
		t.Fatalf("bad expectation %s", b)
	}
	return reflect.DeepEqual(x, y)
}

// fakeClock is the client's clock in tests: Sleep records the wait and moves
// the clock forward instead of sleeping.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	waits []time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2025, 9, 23, 12, 0, 0, 0, time.UTC)}
}

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeClock) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
}

func (f *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.waits = append(f.waits, d)
	f.now = f.now.Add(d)
	return nil
}

func (f *fakeClock) Waits() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.waits...)
}

// opts is the usual test setup: a fake clock and the given credentials.
func (f *fakeClock) opts(o Options) Options {
	o.Now, o.Sleep = f.Now, f.Sleep
	return o
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func mustErr(t *testing.T, err error) *Error {
	t.Helper()
	if err == nil {
		t.Fatal("want an error, got nil")
	}
	e, ok := AsError(err)
	if !ok {
		t.Fatalf("error %T %q is not an *api.Error", err, err)
	}
	return e
}
