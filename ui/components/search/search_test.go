package search

import (
	"fmt"
	"sync"
	"testing"

	"github.com/wasender-tui/wasender-tui/ui/clock"
)

func index(n int) *Index {
	ix := &Index{}
	for i := range n {
		ix.Add(fmt.Sprintf("Contact %06d Müller +4915%07d hey there", i, i))
	}
	return ix
}

func run(t testing.TB, s *Searcher, ix *Index, q string) ResultMsg {
	_, cmd := s.Query(ix, q)
	msg, _ := cmd().(ResultMsg)
	return msg
}

func TestSubstringThenFuzzy(t *testing.T) {
	ix := index(1000)
	s := New(7, clock.Wall{})
	r := run(t, s, ix, "CONTACT 00012")
	if r.Owner != 7 || len(r.Matches) != 10 || r.Matches[0] != 120 {
		t.Fatalf("substring: %+v", r)
	}
	f, _ := s.Fuzzy(ix, r)().(ResultMsg)
	if !f.Fuzzy || len(f.Matches) <= len(r.Matches) {
		t.Fatalf("fuzzy added nothing: %d", len(f.Matches))
	}
	for i, m := range r.Matches {
		if f.Matches[i] != m {
			t.Fatal("fuzzy reordered the substring matches")
		}
	}
	seen := map[int]bool{}
	for _, m := range f.Matches {
		if seen[m] {
			t.Fatalf("item %d twice", m)
		}
		seen[m] = true
	}
	if all := run(t, s, ix, "  "); all.Matches != nil || all.Of != 1000 {
		t.Fatalf("empty query: %+v", all)
	}
}

func TestDiacriticsAreFolded(t *testing.T) {
	ix := &Index{}
	ix.Add("Jürgen Müller")
	ix.Add("José Ñúñez")
	ix.Add("Plain Name")
	s := New(1, clock.Wall{})
	for q, want := range map[string]int{"muller": 0, "MÜLLER": 0, "jose": 1, "nunez": 1, "plain": 2} {
		r := run(t, s, ix, q)
		if len(r.Matches) != 1 || r.Matches[0] != want {
			t.Errorf("%q: %v", q, r.Matches)
		}
	}
}

func TestFoldIsSafeForConcurrentUse(t *testing.T) {
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 2000 {
				if got := Fold(fmt.Sprintf("Jürgen Müller %d-%d ✨", g, i)); got != fmt.Sprintf("jurgen muller %d-%d ✨", g, i) {
					t.Errorf("Fold = %q", got)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestStaleQueriesAreDropped(t *testing.T) {
	ix := index(50_000)
	s := New(1, clock.Wall{})
	gen1, slow := s.Query(ix, "a")
	gen2, _ := s.Query(ix, "ab")
	if s.Current(gen1) || !s.Current(gen2) {
		t.Fatal("generations")
	}
	if msg := slow(); msg != nil {
		t.Fatalf("a stale query answered: %T", msg)
	}
	stale := ResultMsg{Gen: gen1, Query: "a"}
	if msg := s.Fuzzy(ix, stale)(); msg != nil {
		t.Fatal("a stale fuzzy phase answered")
	}
}

func TestSnapshotSurvivesAppends(t *testing.T) {
	ix := index(10)
	s := New(1, clock.Wall{})
	_, cmd := s.Query(ix, "contact")
	for range 1000 {
		ix.Add("contact later")
	}
	r := cmd().(ResultMsg)
	if r.Of != 10 || len(r.Matches) != 10 {
		t.Fatalf("%+v", r)
	}
}

// BenchmarkKeystroke100k: one filter keystroke over 100,000 contacts, the
// substring phase (what shows while typing).
func BenchmarkKeystroke100k(b *testing.B) {
	ix := index(100_000)
	s := New(1, clock.Wall{})
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		run(b, s, ix, "müller +491500042")
	}
}

// BenchmarkFuzzy100k: the fuzzy phase over 100,000 contacts, after a pause.
func BenchmarkFuzzy100k(b *testing.B) {
	ix := index(100_000)
	s := New(1, clock.Wall{})
	r := run(b, s, ix, "cnt42")
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		s.Fuzzy(ix, r)()
	}
}
