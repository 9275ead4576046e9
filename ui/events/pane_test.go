package events

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"net/http/httptest"

	"github.com/charmbracelet/x/ansi"

	"github.com/wasender-tui/wasender-tui/api/audit"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/api/webhook"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/uitest"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// Two sessions whose webhook secrets the receiver knows.
const (
	secretSupport = "fb61be92ddb7935e0cedcec58e470f6c"
	secretSales   = "0123456789abcdef0123456789abcdef"
	keySales      = "aaaa5a7bf6417bff59e76fb7205382c2dc74cf1769e76f382c2dc74cf176ffff"
)

type harness struct {
	t   testing.TB
	env *uitest.Env
	rcv *webhook.Receiver
	m   *Model
	p   *uitest.Pane
}

// newHarness shows the Events pane at w x h, its receiver on the fake
// clock with the secrets of sessions 11 and 12.
func newHarness(t testing.TB, w, h int) *harness {
	t.Helper()
	env := uitest.New(t, fake.Options{})
	secrets := webhook.NewSecrets(webhook.SecretOptions{Static: map[string]string{"11": secretSupport, "12": secretSales}})
	rcv := webhook.New(webhook.Options{Secrets: secrets, Now: env.Clock.Now, Keep: 100})
	env.Ctx.Webhooks = &common.Webhooks{Receiver: rcv, Addr: "127.0.0.1:8090", PublicURL: "https://console.example.com/wasender"}
	hs := &harness{t: t, env: env, rcv: rcv}
	hs.p = env.NewPane(t, w, h, func(s *view.Stack) view.Pane { hs.m = New(env.Ctx, s); return hs.m })
	hs.p.Run(hs.m.Start())
	return hs
}

// deliver posts a body signed with secret; the pane takes it at its next
// drain.
func (h *harness) deliver(secret, body string) int {
	h.t.Helper()
	req := httptest.NewRequest("POST", "/", strings.NewReader(body))
	req.Header.Set(webhook.SignatureHeader, secret)
	rec := httptest.NewRecorder()
	h.rcv.ServeHTTP(rec, req)
	return rec.Code
}

func (h *harness) status(secret, status string) {
	h.t.Helper()
	if code := h.deliver(secret, `{"event":"session.status","timestamp":1764072000,"data":{"status":"`+status+`"}}`); code != 200 {
		h.t.Fatalf("answered %d", code)
	}
}

func (h *harness) drain() { h.p.Advance(drainFront) }

func (h *harness) view() string { return h.p.View() }

func (h *harness) shown() []string {
	var out []string
	for _, seq := range h.m.list.Lines {
		r := h.m.ring.at(seq)
		out = append(out, r.session+" "+r.kind+" "+r.summary)
	}
	return out
}

func TestEventsArriveLiveOnceEachInOrder(t *testing.T) {
	h := newHarness(t, 120, 20)
	if !strings.Contains(h.view(), "no events yet: w on a session points its webhook at https://console.example.com/wasender") {
		t.Errorf("empty pane:\n%s", h.view())
	}
	h.status(secretSupport, "connecting")
	h.status(secretSales, "need_scan")
	if len(h.m.list.Lines) != 0 {
		t.Fatal("events shown before the pane took them")
	}
	h.drain()
	h.status(secretSupport, "connected")
	h.drain()
	want := []string{"11 session.status now connecting", "12 session.status now need_scan", "11 session.status now connected"}
	if got := h.shown(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("shown %q, want %q", got, want)
	}
	v := h.view()
	for _, s := range []string{"Webhook events at http://127.0.0.1:8090/ · public https://console.example.com/wasender",
		"session 12     session.status           now need_scan", "● following", "3/3 events"} {
		if !strings.Contains(v, s) {
			t.Errorf("view lacks %q:\n%s", s, v)
		}
	}
	if got := h.m.Status().Summary; got != "3 events · all sessions" {
		t.Errorf("summary %q", got)
	}
	if n := strings.Count(v, "\n") + 1; n != 20 {
		t.Errorf("%d lines, want 20", n)
	}
}

// Moving up pauses: new events are counted, not scrolled in; f follows
// again and shows them.
func TestPauseCountsNewEventsAndFollowResumes(t *testing.T) {
	h := newHarness(t, 100, 8) // 6 rows of events
	for i := range 10 {
		h.status(secretSupport, "s"+strconv.Itoa(i))
	}
	h.drain()
	h.p.Press("up", "up")
	sel := h.m.selected().summary
	for range 3 {
		h.status(secretSales, "connected")
	}
	h.drain()
	if h.m.list.Follow || h.m.list.Unseen != 3 || h.m.selected().summary != sel {
		t.Fatalf("follow %v, unseen %d, selected %q (was %q)", h.m.list.Follow, h.m.list.Unseen, h.m.selected().summary, sel)
	}
	if v := h.view(); !strings.Contains(v, "⏸ paused · 3 new (f follows)") || strings.Contains(v, "session 12") {
		t.Errorf("paused view:\n%s", v)
	}
	h.p.Press("f")
	if v := h.view(); !h.m.list.Follow || !strings.Contains(v, "● following") || !strings.Contains(v, "session 12") {
		t.Errorf("after f:\n%s", v)
	}
	h.p.Press("up", "end")
	if !h.m.list.Follow {
		t.Error("end did not follow")
	}
}

func TestFiltersByEventSessionAndText(t *testing.T) {
	h := newHarness(t, 120, 30)
	h.status(secretSupport, "connected")
	h.deliver(secretSales, `{"event":"messages.upsert","sessionId":"`+keySales+`","data":{"messages":[{"key":{"id":"A1","fromMe":true,"remoteJid":"34622198043@s.whatsapp.net"},"messageBody":"Hola Amelia"}]}}`)
	h.deliver(secretSales, `{"event":"message.update","timestamp":1764072000123,"data":{"key":{"id":"A1","fromMe":true,"remoteJid":"34622198043@s.whatsapp.net"},"update":{"status":3}}}`)
	h.status(secretSales, "connected")
	h.drain()
	h.p.Press("E") // the first event name seen, in order: messages.update
	if got := h.shown(); len(got) != 1 || !strings.Contains(got[0], "messages.update to +34622198043 → delivered (A1)") {
		t.Errorf("E: %q", got)
	}
	h.p.Press("E", "E") // messages.upsert, then session.status
	if got := h.shown(); len(got) != 2 || h.m.filters.kind != "session.status" {
		t.Errorf("E E E: %s %q", h.m.filters.kind, got)
	}
	if !strings.Contains(h.view(), "event session.status") {
		t.Errorf("the status line does not say the filter:\n%s", h.view())
	}
	h.p.Press("E", "p")
	picker := h.p.View()
	if !strings.Contains(picker, "All sessions") || !strings.Contains(picker, "session 11") {
		t.Fatalf("picker:\n%s", picker)
	}
	h.p.Type("12")
	h.p.Press("enter")
	if got := h.shown(); len(got) != 3 || h.m.filters.session != "12" {
		t.Errorf("session 12: %q", got)
	}
	h.p.Press("/")
	h.p.Type("amelia")
	h.p.Press("enter")
	if got := h.shown(); len(got) != 1 || !strings.Contains(got[0], "Hola Amelia") {
		t.Errorf("filter amelia: %q", got)
	}
	h.p.Press("esc")
	if got := h.shown(); len(got) != 4 || h.m.filters.any(h.m.list.Term) {
		t.Errorf("esc cleared nothing: %+v %q", h.m.filters, got)
	}
}

// Details show the whole JSON, pretty-printed in the order sent, with
// every string cleaned of control characters and the API key masked.
func TestDetailsShowTheWholeJSONCleanedAndMasked(t *testing.T) {
	h := newHarness(t, 100, 40)
	h.deliver(secretSales, `{"event":"messages.received","sessionId":"`+keySales+`","timestamp":1764072000,"data":{"messages":{"key":{"id":"B2","remoteJid":"4915730984412@s.whatsapp.net"},"messageBody":"pay \u001b[31mnow\u001b]0;owned\u0007 \u009b2J here","pushName":"Eve\u202e"}},"z":[1,2.50,true,null,{}]}`)
	h.drain()
	h.p.Press("enter")
	v := h.view()
	for _, s := range []string{
		"messages.received · session 12 (12)",
		`  "event": "messages.received",`,
		`  "sessionId": "••••••••••••ffff",`,
		`  "timestamp": 1764072000,`,
		`      "messageBody": "pay [31mnow ]0;owned 2J here",`,
		`  "z": [`, `    2.50,`, `    null,`, `    {}`,
	} {
		if !strings.Contains(v, s) {
			t.Errorf("details lack %q:\n%s", s, v)
		}
	}
	if strings.Contains(v, keySales) || strings.ContainsAny(v, "\x1b\x07\u009b") {
		t.Errorf("details show the key or a control character:\n%q", v)
	}
	if i := strings.Index(v, `"event"`); i < 0 || i > strings.Index(v, `"sessionId"`) || strings.Index(v, `"data"`) > strings.Index(v, `"z"`) {
		t.Errorf("members out of order:\n%s", v)
	}
	h.p.Press("esc")
	if _, ok := h.p.Front().(*Model); !ok {
		t.Error("esc did not close the details")
	}
}

// A long string wraps under itself; nothing is wider than the view.
func TestDetailsWrapLongLines(t *testing.T) {
	h := newHarness(t, 60, 30)
	qr := strings.Repeat("2@AbCdEfGh", 30)
	h.deliver(secretSupport, `{"event":"qrcode.updated","data":{"qr":"`+qr+`"}}`)
	h.drain()
	h.p.Press("enter")
	var joined strings.Builder
	for _, l := range strings.Split(h.view(), "\n") {
		if w := len([]rune(l)); w > 60 {
			t.Errorf("a line of %d cells: %q", w, l)
		}
		joined.WriteString(strings.TrimSpace(l))
	}
	if !strings.Contains(joined.String(), qr) {
		t.Errorf("the QR string is not whole across the lines:\n%s", h.view())
	}
}

func TestSaveWritesTheEventsShownPrivateAndAudited(t *testing.T) {
	state := t.TempDir()
	t.Setenv("XDG_STATE_HOME", state)
	h := newHarness(t, 120, 20)
	trail, err := audit.Open(filepath.Join(t.TempDir(), "audit.log"))
	if err != nil {
		t.Fatal(err)
	}
	h.env.Ctx.Audit, h.env.Ctx.Actor = trail, "local:alice"
	h.status(secretSupport, "connected")
	h.deliver(secretSales, `{"event":"session.status","sessionId":"`+keySales+`","data":{"status":"logged_out","reason":"x\u001by"}}`)
	h.deliver(secretSales, `{"event":"session.status","sessionId":"`+keySales+`","data":{"status":"logged_out","reason":"x\u001by"}}`)
	h.drain()
	h.p.Press("p")
	h.p.Type("12")
	h.p.Press("enter", "ctrl+s")
	var notice common.NoticeMsg
	for _, msg := range h.p.Seen {
		if n, ok := msg.(common.NoticeMsg); ok {
			notice = n
		}
	}
	path := filepath.Join(state, "wasender-tui", "events", "events-session-12-20261125-120000.jsonl")
	if notice.Text != "✓ saved 2 events to "+path {
		t.Fatalf("notice %q", notice.Text)
	}
	info, err := os.Stat(path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("file %v, %v", info, err)
	}
	data, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 2 || strings.Contains(string(data), keySales) || strings.Contains(string(data), "\x1b") {
		t.Fatalf("file:\n%s", data)
	}
	var first, second map[string]any
	if json.Unmarshal([]byte(lines[0]), &first) != nil || json.Unmarshal([]byte(lines[1]), &second) != nil {
		t.Fatalf("not JSON lines:\n%s", data)
	}
	if first["session"] != "12" || first["sessionId"] != "••••••••••••ffff" || first["received_at"] != "2026-11-25T12:00:00Z" || first["repeat"] != nil || second["repeat"] != true {
		t.Errorf("lines %v\n%v", first, second)
	}
	entries, _ := audit.Tail(trail.Path(), 10)
	if len(entries) != 1 || entries[0].Action != "save events" || entries[0].Target != path || entries[0].Result != "ok" || entries[0].Actor != "local:alice" {
		t.Errorf("audit %+v", entries)
	}
}

// The header's counter and the status line count refused deliveries,
// whichever pane is in front (the pane takes the counts every second
// behind).
func TestRefusedDeliveriesAreCounted(t *testing.T) {
	h := newHarness(t, 120, 20)
	h.p.Run(h.m.SetActive(false))
	if h.m.Badge() != "" {
		t.Errorf("badge %q before any refusal", h.m.Badge())
	}
	h.deliver("forged", `{"event":"session.status"}`)
	h.deliver("", `{"event":"session.status"}`)
	h.deliver(secretSales, `not json`)
	h.p.Advance(drainFront)
	if h.m.Badge() != "" {
		t.Error("behind, the pane took the counts before a second")
	}
	h.p.Advance(drainBehind)
	if got := h.m.Badge(); got != "⚠ 3 webhooks refused" {
		t.Errorf("badge %q", got)
	}
	if v := h.view(); !strings.Contains(v, "refused 3: 1 no signature, 1 wrong signature, 1 not a JSON object with an event") {
		t.Errorf("status line:\n%s", v)
	}
}

// A console that cannot keep up says how many events it missed, in the
// list where they would have been.
func TestFallingBehindIsAMarkedGap(t *testing.T) {
	h := newHarness(t, 120, 20)
	for range webhook.DefaultBufferEvents + 5 {
		h.status(secretSupport, "connected")
	}
	h.drain()
	if h.m.missed != 5 || h.m.ring.at(h.m.ring.first).summary != "⚠ 5 events were not shown: the console fell behind" {
		t.Errorf("missed %d, first row %q", h.m.missed, h.m.ring.at(h.m.ring.first).summary)
	}
	if !strings.Contains(h.view(), "5 not shown (fell behind)") {
		t.Errorf("status line:\n%s", h.view())
	}
}

// The pane holds at most Keep events: the oldest go, and the rows shown
// follow.
func TestThePaneKeepsTheNewestEvents(t *testing.T) {
	h := newHarness(t, 120, 20)
	for round := range 3 {
		for i := range 4000 {
			h.status(secretSupport, "s"+strconv.Itoa(round*4000+i))
		}
		h.drain()
	}
	if h.m.ring.len() != Keep || len(h.m.list.Lines) != Keep || h.m.received != 12000 {
		t.Fatalf("held %d, shown %d, received %d", h.m.ring.len(), len(h.m.list.Lines), h.m.received)
	}
	if got := h.m.ring.at(h.m.list.Lines[0]).summary; got != "now s2000" {
		t.Errorf("oldest shown %q", got)
	}
	if got := h.m.selected().summary; got != "now s11999" {
		t.Errorf("selected %q", got)
	}
}

// A console that opens later starts with what the receiver kept.
func TestALaterConsoleStartsWithTheKeptEvents(t *testing.T) {
	h := newHarness(t, 120, 20)
	h.status(secretSupport, "connecting")
	h.status(secretSupport, "connected")
	later := New(h.env.Ctx, &view.Stack{})
	if later.ring.len() != 2 || later.received != 2 {
		t.Errorf("the later pane starts with %d events", later.ring.len())
	}
}

// At 80 columns the status line keeps the filters and warnings; the count
// and the time of the last event give way, and "…" says so.
func TestStatusLineAt80KeepsFiltersAndWarnings(t *testing.T) {
	h := newHarness(t, 80, 20)
	h.status(secretSupport, "connected")
	h.deliver("forged", `{"event":"session.status"}`)
	h.drain()
	h.p.Press("/")
	h.p.Type("connected")
	h.p.Press("enter")
	lines := strings.Split(h.view(), "\n")
	last := ansi.Strip(lines[len(lines)-1])
	if w := ansi.StringWidth(last); w > 80 {
		t.Fatalf("status line is %d cells wide: %q", w, last)
	}
	for _, want := range []string{"● following", "filter connected", "refused 1: 1 wrong signature"} {
		if !strings.Contains(last, want) {
			t.Errorf("status line lacks %q: %q", want, last)
		}
	}
	if !strings.HasSuffix(last, "…") {
		t.Errorf("no mark of what gave way: %q", last)
	}
}

// At 250 columns a message's text is shown as far as the room goes, not
// cut at the 60 characters a narrow line has.
func TestAt250TheSummaryTakesTheRoom(t *testing.T) {
	h := newHarness(t, 250, 20)
	text := "Shift plan for week 20 is pinned in the group, please confirm before Friday so that we can plan the weekend crew"
	h.deliver(secretSales, `{"event":"messages.upsert","sessionId":"`+keySales+`","data":{"messages":[{"key":{"id":"A1","fromMe":true,"remoteJid":"34622198043@s.whatsapp.net"},"messageBody":"`+text+`"}]}}`)
	h.drain()
	if v := h.view(); !strings.Contains(v, text) {
		t.Errorf("the text is cut at 250 columns:\n%s", v)
	}
}
