package fake

import (
	"fmt"
	"net/http/httptest"
	"testing"
	"time"
)

func BenchmarkNew100kContacts(b *testing.B) {
	for b.Loop() {
		New(Options{Contacts: 100000, Groups: 5000})
	}
}

// benchPage serves one paginated page per iteration, walking the pages; the
// fake clock moves 100 ms a request so the default limit never bites.
func benchPage(b *testing.B, opts Options, format string, pages int) {
	h := newHarness(b, opts)
	key := h.key(supportDesk)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		req := httptest.NewRequest("GET", fmt.Sprintf(format, 1+i%pages), nil)
		req.Header.Set("Authorization", "Bearer "+key)
		rec := httptest.NewRecorder()
		h.srv.ServeHTTP(rec, req)
		if rec.Code != 200 {
			b.Fatalf("%d %s", rec.Code, rec.Body)
		}
		h.clock.Advance(100 * time.Millisecond)
		i++
	}
}

func BenchmarkContactsPage100k(b *testing.B) {
	benchPage(b, Options{Contacts: 100000}, "/api/contacts?paginated=true&limit=100&page=%d", 1000)
}

func BenchmarkGroupsPage5000(b *testing.B) {
	benchPage(b, Options{Groups: 5000}, "/api/groups?paginated=true&limit=100&page=%d", 50)
}

func BenchmarkMessageLogsPage(b *testing.B) {
	h := newHarness(b, Options{})
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest("GET", "/api/whatsapp-sessions/11/message-logs?per_page=100", nil)
		req.Header.Set("Authorization", "Bearer "+h.pat())
		rec := httptest.NewRecorder()
		h.srv.ServeHTTP(rec, req)
		h.clock.Advance(100 * time.Millisecond)
	}
}

func BenchmarkPlainContactsList100k(b *testing.B) {
	benchPage(b, Options{Contacts: 100000}, "/api/contacts?page=%d", 1)
}
