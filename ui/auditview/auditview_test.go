package auditview

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasender-tui/wasender-tui/api/audit"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/ui/uitest"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

type harness struct {
	env *uitest.Env
	m   *Model
	*uitest.Pane
}

func newHarness(t *testing.T, w, h int, entries ...audit.Entry) *harness {
	t.Helper()
	env := uitest.New(t, fake.Options{})
	log, err := audit.Open(filepath.Join(t.TempDir(), "audit.log"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { log.Close() })
	env.Ctx.Audit = log
	hh := &harness{env: env}
	hh.write(t, entries...)
	hh.Pane = env.NewPane(t, w, h, func(s *view.Stack) view.Pane { hh.m = New(env.Ctx, s); return hh.m })
	return hh
}

func (h *harness) write(t *testing.T, entries ...audit.Entry) {
	t.Helper()
	for _, e := range entries {
		if e.Time.IsZero() {
			e.Time = h.env.Ctx.Now()
		}
		if err := h.env.Ctx.Audit.Write(e); err != nil {
			t.Fatal(err)
		}
	}
}

func entry(action, target, result string) audit.Entry {
	return audit.Entry{Actor: "local:ann", Profile: "work", Action: action, Target: target, Result: result}
}

func TestRefreshesOnItsOwn(t *testing.T) {
	h := newHarness(t, 120, 20, entry("restart session", "12", "ok"))
	if !strings.Contains(h.View(), "restart session") {
		t.Fatalf("first read:\n%s", h.View())
	}
	h.write(t, entry("delete session", "16", "error: Unnotarized"))
	h.Advance(Every)
	if v := h.View(); !strings.Contains(v, "delete session") || !strings.Contains(v, "the last 2 entries") {
		t.Fatalf("a new entry was not shown without r:\n%s", v)
	}
	// Behind another pane it stops looking.
	h.Run(h.m.SetActive(false))
	h.write(t, entry("send message", "+4915730984412", "ok"))
	h.Advance(3 * Every)
	if strings.Contains(h.View(), "send message") {
		t.Fatal("read while hidden")
	}
}

func TestFilterScrollAndDetails(t *testing.T) {
	var es []audit.Entry
	for i := range 40 {
		es = append(es, entry("restart session", "1"+string(rune('0'+i%10)), "ok"))
	}
	long := "error: " + strings.Repeat("the API said something rather long about this refusal; ", 4)
	es = append(es, entry("regenerate session key", "14", long))
	h := newHarness(t, 80, 12, es...)
	if !strings.Contains(h.View(), "regenerate") {
		t.Fatalf("the newest entry is not in view:\n%s", h.View())
	}
	h.Press("g")
	if strings.Contains(h.View(), "regenerate") {
		t.Fatalf("g did not scroll to the top:\n%s", h.View())
	}
	// A new entry while the cursor is up does not move it.
	h.write(t, entry("disconnect session", "15", "ok"))
	h.Advance(Every)
	if h.m.table.Cursor() != 0 {
		t.Fatalf("cursor moved to %d on a refresh", h.m.table.Cursor())
	}
	h.Press("/")
	h.Type("14 regen")
	h.Press("enter")
	if v := h.View(); len(h.m.shown) != 1 || !strings.Contains(v, "filter 14 regen (1 of 42") {
		t.Fatalf("filter:\n%s", v)
	}
	h.Press("enter")
	v := h.View()
	if !strings.Contains(v, "Audit entry") || !strings.Contains(v, "refusal;") || strings.Count(v, "rather long") != 4 {
		t.Fatalf("the entry in full:\n%s", v)
	}
	h.Press("esc", "esc")
	if len(h.m.shown) != 42 {
		t.Fatalf("esc did not clear the filter: %d shown", len(h.m.shown))
	}
}

func TestTheTrailsPathAndErrorsAreCleanedBeforeTheScreen(t *testing.T) {
	env := uitest.New(t, fake.Options{})
	dir := filepath.Join(t.TempDir(), "trail\x1b]0;owned\x07")
	log, err := audit.Open(filepath.Join(dir, "audit.log"))
	if err != nil {
		t.Skip("this file system refuses the name:", err)
	}
	t.Cleanup(func() { log.Close() })
	env.Ctx.Audit = log
	var m *Model
	p := env.NewPane(t, 200, 10, func(s *view.Stack) view.Pane { m = New(env.Ctx, s); return m })
	if v := p.View(); strings.ContainsAny(v, "\x1b\x07") {
		t.Fatalf("the path reached the screen raw: %q", v)
	}
	m.err = errors.New("open " + log.Path() + ": permission denied")
	if v := p.View(); strings.ContainsAny(v, "\x1b\x07") {
		t.Fatalf("the error reached the screen raw: %q", v)
	}
}

// At 80 columns a result has room to be read, before who did it; an empty
// trail says so, not "the last 0 entries".
func TestResultsHaveRoomAndAnEmptyTrailSaysSo(t *testing.T) {
	h := newHarness(t, 80, 10, audit.Entry{Actor: "ssh:bob SHA256:Yk3pQ0aZbb", Profile: "work", Action: "restart session", Target: "12",
		Result: "error: WhatsApp session is not connected. Cannot restart."})
	if v := h.View(); !strings.Contains(v, "error: WhatsApp se…") {
		t.Errorf("the result is cut short:\n%s", v)
	}
	empty := newHarness(t, 80, 10)
	if v := empty.View(); strings.Contains(v, "the last 0") || !strings.Contains(v, "no entries yet") {
		t.Errorf("empty trail:\n%s", v)
	}
}
