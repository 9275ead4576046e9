package contacts

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/search"
	"github.com/wasender-tui/wasender-tui/ui/uitest"
)

type harness struct {
	t   *testing.T
	env *uitest.Env
	m   *Model
	d   *uitest.Driver
}

func newHarness(t *testing.T, opts fake.Options) *harness {
	t.Helper()
	env := uitest.New(t, opts)
	h := &harness{t: t, env: env, m: New(env.Ctx)}
	h.d = env.Driver(t, h.update)
	h.m.SetSize(160, 30)
	h.run(h.m.SetActive(true))
	return h
}

func (h *harness) update(msg tea.Msg) tea.Cmd {
	_, cmd := h.m.Update(msg)
	return cmd
}

func (h *harness) run(cmd tea.Cmd) { h.d.Run(cmd) }

func (h *harness) press(keys ...string) { h.d.Press(keys...) }

// pause lets typing pause long enough for the fuzzy phase.
func (h *harness) pause() { h.d.Advance(search.FuzzyDelay) }

func TestLoadsEveryPageWithProgress(t *testing.T) {
	h := newHarness(t, fake.Options{Contacts: 1234})
	if got := len(h.m.contacts); got != 1234 {
		t.Fatalf("%d contacts loaded, want 1234", got)
	}
	seen := map[string]bool{}
	for _, c := range h.m.contacts {
		if seen[c.JID] {
			t.Fatalf("contact %s twice", c.JID)
		}
		seen[c.JID] = true
	}
	if !strings.Contains(h.m.View(), "1234 contacts") {
		t.Errorf("status line:\n%s", h.m.View())
	}
}

func TestFilterWhileTypingThenFuzzy(t *testing.T) {
	h := newHarness(t, fake.Options{})
	name := string(h.m.contacts[42].Name)
	first := strings.Fields(name)[0]
	h.press("/")
	h.d.Type(strings.ToLower(first))
	if h.m.finder.Fuzzy() {
		t.Fatal("fuzzy matches before typing paused")
	}
	h.pause()
	if !h.m.finder.Fuzzy() {
		t.Fatal("no fuzzy result after the pause")
	}
	found := false
	for i := 0; i < h.m.view().Len(); i++ {
		c := h.m.contacts[h.m.view().index(i)]
		if c.JID == h.m.contacts[42].JID {
			found = true
		}
	}
	if !found {
		t.Fatalf("%q not found by %q", name, first)
	}
	if !strings.Contains(h.m.View(), first) {
		t.Error("the matches are not drawn")
	}
	h.press("esc")
	if _, filtered := h.m.finder.Matches(); filtered || h.m.view().Len() != len(h.m.contacts) {
		t.Error("esc did not clear the filter")
	}
}

func TestStaleSearchResultsAreDropped(t *testing.T) {
	h := newHarness(t, fake.Options{})
	h.press("/")
	// The search for "a" is made stale by "b" before its answer is read.
	old, _ := h.m.finder.Key(uitest.Key("a"))
	fresh, _ := h.m.finder.Key(uitest.Key("b"))
	for _, msg := range uitest.Run(fresh, time.Second) {
		h.update(msg)
	}
	want := h.m.view().Len()
	for _, msg := range uitest.Run(old, time.Second) {
		h.update(msg)
	}
	if h.m.finder.Query() != "ab" || h.m.view().Len() != want {
		t.Fatalf("a stale result replaced the current one: %d shown, want %d", h.m.view().Len(), want)
	}
}

// A search answer for the previous session's list must not be applied to
// the next one: it would index past its end.
func TestSearchOfAnOldListIsDropped(t *testing.T) {
	h := newHarness(t, fake.Options{Contacts: 500})
	h.press("/")
	pending, _ := h.m.finder.Key(uitest.Key("a"))
	h.run(h.m.load("12")) // another session: a new, shorter list loads
	for _, msg := range uitest.Run(pending, time.Second) {
		h.update(msg)
	}
	v := h.m.view()
	for i := 0; i < v.Len(); i++ {
		if v.index(i) >= len(h.m.contacts) {
			t.Fatalf("row %d points past the %d contacts", i, len(h.m.contacts))
		}
	}
	_ = h.m.View()
}

func TestDetailsAndPicture(t *testing.T) {
	h := newHarness(t, fake.Options{})
	h.press("enter")
	v := h.m.View()
	c := h.m.contacts[0]
	for _, want := range []string{c.Phone(), "about", "picture"} {
		if !strings.Contains(v, want) {
			t.Errorf("details lack %q:\n%s", want, v)
		}
	}
	if h.m.detail.full == nil || h.m.detail.pictureBusy {
		t.Fatal("details or picture not loaded")
	}
}

func TestSendTestMessageConfirmsThenFollowsDelivery(t *testing.T) {
	h := newHarness(t, fake.Options{})
	h.press("m")
	if !h.m.detail.composing {
		t.Fatal("S did not open the composer")
	}
	h.press("enter")
	if !h.m.detail.confirming || !strings.Contains(h.m.View(), "Send to") {
		t.Fatalf("no confirmation:\n%s", h.m.View())
	}
	h.press("enter") // the dialog starts on No
	if h.m.detail.sent != nil || h.m.detail.confirming {
		t.Fatal("enter on No sent the message")
	}
	h.press("m", "enter", "y")
	if h.m.detail.sent == nil {
		t.Fatalf("not sent: %v", h.m.detail.sendErr)
	}
	if !strings.Contains(h.m.View(), "Test message "+string(h.m.detail.sent.MsgID)) {
		t.Fatalf("msgId not shown:\n%s", h.m.View())
	}
	// Let the fake settle it and follow the delivery.
	h.d.Advance(10 * time.Second)
	if len(h.m.detail.delivery) < 2 {
		t.Fatalf("delivery not followed: %v", h.m.detail.delivery)
	}
	var notices []string
	for _, m := range h.d.Seen {
		if n, ok := m.(common.NoticeMsg); ok {
			notices = append(notices, n.Text)
		}
	}
	if !strings.Contains(strings.Join(notices, "|"), "queued") {
		t.Errorf("notices %v", notices)
	}
}

// Leaving the contact while the message waits for the rate limit: the
// operator still hears how it went, and nothing keeps spinning.
func TestSendOutcomeIsToldAfterLeaving(t *testing.T) {
	h := newHarness(t, fake.Options{})
	h.press("m", "enter")
	send := h.update(uitest.Key("y")) // confirm, but do not run the send yet
	h.press("esc")
	h.d.Seen = nil
	h.run(send)
	var told bool
	for _, m := range h.d.Seen {
		if n, ok := m.(common.NoticeMsg); ok && strings.Contains(n.Text, "queued for") {
			told = true
		}
	}
	if !told || h.m.Busy() != "" {
		t.Fatalf("told %v, busy %q", told, h.m.Busy())
	}
}

// A second send while the first is followed: answers about the first must
// not touch the second (they would index an empty history).
func TestASecondSendDropsTheFirstsAnswers(t *testing.T) {
	h := newHarness(t, fake.Options{})
	h.press("m", "enter", "y")
	first := h.m.detail.sendNo
	h.d.Advance(10 * time.Second)
	h.press("m", "enter", "y")
	if h.m.detail.sendNo == first {
		t.Fatal("no second send")
	}
	h.update(deliveryMsg{gen: h.m.detail.gen, send: first})
	h.update(trackMsg{gen: h.m.detail.gen, send: first})
}

func TestViewerCannotSend(t *testing.T) {
	h := newHarness(t, fake.Options{})
	h.env.Ctx.Role = common.RoleViewer
	h.press("m")
	if h.m.detail.composing {
		t.Fatal("a viewer opened the composer")
	}
}
