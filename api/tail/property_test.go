package tail

import (
	"testing"
	"time"
)

// Seeds per scenario: enough to meet the rare orders, few enough for CI.
// The short run (CI's race pass) takes a few: the simulation runs on one
// goroutine, so the race detector has nothing more to find in the others.
func seeds() uint64 {
	if testing.Short() {
		return 3
	}
	return 16
}

func checkExact(t *testing.T, name string, seed uint64, r result) {
	t.Helper()
	if r.dups > 0 || r.lost > 0 || r.holes > 0 || r.gaps > 0 || r.updateDups > 0 || r.updatesMissed > 0 || r.floorErrs > 0 || r.stuck {
		t.Errorf("%s seed %d: %v", name, seed, r)
	}
}

func TestExactlyOnceUnderUnkindServers(t *testing.T) {
	kind := []struct {
		name string
		sc   scenario
	}{
		{"steady 40/s, shuffled ties", scenario{rate: 40, world: world{shuffle: true}}},
		{"40/s + 500 in one second, shuffled", scenario{rate: 40, burst: 500, every: 20 * time.Second, world: world{shuffle: true}}},
		{"40/s + churn between requests, shuffled", scenario{rate: 40, churn: 8, burst: 300, every: 15 * time.Second, world: world{shuffle: true, latency: 150 * time.Millisecond}}},
		{"oldest first, shuffled, bursts", scenario{rate: 20, burst: 400, every: 15 * time.Second, world: world{shuffle: true, oldestFirst: true}}},
		{"per_page capped at 25", scenario{rate: 10, burst: 200, every: 20 * time.Second, world: world{shuffle: true, maxPerPage: 25}}},
		{"pruning the oldest tenth", scenario{rate: 40, burst: 500, every: 20 * time.Second, history: 2000, world: world{shuffle: true, keep: 4000}}},
		{"pruning one for one", scenario{rate: 40, history: 2000, world: world{shuffle: true, keep: 2500, keepExact: true}}},
		{"string ids, statuses settling", scenario{rate: 25, burst: 150, every: 15 * time.Second, world: world{shuffle: true, stringIDs: true, statuses: true}}},
		{"every 7th request fails", scenario{rate: 30, burst: 300, every: 20 * time.Second, world: world{shuffle: true, failEvery: 7}}},
		{"quiet log", scenario{rate: 0.1, world: world{shuffle: true}}},
	}
	for _, k := range kind {
		t.Run(k.name, func(t *testing.T) {
			for seed := uint64(1); seed <= seeds(); seed++ {
				sc := k.sc
				sc.seed, sc.history = seed, max(sc.history, 300)
				sc.duration = time.Minute
				r := simulate(sc)
				checkExact(t, k.name, seed, r)
				if r.written == 0 && sc.rate >= 1 {
					t.Fatalf("nothing written: %v", r)
				}
				if r.backfill > DefaultBackfill {
					t.Errorf("seed %d: backfill delivered %d history entries, more than %d", seed, r.backfill, DefaultBackfill)
				}
				if seed == 1 {
					t.Logf("%v", r)
				}
			}
		})
	}
}
