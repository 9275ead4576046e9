// Package search filters large lists off the Update path: substring
// matches first (a few milliseconds for 100,000 items), then fuzzy ones
// once typing pauses. A newer query makes older ones stale: their results
// are dropped and their work stops early.
package search

import (
	"iter"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/sahilm/fuzzy"
	"github.com/wasender-tui/wasender-tui/ui/clock"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Index holds the lower-cased text of every item, in item order. Items
// are appended as they load; a snapshot stays valid while more arrive.
type Index struct{ hay []string }

// Add appends an item's searchable text.
func (ix *Index) Add(text string) { ix.hay = append(ix.hay, Fold(text)) }

// Fold lower-cases s and drops diacritics, so "muller" finds "Müller" and
// "jose" finds "José". It is safe for concurrent use.
func Fold(s string) string {
	lower := strings.ToLower(s)
	for i := 0; i < len(lower); i++ {
		if lower[i] >= 0x80 {
			t := unaccent.Get().(transform.Transformer)
			defer unaccent.Put(t)
			folded, _, err := transform.String(t, lower)
			if err != nil {
				return lower
			}
			return folded
		}
	}
	return lower
}

// unaccent holds transformers: a transform.Chain keeps state between
// calls, so one shared chain would race between goroutines.
var unaccent = sync.Pool{New: func() any {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}}

// Len is the number of items.
func (ix *Index) Len() int { return len(ix.hay) }

// Reset empties the index.
func (ix *Index) Reset() { ix.hay = nil }

// snapshot is the items so far; appends go past its capacity, never into it.
func (ix *Index) snapshot() []string { return ix.hay[:len(ix.hay):len(ix.hay)] }

// Searcher runs one list's queries.
type Searcher struct {
	owner  uint64
	clock  clock.Clock
	latest atomic.Uint64
}

// New returns a searcher whose results carry owner, so panes can tell
// their results apart; clk times the pause before the fuzzy phase.
func New(owner uint64, clk clock.Clock) *Searcher { return &Searcher{owner: owner, clock: clk} }

// ResultMsg is the answer to a query.
type ResultMsg struct {
	Owner   uint64
	Gen     uint64
	Query   string
	Matches []int // item indices: substring matches in item order, then fuzzy ones by score
	Fuzzy   bool  // fuzzy matches included
	Of      int   // items searched
}

// FuzzyMsg asks the owner to start the fuzzy phase of gen, once typing
// has paused.
type FuzzyMsg struct {
	Owner uint64
	Gen   uint64
}

// FuzzyDelay is the pause in typing after which fuzzy matching starts.
const FuzzyDelay = 150 * time.Millisecond

// Cancel makes every query so far stale (the list they searched is gone).
func (s *Searcher) Cancel() { s.latest.Add(1) }

// Current reports whether gen is the latest query.
func (s *Searcher) Current(gen uint64) bool { return s.latest.Load() == gen }

// Query starts a substring search for q and returns its generation and
// the command that runs it. An empty q matches everything (Matches nil).
func (s *Searcher) Query(ix *Index, q string) (uint64, tea.Cmd) {
	gen := s.latest.Add(1)
	q = Fold(strings.TrimSpace(q))
	hay := ix.snapshot()
	owner := s.owner
	return gen, func() tea.Msg {
		if q == "" {
			return ResultMsg{Owner: owner, Gen: gen, Query: q, Of: len(hay)}
		}
		matches := []int{}
		for i, h := range hay {
			if i&4095 == 0 && !s.Current(gen) {
				return nil // typed on: this answer would be dropped anyway
			}
			if strings.Contains(h, q) {
				matches = append(matches, i)
			}
		}
		return ResultMsg{Owner: owner, Gen: gen, Query: q, Matches: matches, Of: len(hay)}
	}
}

// AfterPause returns the command that asks for the fuzzy phase of gen once
// FuzzyDelay has passed.
func (s *Searcher) AfterPause(gen uint64) tea.Cmd {
	owner := s.owner
	return s.clock.After(FuzzyDelay, func(time.Time) tea.Msg { return FuzzyMsg{Owner: owner, Gen: gen} })
}

// Fuzzy extends the substring result r with fuzzy matches (characters in
// order, not necessarily adjacent), best first, skipping items r has.
func (s *Searcher) Fuzzy(ix *Index, r ResultMsg) tea.Cmd {
	hay := ix.snapshot()
	if r.Query == "" || len(hay) == 0 {
		return nil
	}
	return func() tea.Msg {
		gen := r.Gen
		have := make(map[int]bool, len(r.Matches))
		for _, i := range r.Matches {
			have[i] = true
		}
		var stale bool
		seq := iter.Seq[string](func(yield func(string) bool) {
			for i, h := range hay {
				if i&4095 == 0 && !s.Current(gen) {
					stale = true
					return
				}
				if !yield(h) {
					return
				}
			}
		})
		found := fuzzy.FindFromIter(r.Query, seq)
		if stale {
			return nil
		}
		out := append([]int(nil), r.Matches...)
		for _, f := range found {
			if !have[f.Index] {
				out = append(out, f.Index)
			}
		}
		r.Matches, r.Fuzzy, r.Of = out, true, len(hay)
		return r
	}
}
