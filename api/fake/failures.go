package fake

import (
	"net/http"
	"strings"
	"sync"
)

type failRule struct {
	method     string // "" or "*" = any
	pathPrefix string
	status     int
	body       string // "" = an HTML error page
	times      int
}

// traffic holds what is kept outside the world lock: request counts and
// pending injected failures.
type traffic struct {
	mu       sync.Mutex
	counts   map[string]int
	failures []*failRule
}

func (t *traffic) record(r *http.Request) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.counts == nil {
		t.counts = map[string]int{}
	}
	t.counts[r.URL.Path]++
}

func (t *traffic) count(prefix string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	n := 0
	for p, c := range t.counts {
		if strings.HasPrefix(p, prefix) {
			n += c
		}
	}
	return n
}

func (t *traffic) add(f *failRule) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.failures = append(t.failures, f)
}

// injected returns the failure to answer r with, consuming one use of the
// first matching rule.
func (t *traffic) injected(r *http.Request) (reply, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for i, f := range t.failures {
		if f.method != "" && f.method != "*" && !strings.EqualFold(f.method, r.Method) {
			continue
		}
		if !strings.HasPrefix(r.URL.Path, f.pathPrefix) {
			continue
		}
		f.times--
		if f.times <= 0 {
			t.failures = append(t.failures[:i], t.failures[i+1:]...)
		}
		if f.body == "" {
			return htmlErrorPage(f.status), true
		}
		return reply{status: f.status, contentType: "application/json", body: []byte(f.body)}, true
	}
	return reply{}, false
}

func (t *traffic) clear() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.failures = nil
}
