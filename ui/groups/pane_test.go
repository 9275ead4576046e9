package groups

import (
	"strings"
	"testing"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/uitest"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

type harness struct {
	env *uitest.Env
	m   *Model
	*uitest.Pane
}

func newHarness(t *testing.T, opts fake.Options) *harness {
	t.Helper()
	env := uitest.New(t, opts)
	h := &harness{env: env}
	h.Pane = env.NewPane(t, 160, 40, func(s *view.Stack) view.Pane { h.m = New(env.Ctx, s); return h.m })
	return h
}

func (h *harness) open() *groupDetail {
	if v, ok := h.Front().(*detailView); ok {
		return v.d
	}
	return nil
}

func TestListIsSortedWithMemberCounts(t *testing.T) {
	h := newHarness(t, fake.Options{Groups: 300})
	if h.m.Rows() != 300 {
		t.Fatalf("%d groups shown", h.m.Rows())
	}
	if v := h.View(); !strings.Contains(v, "NAME▲") || !strings.Contains(v, "300 groups") {
		t.Fatalf("list:\n%s", v)
	}
	h.Press("s")
	if !strings.Contains(h.View(), "JID▲") {
		t.Fatal("s did not sort by jid")
	}
}

// Metadata is limited to 10 reads a minute: moving the cursor reads
// nothing, opening reads once, reopening uses the cache.
func TestMetadataIsReadOnceAndCached(t *testing.T) {
	h := newHarness(t, fake.Options{})
	count := func() int { return h.env.Fake.Requests("/api/groups/") }
	base := count()
	h.Press("down", "down", "down", "up")
	if count() != base {
		t.Fatal("moving the cursor called the API")
	}
	h.Press("enter")
	d := h.open()
	if d == nil || d.meta == nil {
		t.Fatalf("metadata not read: %+v", d)
	}
	v := h.View()
	for _, want := range []string{"owner", "created", "Members (", "metadata read just now"} {
		if !strings.Contains(v, want) {
			t.Errorf("details lack %q:\n%s", want, v)
		}
	}
	if !strings.Contains(v, "★") {
		t.Error("no superadmin mark")
	}
	reads := h.env.Fake.Requests("/api/groups/" + d.group.JID + "/metadata")
	h.Press("esc", "enter")
	if got := h.env.Fake.Requests("/api/groups/" + d.group.JID + "/metadata"); got != reads {
		t.Fatalf("reopening read the metadata again (%d reads)", got)
	}
	h.env.Clock.Advance(3 * time.Minute)
	if !strings.Contains(h.View(), "metadata read 3m ago") {
		t.Errorf("age of the cached metadata not shown:\n%s", h.View())
	}
	if strings.Contains(h.m.List.View(), " ? ") {
		t.Error("the member count is not in the list once known")
	}
}

func TestInviteLinkRefusalInTheAPIsWords(t *testing.T) {
	h := newHarness(t, fake.Options{})
	refused, linked := false, false
	for i := 0; i < h.m.Rows() && !(refused && linked); i++ {
		h.m.Select(i)
		h.Press("enter")
		d := h.open()
		switch {
		case d.linkErr != nil:
			refused = strings.Contains(h.View(), "not an admin") && api.IsStatus(d.linkErr, 403)
		case strings.HasPrefix(d.link, "https://chat.whatsapp.com/"):
			linked = true
		}
		h.Press("esc")
	}
	if !refused || !linked {
		t.Fatalf("refused %v, linked %v", refused, linked)
	}
}

// Past the 10 metadata reads of a minute, the read waits: the view counts
// the wait down and reads by itself when it is over.
func TestRateLimitWaitCountsDownAndReadsByItself(t *testing.T) {
	h := newHarness(t, fake.Options{})
	for i := 0; i < 10; i++ {
		h.m.Select(i)
		h.Press("enter", "esc")
	}
	h.Advance(20 * time.Second)
	h.m.Select(10)
	h.Press("enter")
	if v := h.View(); !strings.Contains(v, "waiting 40s for the rate limit") {
		t.Fatalf("no waiting notice:\n%s", v)
	}
	h.Advance(5 * time.Second)
	if v := h.View(); !strings.Contains(v, "waiting 35s for the rate limit") {
		t.Fatalf("the wait does not count down:\n%s", v)
	}
	h.Advance(35 * time.Second)
	if d := h.open(); d.meta == nil || strings.Contains(h.View(), "waiting") {
		t.Fatalf("not read when the wait was over:\n%s", h.View())
	}
}

// A 429 the client did not see coming (another program on the same key)
// holds the key: every read of the group waits, counts down and tries again.
func TestA429IsWaitedOutAndReadAgain(t *testing.T) {
	h := newHarness(t, fake.Options{})
	h.env.Fake.FailNext("GET", "/api/groups/", 429, `{"message":"Too many requests.","retry_after":35}`, 1)
	h.Press("enter")
	v := h.View()
	if !strings.Contains(v, "waiting 35s for the rate limit") || strings.Contains(v, "retry in") {
		t.Fatalf("a 429 is shown as a failure, not a wait:\n%s", v)
	}
	h.Advance(10 * time.Second)
	if v := h.View(); !strings.Contains(v, "waiting 25s") {
		t.Fatalf("the wait does not count down:\n%s", v)
	}
	h.Advance(25 * time.Second)
	d := h.open()
	if d.meta == nil || d.metaErr != nil || d.picErr != nil || d.picBusy {
		t.Fatalf("not read again after the wait (err %v, picture %v):\n%s", d.metaErr, d.picErr, h.View())
	}
}

// An answer about a group of the session shown before must not land on
// the session shown now, even for a group of the same jid.
func TestAnotherSessionsAnswerIsDropped(t *testing.T) {
	h := newHarness(t, fake.Options{})
	g, _ := h.m.Selected()
	h.Press("enter")
	d := h.open()
	before := d.meta
	h.m.Update(detailMsg{gen: h.m.gen, session: "12", jid: g.JID, part: partMeta, meta: api.GroupMetadata{Subject: "from another session"}})
	if d.meta != before {
		t.Fatal("another session's metadata was taken")
	}
}

func TestJIDIsWholeAtAWideTerminal(t *testing.T) {
	env := uitest.New(t, fake.Options{})
	var m *Model
	p := env.NewPane(t, 250, 40, func(s *view.Stack) view.Pane { m = New(env.Ctx, s); return m })
	m.Select(0)
	g, _ := m.Selected()
	header := strings.Split(p.View(), "\n")[1]
	if !strings.Contains(p.View(), g.JID) || strings.Index(header, "JID") > 60 {
		t.Fatalf("the JID is cut or NAME takes the width:\n%s", p.View())
	}
}

func TestMemberCountsComeFromTheListWhenItHasThem(t *testing.T) {
	h := newHarness(t, fake.Options{})
	if v := h.View(); strings.Contains(v, " ?") {
		t.Fatalf("unknown counts shown as ?:\n%s", v)
	}
	h = newHarness(t, fake.Options{GroupsSDKShape: true})
	g, _ := h.m.Selected()
	if g.Size == 0 || !strings.Contains(h.View(), " "+common.Itoa(g.Size)+"\n") {
		t.Fatalf("the list's member count (%d) is not shown before opening:\n%s", g.Size, h.View())
	}
}

func TestDetailsSayWhoMaySendAndEdit(t *testing.T) {
	h := newHarness(t, fake.Options{GroupsSDKShape: true})
	h.Press("enter")
	v := h.View()
	if !strings.Contains(v, "messages") || !(strings.Contains(v, "only admins send (announce)") || strings.Contains(v, "everyone sends")) ||
		!(strings.Contains(v, "only admins edit it (restrict)") || strings.Contains(v, "everyone edits it")) {
		t.Fatalf("no announce/restrict:\n%s", v)
	}
	if !strings.Contains(v, "admin)") && !strings.Contains(v, "admins)") {
		t.Fatalf("members header:\n%s", v)
	}
}

// Members are named as the console's contacts name them, once loaded.
func TestMembersAreNamedFromTheContactsLoaded(t *testing.T) {
	env := uitest.New(t, fake.Options{})
	p, err := env.Ctx.Client.Session("11").ContactsPage(t.Context(), 1, 1000)
	if err != nil {
		t.Fatal(err)
	}
	env.Ctx.Contacts.Add("11", p.Items) // as the contacts pane does with each page
	var m *Model
	pane := env.NewPane(t, 160, 60, func(s *view.Stack) view.Pane { m = New(env.Ctx, s); return m })
	pane.Press("enter")
	d := pane.Front().(*detailView).d
	named := 0
	for _, part := range d.meta.Participants {
		if n := env.Ctx.Contacts.Name("11", part.JID); n != "" && strings.Contains(pane.View(), n) {
			named++
		}
	}
	if named == 0 {
		t.Fatalf("no member named:\n%s", pane.View())
	}
}

func TestMembersHeaderCountsInEnglish(t *testing.T) {
	h := newHarness(t, fake.Options{})
	h.Press("enter")
	d := h.open()
	d.meta.Participants = []api.Participant{{JID: "1@s.whatsapp.net", Role: "superadmin"}, {JID: "2@s.whatsapp.net"}}
	if v := h.View(); !strings.Contains(v, "Members (2, 1 admin)") {
		t.Fatalf("header:\n%s", v)
	}
}

// Two reads waiting for one slot: the first takes it, the second waits on,
// counting down again, rather than saying "reading" while the client
// holds it back.
// Two reads wait for one slot: the group on screen takes it, whichever
// began waiting first, and the one closed meanwhile reads at the next.
func TestTheShownGroupTakesTheFreedSlot(t *testing.T) {
	for _, shownFirst := range []bool{false, true} {
		h := newHarness(t, fake.Options{})
		for i := 0; i < 10; i++ { // one read a second: one slot frees a second
			h.m.Select(i)
			h.Press("enter", "esc")
			h.Advance(time.Second)
		}
		reads := func(g api.Group) int { return h.env.Fake.Requests("/api/groups/" + g.JID + "/metadata") }
		open := func(i int) api.Group {
			h.m.Select(i)
			h.Press("enter")
			return h.open().group
		}
		closed := open(10)
		h.Press("esc")
		shown := open(11)
		if shownFirst {
			h.Press("esc")
			closed, shown = shown, open(10)
		}
		h.Advance(50 * time.Second) // the first slot frees
		if v := h.View(); strings.Contains(v, "for the rate limit") || !strings.Contains(v, "metadata read just now") || !strings.Contains(v, shown.Name) {
			t.Fatalf("shown first %v: the group on screen did not take the freed slot:\n%s", shownFirst, v)
		}
		if reads(shown) != 1 || reads(closed) != 0 {
			t.Fatalf("shown first %v: metadata reads when one slot freed: shown %d, closed %d", shownFirst, reads(shown), reads(closed))
		}
		h.Advance(time.Second) // the next slot: the closed group reads
		if reads(closed) != 1 {
			t.Fatalf("shown first %v: the closed group read %d times after the second slot freed", shownFirst, reads(closed))
		}
	}
}
