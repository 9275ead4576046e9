package tail

import (
	"testing"
	"time"
)

// The library notes' simulation: 2,000 polls, bursts, entries of the same
// second reordered per request, inserts between page requests, ~60k entries.
func notesScenario(seed uint64, m method) scenario {
	return scenario{
		seed: seed, polls: 2000, rate: 12,
		burstProb: 0.08, burstMin: 20, burstMax: 150,
		during: 0.3, duringMax: 4,
		history: 300, shuffle: true,
		method: m,
	}
}

// TestLibraryNotesTable reproduces the table of library-notes.md "Tailing a
// newest-first offset paginator" on the same simulated log for each method.
func TestLibraryNotesTable(t *testing.T) {
	res := map[method]result{}
	for _, m := range []method{methodPageOne, methodWalkOnly, methodFull} {
		res[m] = run(notesScenario(1, m))
		t.Logf("%-38s %s", m, res[m])
	}
	one, walk, full := res[methodPageOne], res[methodWalkOnly], res[methodFull]
	if one.lost == 0 {
		t.Errorf("page 1 only lost nothing: the scenario is too easy")
	}
	if walk.lost == 0 || walk.lost == walk.reported {
		t.Errorf("walk+dedupe alone: lost %d, reported %d; want silent losses under shuffles", walk.lost, walk.reported)
	}
	if walk.dups != 0 || full.dups != 0 {
		t.Errorf("duplicates: walk %d, full %d", walk.dups, full.dups)
	}
	if full.lost > full.written/2000 || full.lost != full.reported {
		t.Errorf("with the total check: lost %d of %d, reported %d; want ~0, every one reported", full.lost, full.written, full.reported)
	}
	if full.written < 50_000 {
		t.Errorf("only %d entries written; the notes' run had ~60k", full.written)
	}
}

// polls is a run's length: shorter under the race detector.
func polls(n int) int {
	if raceEnabled {
		return n / 4
	}
	return n
}

// checkExact insists on the properties that must hold below the cap.
// falseGaps allows that many gaps that cover no lost entry.
func checkExact(t *testing.T, seed uint64, r result, updates bool, falseGaps int) {
	t.Helper()
	if r.lost != 0 || r.dups != 0 || r.extra != 0 || r.gaps > falseGaps {
		t.Errorf("seed %d: lost %d, dups %d, extra %d, gaps %d; want none", seed, r.lost, r.dups, r.extra, r.gaps)
	}
	if r.updateDups != 0 || r.badVersions != 0 {
		t.Errorf("seed %d: update dups %d, bad versions %d", seed, r.updateDups, r.badVersions)
	}
	if updates && (r.updatesMissed != 0 || r.updates == 0) {
		t.Errorf("seed %d: %d updates, %d settlements never delivered", seed, r.updates, r.updatesMissed)
	}
}

// checkReported insists that whatever is lost is lost loudly.
func checkReported(t *testing.T, seed uint64, r result) {
	t.Helper()
	if r.lost != r.reported {
		t.Errorf("seed %d: %d entries lost silently (lost %d, inside gaps %d)", seed, r.lost-r.reported, r.lost, r.reported)
	}
	if r.dups != 0 || r.extra != 0 || r.updateDups != 0 || r.badVersions != 0 {
		t.Errorf("seed %d: dups %d, extra %d, update dups %d, bad versions %d", seed, r.dups, r.extra, r.updateDups, r.badVersions)
	}
}

// Property: below the cap nothing is lost or delivered twice and every
// settlement arrives once, across seeds and server behaviours.
func TestPropertyBelowCap(t *testing.T) {
	const us = time.Microsecond
	cases := []struct {
		name      string
		sc        scenario
		falseGaps int
	}{
		// occurred_at has microseconds. Bursts of up to 1,500 a poll, the
		// cap being 2,000; inserts between the requests of a walk.
		{"newest first, bursts, inserts mid-walk", scenario{gran: us, rate: 20, burstProb: 0.15, burstMin: 50, burstMax: 1500, during: 0.4, duringMax: 10}, 0},
		{"oldest first, bursts", scenario{gran: us, rate: 20, burstProb: 0.15, burstMin: 50, burstMax: 1500, during: 0.4, duringMax: 10, oldestFirst: true}, 0},
		{"pruning: total shrinks", scenario{gran: us, rate: 50, burstProb: 0.2, burstMin: 100, burstMax: 1500, during: 0.4, duringMax: 10, pruneAt: 4000}, 0},
		{"oldest first, pruning", scenario{gran: us, rate: 50, burstProb: 0.2, burstMin: 100, burstMax: 1500, during: 0.4, duringMax: 10, oldestFirst: true, pruneAt: 4000}, 0},
		// Statuses settle 1.5-5.5 s after creation, up to three polls: to be
		// re-read, an entry must stay within the walk's 2,000 for as long.
		{"statuses, newest first", scenario{gran: us, rate: 20, burstProb: 0.15, burstMin: 50, burstMax: 600, during: 0.4, duringMax: 10, statuses: true}, 0},
		{"statuses, oldest first, pruning", scenario{gran: us, rate: 20, burstProb: 0.15, burstMin: 50, burstMax: 600, during: 0.4, duringMax: 10, oldestFirst: true, pruneAt: 3000, statuses: true}, 0},
		// created_at has whole seconds and sending is limited to 256 a
		// minute: a few entries a second, reordered per request, with
		// same-second inserts during the walk.
		{"whole seconds, shuffled, send-limit rates", scenario{rate: 4, burstProb: 0.2, burstMin: 5, burstMax: 20, during: 0.4, duringMax: 3, shuffle: true, statuses: true}, 0},
		// Oldest first, the newest page is short and often all one second,
		// so an entry of that second met lower down may or may not have
		// been counted in total: now and then a gap is reported that
		// covers nothing lost (never the other way round).
		{"whole seconds, shuffled, oldest first", scenario{rate: 4, burstProb: 0.2, burstMin: 5, burstMax: 20, during: 0.4, duringMax: 3, shuffle: true, oldestFirst: true, statuses: true}, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			for seed := uint64(1); seed <= 2; seed++ {
				sc := c.sc
				sc.seed, sc.polls, sc.history = seed, polls(500), 200
				r := run(sc)
				t.Logf("seed %d: %s", seed, r)
				checkExact(t, seed, r, sc.statuses, c.falseGaps)
				if r.maxPoll > 2+sc.opts.withDefaults().MaxPages+3 {
					t.Errorf("seed %d: a poll made %d requests", seed, r.maxPoll)
				}
			}
		})
	}
}

// Property: when entries are lost, never silently: every lost entry lies
// inside a reported gap, and still nothing is delivered twice.
func TestPropertyLossesAreReported(t *testing.T) {
	cases := []struct {
		name     string
		sc       scenario
		mustLose bool
	}{
		// Hundreds of entries in one second, in a new order per request:
		// some straddle page boundaries unseen whatever the walk does.
		{"huge same-second groups, shuffled", scenario{rate: 10, burstProb: 0.15, burstMin: 200, burstMax: 1200, during: 0.3, duringMax: 5, shuffle: true, statuses: true}, true},
		// Bursts beyond the cap of 1,000 entries a poll (MaxPages 10).
		{"bursts over the cap, spread", scenario{rate: 10, burstProb: 0.15, burstMin: 500, burstMax: 4000, during: 0.3, duringMax: 5, shuffle: true, statuses: true, opts: Options{MaxPages: 10}}, true},
		{"bursts over the cap, one second", scenario{rate: 10, burstProb: 0.15, burstMin: 500, burstMax: 4000, burstAtOnce: true, during: 0.3, duringMax: 5, statuses: true, opts: Options{MaxPages: 10}}, true},
		{"bursts over the cap, pruning", scenario{gran: time.Microsecond, rate: 10, burstProb: 0.15, burstMin: 500, burstMax: 4000, during: 0.3, duringMax: 5, pruneAt: 5000, opts: Options{MaxPages: 10}}, true},
		{"bursts over the cap, oldest first", scenario{rate: 10, burstProb: 0.15, burstMin: 500, burstMax: 4000, during: 0.3, duringMax: 5, oldestFirst: true, statuses: true, opts: Options{MaxPages: 10}}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			for seed := uint64(1); seed <= 2; seed++ {
				sc := c.sc
				sc.seed, sc.polls, sc.history = seed, polls(250), 200
				r := run(sc)
				t.Logf("seed %d: %s", seed, r)
				if c.mustLose && (r.lost == 0 || r.gaps == 0) {
					t.Errorf("seed %d: lost %d, gaps %d; the scenario should outrun the walk", seed, r.lost, r.gaps)
				}
				checkReported(t, seed, r)
				if limit := 2 + sc.opts.withDefaults().MaxPages + 3; r.maxPoll > limit {
					t.Errorf("seed %d: a poll made %d requests; at most %d", seed, r.maxPoll, limit)
				}
			}
		})
	}
}
