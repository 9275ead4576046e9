package contacts

import (
	"strings"
	"testing"
	"time"

	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/search"
	"github.com/wasender-tui/wasender-tui/ui/uitest"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

type harness struct {
	t   *testing.T
	env *uitest.Env
	m   *Model
	*uitest.Pane
}

func newHarness(t *testing.T, opts fake.Options) *harness {
	t.Helper()
	env := uitest.New(t, opts)
	h := &harness{t: t, env: env}
	h.Pane = env.NewPane(t, 160, 30, func(s *view.Stack) view.Pane { h.m = New(env.Ctx, s); return h.m })
	return h
}

func (h *harness) detail() *detail {
	d, _ := h.Front().(*detail)
	return d
}

func (h *harness) notices() string {
	var out []string
	for _, m := range h.Seen {
		if n, ok := m.(common.NoticeMsg); ok {
			out = append(out, n.Text)
		}
	}
	return strings.Join(out, "|")
}

func TestLoadsEveryPageWithProgress(t *testing.T) {
	h := newHarness(t, fake.Options{Contacts: 1234})
	if got := h.m.Rows(); got != 1234 {
		t.Fatalf("%d contacts loaded, want 1234", got)
	}
	seen := map[string]bool{}
	for i := range h.m.Rows() {
		h.m.Select(i)
		c, _ := h.m.Selected()
		if seen[c.JID] {
			t.Fatalf("contact %s twice", c.JID)
		}
		seen[c.JID] = true
	}
	if !strings.Contains(h.View(), "1234 contacts") {
		t.Errorf("status line:\n%s", h.View())
	}
}

func TestFilterWhileTypingThenFuzzy(t *testing.T) {
	h := newHarness(t, fake.Options{})
	h.m.Select(42)
	want, _ := h.m.Selected()
	first := strings.Fields(string(want.Name))[0]
	h.Press("/")
	h.Type(strings.ToLower(first))
	if !strings.Contains(h.View(), "(fuzzy next)") {
		t.Fatalf("no substring result while typing:\n%s", h.View())
	}
	h.Advance(search.FuzzyDelay)
	if strings.Contains(h.View(), "(fuzzy next)") {
		t.Fatal("no fuzzy result after the pause")
	}
	found := false
	for i := range h.m.Rows() {
		h.m.Select(i)
		if c, _ := h.m.Selected(); c.JID == want.JID {
			found = true
		}
	}
	if !found {
		t.Fatalf("%q not found by %q", want.Name, first)
	}
	if !strings.Contains(h.View(), first) {
		t.Error("the matches are not drawn")
	}
	h.Press("esc")
	if h.m.Rows() != 300 {
		t.Errorf("esc did not clear the filter: %d shown", h.m.Rows())
	}
}

func TestDetailsAndPicture(t *testing.T) {
	h := newHarness(t, fake.Options{})
	c, _ := h.m.Selected()
	h.Press("enter")
	v := h.View()
	for _, want := range []string{c.Phone(), "about", "picture"} {
		if !strings.Contains(v, want) {
			t.Errorf("details lack %q:\n%s", want, v)
		}
	}
	if d := h.detail(); d == nil || d.full == nil || d.pictureBusy {
		t.Fatal("details or picture not loaded")
	}
	h.Press("esc")
	if h.detail() != nil {
		t.Fatal("esc did not close the details")
	}
}

func TestSendTestMessageConfirmsThenFollowsDelivery(t *testing.T) {
	h := newHarness(t, fake.Options{})
	h.Press("m")
	if d := h.detail(); d == nil || !d.Typing || view.FocusOf(d) != view.Text {
		t.Fatal("m did not open the composer")
	}
	h.Press("enter")
	if !strings.Contains(h.View(), "Send to") {
		t.Fatalf("no confirmation:\n%s", h.View())
	}
	h.Press("enter") // the dialog starts on No
	if h.m.send.no != 0 || h.detail() == nil {
		t.Fatal("enter on No sent the message")
	}
	h.Press("m", "enter", "y")
	s := &h.m.send
	if s.sent == nil {
		t.Fatalf("not sent: %v", s.err)
	}
	if !strings.Contains(h.View(), "Test message "+string(s.sent.MsgID)) {
		t.Fatalf("msgId not shown:\n%s", h.View())
	}
	// Let the fake settle it, and the pane follow the delivery.
	h.Advance(10 * time.Second)
	if len(s.delivery) < 2 {
		t.Fatalf("delivery not followed: %v", s.delivery)
	}
	if !strings.Contains(h.notices(), "queued") {
		t.Errorf("notices %v", h.notices())
	}
}

// Leaving the contact while the message waits for the rate limit: the
// operator still hears how it went, and nothing keeps spinning.
func TestSendOutcomeIsToldAfterLeaving(t *testing.T) {
	h := newHarness(t, fake.Options{})
	h.Press("m", "enter")
	send := view.Press(h.Front(), uitest.Key("y")) // confirm, but do not run the send yet
	h.Press("esc")
	h.Seen = nil
	h.Run(send)
	if !strings.Contains(h.notices(), "queued for") || h.m.Status().Busy != "" {
		t.Fatalf("told %q, busy %q", h.notices(), h.m.Status().Busy)
	}
}

// A second send while the first is followed: answers about the first must
// not touch the second (they would index an empty history).
func TestASecondSendDropsTheFirstsAnswers(t *testing.T) {
	h := newHarness(t, fake.Options{})
	h.Press("m", "enter", "y")
	first := h.m.send.no
	h.Advance(10 * time.Second)
	h.Press("m", "enter", "y")
	if h.m.send.no == first {
		t.Fatal("no second send")
	}
	h.m.Update(deliveryMsg{gen: h.m.send.gen, send: first})
	h.m.Update(trackMsg{gen: h.m.send.gen, send: first})
}

func TestSendIsMutatingAndNamesItsTarget(t *testing.T) {
	h := newHarness(t, fake.Options{})
	c, _ := h.m.Selected()
	for _, a := range h.m.Actions() {
		if a.Desc() == "send a test message" {
			if a.Mutates() != "send message" || a.Target() != c.Phone() {
				t.Fatalf("send: mutates %q, target %q", a.Mutates(), a.Target())
			}
			return
		}
	}
	t.Fatal("no send action")
}
