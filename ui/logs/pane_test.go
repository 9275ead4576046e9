package logs

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/audit"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/uitest"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

type harness struct {
	t   *testing.T
	env *uitest.Env
	m   *Model
	p   *uitest.Pane
}

// newHarness shows the logs pane of one session (or all) at 160x30.
func newHarness(t *testing.T, session string) *harness {
	t.Helper()
	env := uitest.New(t, fake.Options{})
	list, err := env.Ctx.Client.ListSessions(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	env.Ctx.Sessions.Set(list, env.Clock.Now())
	h := &harness{t: t, env: env}
	h.p = env.NewPane(t, 160, 30, func(s *view.Stack) view.Pane { h.m = New(env.Ctx, s); return h.m })
	h.m.SetActive(true)
	h.run(h.m.selectSession(session, list))
	h.env.Poll()
	h.p.Advance(drainFront)
	return h
}

func (h *harness) run(cmd tea.Cmd) { h.p.Run(cmd) }

func (h *harness) press(keys ...string) { h.p.Press(keys...) }

// poll lets d pass, polls now (r asks the scheduler; the test runs what
// is due) and lets the pane take what came.
func (h *harness) poll(d time.Duration) {
	h.p.Advance(d)
	h.press("r")
	h.env.Poll()
	h.p.Advance(drainFront)
}

func (h *harness) lines() []string { return strings.Split(h.p.View(), "\n") }

func (h *harness) entries() []*entry {
	var out []*entry
	for _, seq := range h.m.list.Lines {
		out = append(out, h.m.ring.at(seq))
	}
	return out
}

func TestBackfillThenNewEntriesOnceEachOldestFirst(t *testing.T) {
	h := newHarness(t, "11")
	before := len(h.m.list.Lines)
	if before == 0 {
		t.Fatal("nothing backfilled")
	}
	h.env.Fake.AddMessageLogs(11, 7)
	h.poll(time.Second)
	h.poll(time.Second) // nothing new: no duplicates
	if got := len(h.m.list.Lines) - before; got != 7 {
		t.Fatalf("%d new lines, want 7", got)
	}
	es := h.entries()
	seen := map[api.ID]bool{}
	for i, e := range es {
		if seen[e.id] {
			t.Fatalf("entry %s shown twice", e.id)
		}
		seen[e.id] = true
		if i > 0 && e.at.Before(es[i-1].at) {
			t.Fatalf("line %d is older than the one before", i)
		}
	}
	if !h.m.list.Follow || h.m.list.Cursor != len(h.m.list.Lines)-1 {
		t.Error("not following the newest line")
	}
}

func TestStatusUpdatesChangeTheLineInPlace(t *testing.T) {
	h := newHarness(t, "12")
	h.env.Fake.AddMessageLogs(12, 3)
	h.poll(time.Second)
	n := len(h.m.list.Lines)
	inProgress := 0
	for _, e := range h.entries()[n-3:] {
		if e.status == api.StatusInProgress {
			inProgress++
		}
	}
	if inProgress != 3 {
		t.Fatalf("%d of the new lines are in progress, want 3", inProgress)
	}
	h.poll(30 * time.Second) // the fake settles them within seconds
	if len(h.m.list.Lines) < n {
		t.Fatal("lines vanished")
	}
	for _, e := range h.entries()[n-3 : n] {
		if e.status == api.StatusInProgress {
			t.Errorf("entry %s still in progress after settling", e.id)
		}
	}
	view := h.p.View()
	if strings.Contains(view, "failed") && !strings.Contains(view, "✗") {
		t.Error("a failure without its symbol")
	}
}

func TestScrollingUpStopsFollowingAndCountsNewLines(t *testing.T) {
	h := newHarness(t, "11")
	h.press("up", "up")
	if h.m.list.Follow {
		t.Fatal("still following after scrolling up")
	}
	at := h.m.list.Cursor
	h.env.Fake.AddMessageLogs(11, 4)
	h.poll(time.Second)
	if h.m.list.Cursor != at {
		t.Error("the view moved while paused")
	}
	if h.m.list.Unseen != 4 || !strings.Contains(h.p.View(), "4 new") {
		t.Fatalf("unseen = %d:\n%s", h.m.list.Unseen, h.lines()[len(h.lines())-1])
	}
	h.press("f")
	if !h.m.list.Follow || h.m.list.Unseen != 0 || h.m.list.Cursor != len(h.m.list.Lines)-1 {
		t.Fatal("f did not resume following")
	}
	h.press("up", "end")
	if !h.m.list.Follow {
		t.Fatal("End did not resume following")
	}
}

func TestFilterSearchAndStatusFilter(t *testing.T) {
	h := newHarness(t, "11")
	all := len(h.m.list.Lines)
	h.press("/")
	h.p.Type("ticket")
	h.press("enter")
	matched := len(h.m.list.Lines)
	if matched == 0 || matched >= all {
		t.Fatalf("filter kept %d of %d", matched, all)
	}
	for _, e := range h.entries() {
		if !strings.Contains(e.hay, "ticket") {
			t.Fatalf("line without the term: %q", e.text)
		}
	}
	h.press("H") // highlight only: everything back, n/N jump between matches
	if len(h.m.list.Lines) != all {
		t.Fatalf("H shows %d of %d", len(h.m.list.Lines), all)
	}
	h.press("g", "n")
	if !strings.Contains(h.m.selected().hay, "ticket") {
		t.Fatal("n did not land on a match")
	}
	first := h.m.list.Cursor
	h.press("n", "N")
	if h.m.list.Cursor != first {
		t.Fatal("N did not go back")
	}
	h.press("esc")
	if h.m.list.Term != "" || len(h.m.list.Lines) != all {
		t.Fatal("esc did not clear the filter")
	}
	for h.m.filters.status != api.StatusFailed {
		h.press("F")
	}
	if len(h.m.list.Lines) == 0 {
		t.Fatal("no failed lines in the demo data")
	}
	for _, e := range h.entries() {
		if e.status != api.StatusFailed {
			t.Fatalf("status filter let %q through", e.status)
		}
	}
	if !strings.Contains(h.p.View(), "✗") {
		t.Error("failed_reason shown without its symbol")
	}
}

func TestTimeWindowUTCAndWrap(t *testing.T) {
	h := newHarness(t, "11")
	all := len(h.m.list.Lines)
	h.press("W") // 5m
	if h.m.filters.window != 5*time.Minute || len(h.m.list.Lines) >= all {
		t.Fatalf("window %s kept %d of %d", h.m.filters.window, len(h.m.list.Lines), all)
	}
	cutoff := h.env.Clock.Now().Add(-5 * time.Minute)
	for _, e := range h.entries() {
		if e.at.Before(cutoff) {
			t.Fatal("a line older than the window")
		}
	}
	h.press("W", "W", "W") // back to all
	if len(h.m.list.Lines) != all {
		t.Fatal("W did not cycle back to everything")
	}
	h.press("t")
	if !strings.Contains(h.lines()[1], "Z ") {
		t.Errorf("UTC stamps missing: %q", h.lines()[1])
	}
	h.m.SetSize(60, 30)
	plain := strings.Count(h.p.View(), "\n")
	h.press("w")
	wrapped := h.lines()
	if strings.Count(h.p.View(), "\n") != plain {
		t.Fatal("wrapping changed the pane's height")
	}
	long := 0
	for _, l := range wrapped {
		if strings.HasPrefix(l, "         ") {
			long++
		}
	}
	if long == 0 {
		t.Fatalf("no continuation lines when wrapping:\n%s", h.p.View())
	}
}

func TestAllSessionsInterleavedWithASessionColumn(t *testing.T) {
	h := newHarness(t, allSessions)
	v := h.p.View()
	for _, name := range []string{"Support Desk", "Sales EU"} {
		if !strings.Contains(v, name) {
			t.Errorf("no %s lines:\n%s", name, v)
		}
	}
	h.env.Fake.AddMessageLogs(11, 2)
	h.env.Fake.AddMessageLogs(12, 2)
	h.poll(time.Second)
	es := h.entries()
	if len(es) < 4 {
		t.Fatal("too few lines")
	}
	for i := 1; i < len(es); i++ {
		if es[i].at.Before(es[i-1].at) && es[i].kind != kindGap {
			t.Fatalf("interleaved lines out of time order at %d", i)
		}
	}
}

func TestPickerAndKindToggle(t *testing.T) {
	h := newHarness(t, allSessions)
	h.press("p")
	if !strings.Contains(h.p.View(), "Show the logs of") {
		t.Fatal("no picker")
	}
	h.p.Type("sales")
	h.press("enter")
	if h.m.scope.Session != "12" || strings.Contains(h.lines()[2], "Support Desk") {
		t.Fatalf("picked %q:\n%s", h.m.scope.Session, h.p.View())
	}
	h.press("m")
	if h.m.kind != kindSession || !strings.Contains(h.lines()[0], "Session logs of Sales EU") {
		t.Fatalf("m did not switch to session logs:\n%s", h.lines()[0])
	}
	h.poll(0)
	if len(h.m.list.Lines) == 0 {
		t.Fatal("no session logs")
	}
}

func TestSaveWritesTheShownLinesPrivately(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_STATE_HOME", dir)
	h := newHarness(t, "11")
	trail, err := audit.Open(filepath.Join(t.TempDir(), "audit.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer trail.Close()
	h.env.Ctx.Audit, h.env.Ctx.Actor = trail, "ssh:alice SHA256:x"
	for h.m.filters.status != api.StatusFailed {
		h.press("F")
	}
	h.press("ctrl+s")
	var notice string
	for _, m := range h.p.Seen {
		if n, ok := m.(common.NoticeMsg); ok {
			notice = n.Text
		}
	}
	if !strings.Contains(notice, "saved "+common.Itoa(len(h.m.list.Lines))+" lines to "+dir) {
		t.Fatalf("notice %q", notice)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "wasender-tui", "logs", "*.log"))
	if len(files) != 1 {
		t.Fatalf("files %v", files)
	}
	fi, _ := os.Stat(files[0])
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode())
	}
	data, _ := os.ReadFile(files[0])
	if n := strings.Count(string(data), "\n"); n != len(h.m.list.Lines) {
		t.Errorf("%d lines saved, %d shown", n, len(h.m.list.Lines))
	}
	if strings.Contains(string(data), "✓ sent") || strings.Contains(string(data), "\x1b[") {
		t.Error("saved lines that were filtered out, or escape codes")
	}
	// A file written on the host (the server, over SSH) is audited.
	entries, _ := audit.Tail(trail.Path(), 5)
	if len(entries) != 1 || entries[0].Action != "save log" || entries[0].Target != files[0] || entries[0].Result != "ok" || entries[0].Actor != "ssh:alice SHA256:x" {
		t.Fatalf("audit: %+v", entries)
	}
}

// Any pane may ask for the logs of one session with a filter typed in.
func TestShowLogsOfASessionFiltered(t *testing.T) {
	h := newHarness(t, allSessions)
	h.p.Send(common.ShowLogsMsg{Session: "12", Filter: "Quote"})
	if h.m.scope.Session != "12" || h.m.list.Term != "quote" || !strings.Contains(h.lines()[0], "Message logs of Sales EU") {
		t.Fatalf("showing %q filtered by %q:\n%s", h.m.scope.Session, h.m.list.Term, h.p.View())
	}
	if len(h.entries()) == 0 {
		t.Fatal("no line matches")
	}
	for _, e := range h.entries() {
		if e.session != "12" || !strings.Contains(e.hay, "quote") {
			t.Fatalf("line of %s without the term: %q", e.session, e.text)
		}
	}
}

func TestDetailsOfAMessage(t *testing.T) {
	h := newHarness(t, "11")
	h.press("enter")
	v := h.p.View()
	for _, want := range []string{"Message log", "content", "WhatsApp's view"} {
		if !strings.Contains(v, want) {
			t.Errorf("details lack %q:\n%s", want, v)
		}
	}
	h.press("esc")
	if h.p.Front() != h.m {
		t.Fatal("esc did not go back")
	}
}

// Two consoles showing one session read one stream: one request a poll
// for both, each console gets every line; picking the same session again
// changes nothing.
func TestConsolesShareOneStream(t *testing.T) {
	h := newHarness(t, "11")
	other := New(h.env.Ctx, &view.Stack{})
	other.SetSize(160, 30)
	list, _ := h.env.Ctx.Sessions.Sessions()
	h.run(other.selectSession("11", list))
	if len(other.list.Lines) != len(h.m.list.Lines) {
		t.Fatalf("the second console started with %d lines, the first has %d", len(other.list.Lines), len(h.m.list.Lines))
	}
	h.env.Fake.AddMessageLogs(11, 4)
	before := h.env.Fake.Requests("/api/whatsapp-sessions/11/message-logs")
	h.press("r") // both consoles read the stream that r asks to poll now
	h.env.Poll()
	if got := h.env.Fake.Requests("/api/whatsapp-sessions/11/message-logs") - before; got != 1 {
		t.Errorf("%d requests for one poll of a log two consoles show", got)
	}
	h.p.Advance(drainFront)
	other.take()
	if len(other.list.Lines) != len(h.m.list.Lines) {
		t.Errorf("consoles show %d and %d lines", len(other.list.Lines), len(h.m.list.Lines))
	}
	sel := h.m.selGen
	if h.m.selectSession("11", list) != nil || h.m.selGen != sel {
		t.Error("picking the same session again started over")
	}
}

// Behind another pane with hidden_log_poll off, the stream is not polled.
func TestHiddenPaneStopsPollingWhenConfigured(t *testing.T) {
	env := uitest.New(t, fake.Options{})
	env.Ctx.Settings.HiddenLogPoll = 0
	env.Ctx.Hub = common.NewHub(env.Ctx.Client, env.Ctx.Settings, env.Clock.Now)
	env.Ctx.Hub.Scheduler().Inline()
	list, _ := env.Ctx.Client.ListSessions(t.Context())
	env.Ctx.Sessions.Set(list, env.Clock.Now())
	var m *Model
	p := env.NewPane(t, 160, 30, func(s *view.Stack) view.Pane { m = New(env.Ctx, s); return m })
	p.Run(m.selectSession("11", list))
	env.Poll()
	m.SetActive(false)
	before := env.Fake.Requests("/api/whatsapp-sessions/11/message-logs")
	for range 5 {
		p.Advance(time.Minute)
		env.Poll()
	}
	if got := env.Fake.Requests("/api/whatsapp-sessions/11/message-logs") - before; got != 0 {
		t.Errorf("%d requests while hidden with hidden_log_poll off", got)
	}
	m.SetActive(true)
	p.Advance(3 * time.Second)
	env.Poll()
	if env.Fake.Requests("/api/whatsapp-sessions/11/message-logs") == before {
		t.Error("shown again, the stream was not polled")
	}
}

func TestRingGrowsInOrderUpToItsLimit(t *testing.T) {
	r := newRing(1000)
	for i := range 1500 {
		r.push(entry{id: api.ID(common.Itoa(i)), session: "1"})
	}
	if r.len() != 1000 || len(r.buf) != 1000 || r.at(r.first).id != "500" || r.at(r.next()-1).id != "1499" {
		t.Fatalf("len %d buf %d first %s", r.len(), len(r.buf), r.at(r.first).id)
	}
	for seq := r.first; seq < r.next(); seq++ {
		if want := api.ID(common.Itoa(int(seq))); r.at(seq).id != want {
			t.Fatalf("seq %d holds %s", seq, r.at(seq).id)
		}
	}
}

func TestRingKeepsTheNewestAndFindsUpdates(t *testing.T) {
	r := newRing(3)
	for i := range 5 {
		r.push(entry{id: api.ID(common.Itoa(i)), session: "1"})
	}
	if r.len() != 3 || r.first != 2 || r.at(1) != nil || r.at(4).id != "4" {
		t.Fatalf("ring %+v", r)
	}
	if _, ok := r.find(entryKey{"1", "0"}); ok {
		t.Error("evicted entry still found")
	}
	if seq, ok := r.find(entryKey{"1", "3"}); !ok || r.at(seq).id != "3" {
		t.Error("entry 3 not found")
	}
}

// Saved lines are whole (never the screen's cut) with full UTC times; J
// saves the API's fields as JSON lines.
func TestSaveKeepsWholeLinesAndJSON(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_STATE_HOME", dir)
	h := newHarness(t, "12")
	h.p.Resize(80, 24) // a screen that cuts every message
	h.press("ctrl+s", "J")
	logs, _ := filepath.Glob(filepath.Join(dir, "wasender-tui", "logs", "*.log"))
	jsonl, _ := filepath.Glob(filepath.Join(dir, "wasender-tui", "logs", "*.jsonl"))
	if len(logs) != 1 || len(jsonl) != 1 {
		t.Fatalf("files %v %v", logs, jsonl)
	}
	text, _ := os.ReadFile(logs[0])
	first := h.entries()[0]
	if !strings.Contains(string(text), first.at.UTC().Format(time.RFC3339)) || !strings.Contains(string(text), first.text) || strings.Contains(string(text), "…") {
		t.Errorf("saved line is not whole with its UTC time:\n%s", strings.SplitN(string(text), "\n", 2)[0])
	}
	for i, l := range strings.Split(strings.TrimSpace(func() string { b, _ := os.ReadFile(jsonl[0]); return string(b) }()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil || m["session"] != "12" || m["created_at"] == nil || m["status"] == nil {
			t.Fatalf("JSON line %d %q: %v", i, l, err)
		}
	}
}

// An open message's details follow its status as it changes.
func TestDetailsFollowTheStatus(t *testing.T) {
	h := newHarness(t, "12")
	h.env.Fake.AddMessageLogs(12, 1)
	h.poll(time.Second)
	h.press("end", "enter")
	if !strings.Contains(h.p.View(), "in progress") {
		t.Fatalf("details of the new message:\n%s", h.p.View())
	}
	h.poll(30 * time.Second)
	v := h.p.View()
	if strings.Contains(v, "in progress") || !(strings.Contains(v, "sent") || strings.Contains(v, "failed")) {
		t.Errorf("details did not follow the status:\n%s", v)
	}
	if !strings.Contains(v, "UTC") && !strings.Contains(v, time.Local.String()) && !strings.Contains(v, "20") {
		t.Errorf("no full date in the details:\n%s", v)
	}
}

// Lines on screen that span days show their date.
func TestTimesShowTheDateAcrossDays(t *testing.T) {
	h := newHarness(t, "11")
	h.p.Resize(100, 24)
	h.press("home")
	es := h.entries()
	first, last := es[h.m.list.Offset], es[min(h.m.list.Offset+h.m.rows(), len(es))-1]
	spans := first.at.Local().Format(time.DateOnly) != last.at.Local().Format(time.DateOnly)
	if got := strings.Contains(h.lines()[1], first.at.Local().Format("01-02 ")); got != spans {
		t.Errorf("lines from %s to %s: date shown %v, want %v:\n%s", first.at, last.at, got, spans, h.lines()[1])
	}
}
