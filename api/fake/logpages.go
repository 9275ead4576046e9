package fake

import (
	"math/rand/v2"
	"net/http"
	"sort"
	"time"
)

// LogOptions make the log paginators as unkind as real servers can be. The
// zero value is the documented behaviour: newest first, entries of one
// second in a stable order (newest id first), 20,000 entries kept.
type LogOptions struct {
	// ShuffleTies serves the entries of one second in a new order on every
	// request, as an SQL "ORDER BY created_at DESC" over whole seconds may:
	// an entry of a boundary second can be on page N in one request and on
	// page N+1 in the next.
	ShuffleTies bool
	// OldestFirst lists the oldest entries on page 1.
	OldestFirst bool
	// Keep is how many entries a log holds before the oldest tenth is
	// pruned (total shrinks); default 20,000.
	Keep int
	// KeepExact prunes one old entry for every new one beyond Keep, so
	// total stays put while entries arrive.
	KeepExact bool
	// Churn writes up to this many entries to a log just before each of its
	// pages is served: writers racing the reader, so pages shift between
	// the requests of one walk.
	Churn int
	// Rate is, with LogActivity, how many messages a connected session
	// sends per second (0 = the demo's pace: one every 2-9 s).
	Rate float64
	// Burst messages in one second every BurstEvery, with LogActivity.
	Burst      int
	BurstEvery time.Duration
	// ErrorRate is the share of log page requests answered with a 500.
	ErrorRate float64
}

const defaultKeepLogs = 20000

func (s *Server) keepLogs() int {
	if s.opts.Logs.Keep > 0 {
		return s.opts.Logs.Keep
	}
	return defaultKeepLogs
}

// prune drops the oldest entries of a log stored oldest first: one per
// entry over the limit with KeepExact, else the oldest tenth at once.
func prune[T any](logs []T, keep int, exact bool, dropped func(T)) []T {
	if len(logs) <= keep {
		return logs
	}
	cut := len(logs) - keep
	if !exact {
		cut = len(logs) - keep*9/10
	}
	if dropped != nil {
		for _, l := range logs[:cut] {
			dropped(l)
		}
	}
	return append([]T(nil), logs[cut:]...)
}

// pageIndexes returns which entries of a log of n entries stored oldest
// first are on the page [offset, offset+size) of the paginator's order.
// sec(i) is entry i's timestamp in whole seconds, the column the server
// orders by; entries of one second are shuffled per request if asked.
func (s *Server) pageIndexes(n, offset, size int, sec func(i int) int64) []int {
	oldestFirst := s.opts.Logs.OldestFirst
	index := func(pos int) int {
		if oldestFirst {
			return pos
		}
		return n - 1 - pos
	}
	end := min(offset+size, n)
	out := make([]int, 0, max(end-offset, 0))
	for pos := offset; pos < end; {
		if !s.opts.Logs.ShuffleTies {
			out = append(out, index(pos))
			pos++
			continue
		}
		// The block of entries with this second, in positions [from, to).
		t := sec(index(pos))
		lo := sort.Search(n, func(i int) bool { return sec(i) >= t })
		hi := sort.Search(n, func(i int) bool { return sec(i) > t })
		from, to := n-hi, n-lo
		if oldestFirst {
			from, to = lo, hi
		}
		perm := s.ties.Perm(to - from)
		for ; pos < min(to, end); pos++ {
			out = append(out, index(from+perm[pos-from]))
		}
	}
	return out
}

// churn writes entries just before a log page is served.
func (s *Server) churn(write func(n int)) {
	if c := s.opts.Logs.Churn; c > 0 {
		if k := s.ties.IntN(c + 1); k > 0 {
			write(k)
		}
	}
}

// logFailure answers a log page request with a 500 now and then.
func (s *Server) logFailure() (reply, bool) {
	if r := s.opts.Logs.ErrorRate; r > 0 && s.ties.Float64() < r {
		return failMessage(http.StatusInternalServerError, msgServerError), true
	}
	return reply{}, false
}

func newTieRand(seed uint64) *rand.Rand { return newRand(seed, 0, 0, purposeTies) }
