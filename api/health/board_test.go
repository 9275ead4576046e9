package health

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/tail"
)

var t0 = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

func session(id, name, status string) api.Session {
	return api.Session{ID: api.ID(id), Name: api.Text(name), Status: api.Status(status)}
}

func slog(id string, at time.Time, status string) api.SessionLog {
	return api.SessionLog{ID: api.ID(id), OccurredAt: api.Time{Time: at}, Status: api.Status(status), EventType: "status_change"}
}

func mlog(id string, at time.Time, status, reason string) api.MessageLog {
	return api.MessageLog{ID: api.ID(id), CreatedAt: api.Time{Time: at}, UpdatedAt: api.Time{Time: at}, Status: api.Status(status), FailedReason: api.Text(reason)}
}

// messages makes n message logs of a status, one a second ending at end.
func messages(prefix string, n int, end time.Time, status, reason string) []api.MessageLog {
	var out []api.MessageLog
	for i := range n {
		out = append(out, mlog(fmt.Sprintf("%s%d", prefix, i), end.Add(-time.Duration(n-1-i)*time.Second), status, reason))
	}
	return out
}

// board lists sessions at t0 and marks every log read.
func board(list ...api.Session) *Board {
	b := NewBoard(Thresholds{})
	b.SetSessions(list, t0)
	for _, s := range list {
		b.Read(s.ID, SessionLogs, true, tail.Status{}, t0)
		b.Read(s.ID, MessageLogs, true, tail.Status{}, t0)
	}
	return b
}

func rowOf(t *testing.T, rows []Row, id string) Row {
	t.Helper()
	for _, r := range rows {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("no row for %s in %v", id, rows)
	return Row{}
}

func reasons(r Row) string {
	var s []string
	for _, x := range r.Reasons {
		s = append(s, x.String())
	}
	return strings.Join(s, "; ")
}

func TestVerdictsFollowTheThresholds(t *testing.T) {
	ids := []string{"calm", "scan", "out", "odd", "blank", "connecting", "flap2", "flap3", "fail20", "few", "fail19", "key", "5xx2", "5xx3"}
	var list []api.Session
	for _, id := range ids {
		st := "connected"
		switch id {
		case "scan":
			st = "NEED_SCAN"
		case "out":
			st = "logged_out"
		case "odd":
			st = "hibernating"
		case "blank":
			st = ""
		case "connecting":
			st = "connecting"
		}
		list = append(list, session(id, strings.ToUpper(id), st))
	}
	b := board(list...)
	now := t0.Add(time.Minute)
	flaps := func(id string, n int) {
		var ls []api.SessionLog
		st := []string{"disconnected", "connected"}
		for i := range n + 1 { // the first state read is no change
			ls = append(ls, slog(fmt.Sprintf("%s-%d", id, i), now.Add(-time.Duration(30-i)*time.Minute), st[(i+n+1)%2]))
		}
		b.SessionLogs(api.ID(id), tail.Batch[api.SessionLog]{New: ls}, now)
	}
	flaps("flap2", 2)
	flaps("flap3", 3)
	send := func(id string, ok, bad int) {
		ms := append(messages(id+"s", ok, now.Add(-2*time.Minute), "sent", ""), messages(id+"f", bad, now.Add(-time.Minute), "failed", "message timed out")...)
		b.MessageLogs(api.ID(id), tail.Batch[api.MessageLog]{New: ms}, now)
	}
	send("fail20", 4, 1)
	send("few", 3, 1)
	send("fail19", 17, 4) // 4 of 21: 19%
	key := &api.Error{Status: 401, Message: "Invalid API key", Credential: api.CredSessionKey}
	b.Read("key", MessageLogs, false, tail.Status{Err: key, Fails: 1}, now)
	boom := &api.Error{Status: 500, Message: "Internal Server Error"}
	b.Read("5xx2", SessionLogs, false, tail.Status{Err: boom, Fails: 2}, now)
	b.Read("5xx3", SessionLogs, false, tail.Status{Err: boom, Fails: 3}, now)

	want := map[string]string{
		"calm":       "ok",
		"scan":       "down: not connected: need_scan",
		"out":        "down: not connected: logged_out",
		"odd":        "down: not connected: hibernating",
		"blank":      "down: not connected: the API gave no state",
		"connecting": "down: not connected: connecting",
		"flap2":      "ok",
		"flap3":      "attention: flapping: 3 state changes in 1h",
		"fail20":     `attention: failing: 20% of 5 messages failed, latest "message timed out" (1)`,
		"few":        "ok",
		"fail19":     "ok",
		"key":        "attention: unreadable: message logs: Invalid API key [HTTP 401; the session API key was rejected]",
		"5xx2":       "ok",
		"5xx3":       "attention: unreadable: session logs: Internal Server Error [HTTP 500] (3 reads in a row)",
	}
	rows := b.Rows(now)
	for _, id := range ids {
		r := rowOf(t, rows, id)
		got := r.Verdict.String()
		if len(r.Reasons) > 0 {
			got += ": " + reasons(r)
		}
		if got != want[id] {
			t.Errorf("%s: %q, want %q", id, got, want[id])
		}
	}
	if r := rowOf(t, rows, "5xx2"); r.LastError != "session logs: Internal Server Error [HTTP 500]" {
		t.Errorf("the last error of a session whose logs failed twice: %q", r.LastError)
	}
	// Worst first: every down row, then every attention row, then ok.
	for i := 1; i < len(rows); i++ {
		if rows[i].Verdict > rows[i-1].Verdict {
			t.Fatalf("row %d (%s %s) after %s %s", i, rows[i].ID, rows[i].Verdict, rows[i-1].ID, rows[i-1].Verdict)
		}
	}
}

// A pairing (need_scan, connecting, connected) is one change, not a flap; a
// reconnect through connecting and a repeat of a state are none; a session
// that drops and comes back flaps.
func TestTransitionalStatesAreNoChange(t *testing.T) {
	now := t0.Add(time.Minute)
	for _, c := range []struct {
		name   string
		states []string
		want   int
		flaps  bool
	}{
		{"pairing", []string{"need_scan", "connecting", "connected"}, 1, false},
		{"pairing after a failed scan", []string{"need_scan", "connecting", "need_scan", "need_scan", "connecting", "connected"}, 1, false},
		{"reconnects", []string{"connected", "connecting", "connected", "connecting", "connected", "connected"}, 0, false},
		{"drops", []string{"connected", "disconnected", "connecting", "connected", "disconnected", "connected"}, 4, true},
	} {
		b := board(session("1", "A", "connected"))
		var ls []api.SessionLog
		for i, st := range c.states {
			ls = append(ls, slog(fmt.Sprint(i), now.Add(-time.Duration(30-i)*time.Minute), st))
		}
		b.SessionLogs("1", tail.Batch[api.SessionLog]{New: ls}, now)
		r := b.Rows(now)[0]
		if r.Changes != c.want || (r.Verdict == Attention) != c.flaps {
			t.Errorf("%s %v: %d changes, %s (%s); want %d", c.name, c.states, r.Changes, r.Verdict, reasons(r), c.want)
		}
	}
}

// Thresholds from the config replace the defaults.
func TestThresholdsCanBeSet(t *testing.T) {
	b := NewBoard(Thresholds{Window: 15 * time.Minute, Flapping: 2, FailureRate: 0.5, MinMessages: 2})
	b.SetSessions([]api.Session{session("1", "A", "connected")}, t0)
	now := t0.Add(time.Minute)
	b.SessionLogs("1", tail.Batch[api.SessionLog]{New: []api.SessionLog{
		slog("a", now.Add(-20*time.Minute), "connected"), // before the window
		slog("b", now.Add(-10*time.Minute), "disconnected"),
		slog("c", now.Add(-5*time.Minute), "connecting"),
		slog("d", now.Add(-5*time.Minute+3*time.Second), "connected"),
		slog("e", now.Add(-4*time.Minute), "disconnected"),
	}}, now)
	b.MessageLogs("1", tail.Batch[api.MessageLog]{New: []api.MessageLog{
		mlog("m1", now.Add(-time.Minute), "failed", "x"), mlog("m2", now.Add(-time.Minute), "sent", ""),
	}}, now)
	r := b.Rows(now)[0]
	if got := reasons(r); got != `flapping: 3 state changes in 15m; failing: 50% of 2 messages failed, latest "x" (1)` {
		t.Errorf("reasons %q", got)
	}
	if len(r.Failures) != 3 || r.Failures[2] != 1 {
		t.Errorf("failures per 5 minutes over 15m: %v", r.Failures)
	}
}

// As time passes the window slides: what falls out of it stops counting,
// and the per-5-minute counts move along.
func TestTheWindowSlides(t *testing.T) {
	b := board(session("1", "A", "connected"))
	now := t0.Add(time.Hour)
	var ms []api.MessageLog
	for i := range 60 { // one a minute over the hour, every third failed
		st, reason := "sent", ""
		if i%3 == 0 {
			st, reason = "failed", fmt.Sprintf("reason %d", i%2)
		}
		ms = append(ms, mlog(fmt.Sprint(i), now.Add(-time.Duration(59-i)*time.Minute), st, reason))
	}
	b.MessageLogs("1", tail.Batch[api.MessageLog]{New: ms}, now)
	r := b.Rows(now)[0]
	if r.Sent != 40 || r.Failed != 20 || r.LastFailedReason != "reason 1" || r.LastFailedCount != 10 {
		t.Errorf("over the hour: sent %d failed %d latest %q (%d)", r.Sent, r.Failed, r.LastFailedReason, r.LastFailedCount)
	}
	if len(r.Failures) != 12 || sum(r.Failures) != 20 {
		t.Errorf("failures per 5 minutes %v", r.Failures)
	}
	later := now.Add(30 * time.Minute)
	r = b.Rows(later)[0]
	if r.Sent != 21 || r.Failed != 10 || sum(r.Failures) != 10 || r.Failures[11] != 0 || r.Failures[0] == 0 {
		t.Errorf("half an hour on: sent %d failed %d, per 5 minutes %v", r.Sent, r.Failed, r.Failures)
	}
	if r = b.Rows(later.Add(time.Hour))[0]; r.Sent+r.Failed != 0 || r.LastFailedReason != "" || sum(r.Failures) != 0 {
		t.Errorf("an hour after the last message: %+v", r)
	}
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

// A message delivered in progress counts once it settles; an update for a
// message the board never saw counts when it is in the window; batches of
// older history land in their place.
func TestUpdatesAndHistory(t *testing.T) {
	b := board(session("1", "A", "connected"))
	now := t0.Add(time.Hour)
	b.MessageLogs("1", tail.Batch[api.MessageLog]{New: []api.MessageLog{mlog("9", now.Add(-time.Second), "in_progress", "")}}, now)
	if r := b.Rows(now)[0]; r.Sent+r.Failed != 0 {
		t.Errorf("an in_progress message counted: %+v", r)
	}
	b.MessageLogs("1", tail.Batch[api.MessageLog]{Updated: []api.MessageLog{
		mlog("9", now.Add(-time.Second), "failed", "invalid WhatsApp number"),
		mlog("7", now.Add(-time.Minute), "failed", "invalid WhatsApp number"),
		mlog("1", now.Add(-2*time.Hour), "failed", "too old"),
	}}, now)
	b.MessageLogs("1", tail.Batch[api.MessageLog]{History: true, New: messages("old", 5, now.Add(-50*time.Minute), "failed", "message timed out")}, now)
	r := b.Rows(now)[0]
	if r.Failed != 7 || r.LastFailedReason != "invalid WhatsApp number" || r.LastFailedCount != 2 {
		t.Errorf("failed %d, latest %q (%d)", r.Failed, r.LastFailedReason, r.LastFailedCount)
	}
	// A failed message resent settles as sent: it leaves the failures.
	b.MessageLogs("1", tail.Batch[api.MessageLog]{Updated: []api.MessageLog{mlog("9", now.Add(-time.Second), "sent", "")}}, now)
	if r := b.Rows(now)[0]; r.Failed != 6 || r.Sent != 1 || r.LastFailedCount != 1 {
		t.Errorf("after the resend: sent %d failed %d, latest %q (%d)", r.Sent, r.Failed, r.LastFailedReason, r.LastFailedCount)
	}
	// The same entries again (a reader that subscribed twice) count once.
	b.MessageLogs("1", tail.Batch[api.MessageLog]{New: messages("old", 5, now.Add(-50*time.Minute), "failed", "message timed out")}, now)
	if r := b.Rows(now)[0]; r.Failed != 6 {
		t.Errorf("entries delivered twice counted twice: %d failed", r.Failed)
	}
}

// Since when: the start of the newest run of the state in the session log;
// at least that old when the run reaches the oldest entry read; the
// listing's change when the log has nothing to say.
func TestSinceWhen(t *testing.T) {
	b := board(session("1", "A", "connected"), session("2", "B", "need_scan"), session("3", "C", "connected"))
	now := t0.Add(time.Hour)
	b.SessionLogs("1", tail.Batch[api.SessionLog]{New: []api.SessionLog{
		slog("a", now.Add(-3*time.Hour), "need_scan"),
		slog("b", now.Add(-2*time.Hour), "connected"),
		slog("c", now.Add(-time.Hour), "connected"), // a restart: the same state
	}}, now)
	b.SessionLogs("2", tail.Batch[api.SessionLog]{New: []api.SessionLog{slog("d", now.Add(-5*time.Hour), "need_scan")}}, now)
	rows := b.Rows(now)
	if r := rowOf(t, rows, "1"); !r.Since.Equal(now.Add(-2*time.Hour)) || r.SinceAtLeast || r.Changes != 0 {
		t.Errorf("1: since %v (at least %v), %d changes", r.Since, r.SinceAtLeast, r.Changes)
	}
	if r := rowOf(t, rows, "2"); !r.Since.Equal(now.Add(-5*time.Hour)) || !r.SinceAtLeast {
		t.Errorf("2: since %v (at least %v)", r.Since, r.SinceAtLeast)
	}
	if r := rowOf(t, rows, "3"); !r.Since.IsZero() {
		t.Errorf("3 has no logs, yet since %v", r.Since)
	}
	later := now.Add(time.Minute)
	b.SetSessions([]api.Session{session("1", "A", "connected"), session("2", "B", "need_scan"), session("3", "C", "logged_out")}, later)
	r := rowOf(t, b.Rows(later), "3")
	if !r.Since.Equal(later) || r.Verdict != Down {
		t.Errorf("3 logged out in the listing: since %v, %s", r.Since, r.Verdict)
	}
	// A session log newer than the listing says what the state is now.
	b.SessionLogs("1", tail.Batch[api.SessionLog]{New: []api.SessionLog{slog("e", later.Add(time.Second), "connecting")}}, later)
	if r := rowOf(t, b.Rows(later.Add(2*time.Second)), "1"); r.Status != "connecting" || r.Verdict != Down || !r.Since.Equal(later.Add(time.Second)) {
		t.Errorf("1 after a newer session log: %s %s since %v", r.Status, r.Verdict, r.Since)
	}
}

// A session whose logs cannot be read stays on the board with the API's
// words; one listed without an id too; one no longer listed goes.
func TestNothingIsDropped(t *testing.T) {
	b := NewBoard(Thresholds{})
	b.SetSessions([]api.Session{session("1", "A", "connected"), session("", "Ghost", "connected"), session("2", "B", "connected")}, t0)
	b.Read("1", SessionLogs, false, tail.Status{Err: &api.Error{Status: 403, Message: "Forbidden"}, Fails: 1}, t0)
	b.Read("1", MessageLogs, true, tail.Status{}, t0)
	if b.Ready() {
		t.Error("ready while session 2 is not read")
	}
	b.Read("2", SessionLogs, true, tail.Status{}, t0)
	b.Read("2", MessageLogs, true, tail.Status{}, t0)
	if !b.Ready() {
		p, all := b.Pending()
		t.Errorf("not ready once everything is read or unreadable: %d of %d pending", p, all)
	}
	rows := b.Rows(t0)
	if len(rows) != 3 {
		t.Fatalf("%d rows, want 3", len(rows))
	}
	if r := rowOf(t, rows, "1"); reasons(r) != "unreadable: session logs: Forbidden [HTTP 403]" {
		t.Errorf("unreadable session: %q", reasons(r))
	}
	if r := rowOf(t, rows, ""); r.Name != "Ghost" || r.Verdict != Attention {
		t.Errorf("the session without an id: %+v", r)
	}
	gone := b.SetSessions([]api.Session{session("2", "B", "connected")}, t0)
	if len(gone) != 2 || len(b.Rows(t0)) != 1 {
		t.Errorf("after 1 and the ghost left the list: gone %v, %d rows", gone, len(b.Rows(t0)))
	}
}

// A one-shot check that runs out of time says so for what it could not read.
func TestGiveUp(t *testing.T) {
	b := NewBoard(Thresholds{})
	b.SetSessions([]api.Session{session("1", "A", "connected")}, t0)
	b.Read("1", SessionLogs, true, tail.Status{}, t0)
	b.Read("1", MessageLogs, false, tail.Status{Err: &api.Error{Status: 429, Message: "Too Many Requests", RetryAfter: time.Minute}, Fails: 1}, t0)
	b.GiveUp("not read within 2m")
	r := b.Rows(t0)[0]
	if got := reasons(r); got != "unreadable: message logs: not read within 2m; the last read said: Too Many Requests [HTTP 429; retry in 1m0s]" {
		t.Errorf("%q", got)
	}
	if !b.Ready() {
		t.Error("not ready after giving up")
	}
}

// The last error: the newest the console met, from the logs, a 429 hold or
// an action.
func TestLastError(t *testing.T) {
	b := board(session("1", "A", "connected"))
	b.Read("1", MessageLogs, true, tail.Status{Err: errors.New("connection refused"), Fails: 1}, t0)
	b.Held("1", t0.Add(40*time.Second), t0.Add(time.Second))
	if r := b.Rows(t0)[0]; r.LastError != "rate limited: the API holds this session's key for 39s" || !r.LastErrorAt.Equal(t0.Add(time.Second)) {
		t.Errorf("last error %q at %v", r.LastError, r.LastErrorAt)
	}
	b.NoteError("1", &api.Error{Op: "restart", Status: 502, Message: "Bad Gateway"}, t0.Add(2*time.Second))
	if r := b.Rows(t0)[0]; r.LastError != "Bad Gateway [HTTP 502]" {
		t.Errorf("last error %q", r.LastError)
	}
}

func TestParseWindow(t *testing.T) {
	for in, want := range map[string]string{"1h": "1h", "15m": "15m", "2h30m": "2h30m", " 90m ": "1h30m", "24h": "24h", "90s": "1m30s", "1h0m30s": "1h0m30s"} {
		d, err := ParseWindow(in)
		if err != nil || FormatWindow(d) != want {
			t.Errorf("%q: %v %v", in, FormatWindow(d), err)
		}
	}
	for in, want := range map[string]string{"1 hour": "use a number with a unit, like 15m, 1h or 2h30m", "": "not a window", "30s": "1m to 24h", "48h": "1m to 24h", "-1h": "1m to 24h"} {
		if _, err := ParseWindow(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want it to say %q", in, err, want)
		}
	}
}

// Gaps come in the order they are reported, not by time: one reported
// late (reading the past) about an older span leaves the window on its own.
func TestGapsLeaveTheWindowEachOnItsOwn(t *testing.T) {
	b := board(session("1", "A", "connected"))
	now := t0.Add(time.Hour)
	b.MessageLogs("1", tail.Batch[api.MessageLog]{Gaps: []tail.Gap{{Missing: 2}}}, now) // at now
	b.MessageLogs("1", tail.Batch[api.MessageLog]{Gaps: []tail.Gap{{To: now.Add(-50 * time.Minute), Missing: 3}}}, now)
	if r := b.Rows(now)[0]; r.Missing != 5 {
		t.Fatalf("missing %d, want 5", r.Missing)
	}
	if r := b.Rows(now.Add(20 * time.Minute))[0]; r.Missing != 2 {
		t.Errorf("20 minutes on, the older gap is out of the window: missing %d, want 2", r.Missing)
	}
}
