package contacts

import (
	"context"
	"net/http/httptest"
	"runtime"
	"testing"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/ui/uitest"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// loaded100k is a pane holding 100,000 contacts, loaded through the API
// page by page as the pane does.
func loaded100k(tb testing.TB) *uitest.Pane {
	env := uitest.New(tb, fake.Options{Contacts: 100_000})
	return env.NewPane(tb, 200, 56, func(s *view.Stack) view.Pane { return New(env.Ctx, s) })
}

// BenchmarkView100k: View() of the contacts pane holding 100,000 contacts
// at 200x60, the cursor moving each frame.
func BenchmarkView100k(b *testing.B) {
	p := loaded100k(b)
	m := p.Pane.(*Model)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		m.Select(i * 997 % 100_000)
		_ = m.View()
	}
}

// BenchmarkLoad100k: loading 100,000 contacts page by page (100 a page)
// from the demo API over loopback HTTP, as the pane does.
func BenchmarkLoad100k(b *testing.B) {
	f := fake.New(fake.Options{Contacts: 100_000})
	srv := httptest.NewServer(f)
	defer srv.Close()
	c, _ := api.New(api.Options{BaseURL: srv.URL + "/api", Token: f.PersonalToken()})
	sc := c.Session("11")
	b.ResetTimer()
	for range b.N {
		n := 0
		for page := 1; ; page++ {
			p, err := sc.ContactsPage(context.Background(), page, 100)
			if err != nil {
				b.Fatal(err)
			}
			n += len(p.Items)
			if page >= int(p.Pagination.TotalPages) {
				break
			}
		}
		if n != 100_000 {
			b.Fatalf("%d contacts", n)
		}
	}
}

// TestMemoryOf100k reports the heap the pane holds for 100,000 contacts
// (run with -v); it asserts nothing about time.
func TestMemoryOf100k(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 100,000 contacts")
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	p := loaded100k(t)
	runtime.GC()
	runtime.ReadMemStats(&after)
	n := p.Pane.Status().Summary
	t.Logf("heap for %s (with the fake's own state): %.1f MiB", n, float64(after.HeapAlloc-before.HeapAlloc)/(1<<20))
	runtime.KeepAlive(p)
}
