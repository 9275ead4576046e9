package sessions_test

import (
	"strings"
	"testing"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/sessions"
	"github.com/wasender-tui/wasender-tui/ui/uitest"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

type harness struct {
	t   *testing.T
	env *uitest.Env
	p   *uitest.Pane
}

func newHarness(t *testing.T, opts fake.Options) *harness {
	t.Helper()
	env := uitest.New(t, opts)
	h := &harness{t: t, env: env}
	h.p = env.NewPane(t, 120, 30, func(s *view.Stack) view.Pane { return sessions.New(env.Ctx, s) })
	return h
}

// press sends keys one by one, running what they start.
func (h *harness) press(keys ...string) {
	h.t.Helper()
	h.p.Press(keys...)
}

func (h *harness) typeText(s string) { h.p.Type(s) }

func (h *harness) view() string { return h.p.View() }

func (h *harness) notices() []string {
	var out []string
	for _, m := range h.p.Seen {
		if n, ok := m.(common.NoticeMsg); ok {
			out = append(out, n.Text)
		}
	}
	return out
}

func (h *harness) lastNotice() string {
	n := h.notices()
	if len(n) == 0 {
		return ""
	}
	return n[len(n)-1]
}

func TestListShowsEverySessionWithSymbolAndWord(t *testing.T) {
	h := newHarness(t, fake.Options{})
	v := h.view()
	for _, want := range []string{"Support Desk", "● connected", "◎ need scan", "○ disconnected", "✕ logged out", "Legacy Line", "+4915730984412"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	if got := h.p.Pane.Status().Summary; got != "6 sessions · 3 connected" {
		t.Errorf("summary = %q", got)
	}
	if lines := strings.Count(v, "\n") + 1; lines != 30 {
		t.Errorf("view has %d lines, want exactly the pane height 30", lines)
	}
}

func TestFilterNarrowsAndEscClears(t *testing.T) {
	h := newHarness(t, fake.Options{})
	h.press("/")
	h.typeText("sales")
	v := h.view()
	if !strings.Contains(v, "Sales EU") || strings.Contains(v, "Support Desk") {
		t.Fatalf("filter did not narrow to Sales EU:\n%s", v)
	}
	h.press("enter")
	if !strings.Contains(h.view(), "1 of 6") {
		t.Errorf("filter status missing:\n%s", h.view())
	}
	h.press("esc")
	if !strings.Contains(h.view(), "Support Desk") {
		t.Errorf("esc did not clear the filter")
	}
}

func TestSortCyclesAndReverses(t *testing.T) {
	h := newHarness(t, fake.Options{})
	h.press("s") // name
	first := firstRow(h.view())
	if !strings.Contains(first, "Field Team") {
		t.Errorf("sorted by name, first row = %q", first)
	}
	h.press("S")
	if first := firstRow(h.view()); !strings.Contains(first, "Support Desk") {
		t.Errorf("reversed by name, first row = %q", first)
	}
}

func firstRow(v string) string {
	lines := strings.Split(v, "\n")
	if len(lines) < 2 {
		return ""
	}
	return lines[1]
}

func TestDetailsMaskSecretsUntilRevealAndRemaskOnLeave(t *testing.T) {
	h := newHarness(t, fake.Options{})
	key := h.env.Fake.SessionKeys()[11]
	h.press("enter")
	v := h.view()
	if strings.Contains(v, key) {
		t.Fatal("api key shown before reveal")
	}
	if !strings.Contains(v, "••••"+"••••••••"+key[len(key)-4:]) {
		t.Fatalf("masked key with last four missing:\n%s", v)
	}
	h.press("v")
	if !strings.Contains(h.view(), key[:40]) {
		t.Fatalf("reveal did not show the key:\n%s", h.view())
	}
	h.press("esc", "enter")
	if strings.Contains(h.view(), key[:40]) {
		t.Fatal("key still revealed after leaving and reopening")
	}
}

func TestDeleteNeedsTheNameThenTheDeleteButton(t *testing.T) {
	h := newHarness(t, fake.Options{})
	h.press("end") // Legacy Line, id 16
	h.press("d")
	if v := h.view(); !strings.Contains(v, "Delete session Legacy Line?") || !strings.Contains(v, "(type the name first)") {
		t.Fatalf("no delete dialog:\n%s", v)
	}
	h.press("tab", "tab", "enter") // the field, Delete, No: enter on No
	if h.lastNotice() != "cancelled" || !strings.Contains(h.view(), "Legacy Line") {
		t.Fatalf("enter on No did not cancel: notice %q", h.lastNotice())
	}
	h.press("d")
	h.typeText("Legacy")
	h.press("enter")
	if !strings.Contains(h.view(), "not the name") {
		t.Fatalf("a partial name was accepted:\n%s", h.view())
	}
	h.typeText(" Line")
	h.press("enter") // the name is right: on to the Delete button, nothing deleted yet
	if n := h.lastNotice(); strings.Contains(n, "deleted") || !strings.Contains(h.view(), "Delete session Legacy Line?") {
		t.Fatalf("enter in the name field deleted at once: %q\n%s", n, h.view())
	}
	if strings.Contains(h.view(), "type the name first") {
		t.Fatalf("the typed name is not taken:\n%s", h.view())
	}
	h.press("enter") // on Delete
	if n := h.lastNotice(); !strings.Contains(n, "Legacy Line deleted") {
		t.Fatalf("notice = %q", n)
	}
	if strings.Contains(h.view(), "Legacy Line") {
		t.Fatalf("deleted session still listed:\n%s", h.view())
	}
}

func TestDeleteTabOrderFollowsTheButtons(t *testing.T) {
	h := newHarness(t, fake.Options{})
	h.press("end", "d")
	h.typeText("Legacy Line")
	h.press("tab", "enter") // the button right after the field is Delete
	if n := h.lastNotice(); !strings.Contains(n, "Legacy Line deleted") {
		t.Fatalf("tab from the name did not land on Delete: notice %q", n)
	}
}

func TestRestartOnlyWhenConnected(t *testing.T) {
	h := newHarness(t, fake.Options{})
	h.press("end", "up") // Field Team, disconnected
	h.press("R")
	if strings.Contains(h.view(), "Restart Field Team?") {
		t.Fatal("restart asked for a disconnected session")
	}
	for _, a := range h.p.Front().Actions() {
		if a.Desc() == "restart" && a.Applies() {
			t.Error("restart offered for a disconnected session")
		}
	}
	h.press("home", "R")
	if !strings.Contains(h.view(), "Restart Support Desk?") {
		t.Fatalf("no restart dialog for a connected session:\n%s", h.view())
	}
	h.press("y")
	if n := h.lastNotice(); !strings.Contains(n, "Support Desk restarted") || !strings.Contains(n, "restarted successfully") {
		t.Fatalf("restart notice = %q", n)
	}
}

func TestCreateShowsFieldErrorsBesideFields(t *testing.T) {
	h := newHarness(t, fake.Options{})
	h.press("n")
	h.press("tab")
	h.typeText("12ab")
	h.press("ctrl+s")
	v := h.view()
	for _, want := range []string{"Validation failed", "✗ The name field is required.", "valid international phone number"} {
		if !strings.Contains(v, want) {
			t.Errorf("form lacks %q:\n%s", want, v)
		}
	}
	// Focus went to the first field in error, the name: fix both and save.
	h.typeText("Night Shift")
	h.press("tab")
	for range 4 {
		h.press("backspace")
	}
	h.typeText("+14155550100")
	h.press("ctrl+s")
	if n := h.lastNotice(); !strings.Contains(n, "Night Shift created") {
		t.Fatalf("create notice = %q\n%s", n, h.view())
	}
	if !strings.Contains(h.view(), "Night Shift") {
		t.Fatalf("new session not listed:\n%s", h.view())
	}
}

func TestEditSendsOnlyChangedFields(t *testing.T) {
	h := newHarness(t, fake.Options{})
	h.press("e")
	h.press("ctrl+s")
	if n := h.lastNotice(); n != "nothing changed" {
		t.Fatalf("unchanged edit: notice %q", n)
	}
	h.press("e", "tab", "tab", "space", "ctrl+s") // toggle account protection
	if n := h.lastNotice(); !strings.Contains(n, "updated") {
		t.Fatalf("edit notice = %q", n)
	}
	h.press("enter")
	if !strings.Contains(h.view(), "account_protection       no") {
		t.Fatalf("account protection not toggled off:\n%s", h.view())
	}
}

func TestRegenerateKeyShowsTheNewKeyOnReveal(t *testing.T) {
	h := newHarness(t, fake.Options{})
	old := h.env.Fake.SessionKeys()[11]
	h.press("enter", "K", "y")
	fresh := h.env.Fake.SessionKeys()[11]
	if fresh == old {
		t.Fatal("key not regenerated")
	}
	h.press("v")
	if !strings.Contains(h.view(), fresh[:40]) {
		t.Fatalf("details do not show the new key:\n%s", h.view())
	}
}

func TestUserInfo(t *testing.T) {
	h := newHarness(t, fake.Options{})
	h.press("u")
	v := h.view()
	if !strings.Contains(v, "WhatsApp account of Support Desk") || !strings.Contains(v, "+4915730984412") {
		t.Fatalf("user panel:\n%s", v)
	}
	h.press("esc")
	if !strings.Contains(h.view(), "Legacy Line") {
		t.Fatal("esc did not close the user panel")
	}
}

func TestAPIRefusalIsShownInItsOwnWords(t *testing.T) {
	h := newHarness(t, fake.Options{})
	h.env.Fake.FailNext("POST", "/api/whatsapp-sessions/11/disconnect", 400, `{"success":false,"error":"Session is busy, try again."}`, 1)
	h.press("x", "y")
	if n := h.lastNotice(); !strings.Contains(n, "disconnect Support Desk: Session is busy, try again.") || !strings.Contains(n, "HTTP 400") {
		t.Fatalf("notice = %q", n)
	}
}

func TestViewerSeesNoSecrets(t *testing.T) {
	h := newHarness(t, fake.Options{})
	h.env.Ctx.Role = common.RoleViewer
	key := h.env.Fake.SessionKeys()[11]
	h.press("enter", "v")
	v := h.view()
	if strings.Contains(v, key[len(key)-4:]) || !strings.Contains(v, "hidden from viewers") {
		t.Fatalf("viewer sees the key:\n%s", v)
	}
}

func TestWrongTokenExplainsWhatToDo(t *testing.T) {
	env := uitest.New(t, fake.Options{PersonalToken: "1|other"})
	// The env's client holds the fake's token; point a fresh one at a wrong token.
	env.Ctx.Client = env.Client(t, "1|wrong")
	p := env.NewPane(t, 100, 20, func(s *view.Stack) view.Pane { return sessions.New(env.Ctx, s) })
	v := p.View()
	for _, want := range []string{"Unnotarized", "HTTP 401", "personal access token was rejected", "WASENDER_TOKEN"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
}

func TestSortsNaturallyWithWholeArrows(t *testing.T) {
	h := newHarness(t, fake.Options{})
	for i, name := range []string{"Clear 10", "Clear 2", "Clear 1"} {
		yes := true
		phone := "+3161287330" + string(rune('1'+i))
		in := api.SessionInput{Name: &name, PhoneNumber: &phone, AccountProtection: &yes, LogMessages: &yes}
		if _, err := h.env.Ctx.Client.CreateSession(t.Context(), in); err != nil {
			t.Fatal(err)
		}
	}
	h.press("r", "s") // by name
	v := h.view()
	a, b, c := strings.Index(v, "Clear 1 "), strings.Index(v, "Clear 2 "), strings.Index(v, "Clear 10")
	if a < 0 || !(a < b && b < c) {
		t.Fatalf("not in natural order (1 %d, 2 %d, 10 %d):\n%s", a, b, c, v)
	}
	h.press("s", "s", "s") // phone, status, webhook
	if !strings.Contains(h.view(), "WEBHOOK▲") {
		t.Fatalf("the arrow of WEBHOOK is cut:\n%s", h.view())
	}
	h.press("s", "S") // updated, reversed
	if !strings.Contains(h.view(), "UPDATED▼") {
		t.Fatalf("the arrow of UPDATED is cut:\n%s", h.view())
	}
}

// Webhook events are chosen from the documented ones; both spellings the
// API uses count as one; anything else is refused with the list.
func TestWebhookEventsAreChosenFromTheDocumentedOnes(t *testing.T) {
	h := newHarness(t, fake.Options{})
	h.press("e")
	for range 7 {
		h.press("tab")
	}
	if v := h.view(); !strings.Contains(v, "messages.received, session.status, messages.update  enter chooses") {
		t.Fatalf("events field:\n%s", v)
	}
	h.press("enter", "space") // uncheck messages.received, the first option
	for range 21 {
		h.press("down")
	}
	h.press("space", "enter", "ctrl+s") // check call, the last
	if n := h.lastNotice(); !strings.Contains(n, "updated") {
		t.Fatalf("edit notice %q\n%s", n, h.view())
	}
	s, err := h.env.Ctx.Client.GetSession(t.Context(), "11")
	if err != nil || strings.Join(s.WebhookEvents, ",") != "session.status,messages.update,call" {
		t.Fatalf("events saved %v (%v)", s.WebhookEvents, err)
	}

	// Other spellings and unknown names from the server.
	events := []string{"call.received", "bogus.event"}
	if _, err := h.env.Ctx.Client.UpdateSession(t.Context(), "11", api.SessionInput{WebhookEvents: &events}); err != nil {
		t.Fatal(err)
	}
	h.press("r", "e")
	for range 7 {
		h.press("tab")
	}
	h.press("enter")
	if v := h.view(); !strings.Contains(v, "call.received, bogus.event (unknown)") {
		t.Fatalf("field:\n%s", v)
	}
	for range 21 {
		h.press("down")
	}
	v := h.view()
	if !strings.Contains(v, "[x] call") || !strings.Contains(v, "[x] bogus.event (unknown)") {
		t.Fatalf("checklist:\n%s", v)
	}
	h.press("up", "space", "enter", "ctrl+s") // check chats.delete: the field is sent
	v = h.view()
	if !strings.Contains(v, "not documented: bogus.event: uncheck it (enter lists the 22 documented ones)") {
		t.Fatalf("an unknown event was not refused:\n%s", v)
	}
	if s, _ := h.env.Ctx.Client.GetSession(t.Context(), "11"); strings.Join(s.WebhookEvents, ",") != "call.received,bogus.event" {
		t.Fatalf("sent anyway: %v", s.WebhookEvents)
	}
}

// Another pane's read of the list failed while this one's is on its way:
// the body says why, as the header does, not "loading…".
func TestAnotherPanesFailedReadShowsWhileLoading(t *testing.T) {
	env := uitest.New(t, fake.Options{})
	p := sessions.New(env.Ctx, &view.Stack{})
	p.SetSize(100, 20) // not shown yet: its own read has not started
	env.Ctx.Sessions.Fail(&api.Error{Status: 401, Message: "Unauthenticated."}, env.Clock.Now())
	if v := p.View(); !strings.Contains(v, "Unauthenticated.") || strings.Contains(v, "loading sessions") {
		t.Errorf("the list's failure is not on the pane:\n%s", v)
	}
}
