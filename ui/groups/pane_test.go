package groups

import (
	"strings"
	"testing"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/fake"
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

func TestRateLimitWaitIsShown(t *testing.T) {
	h := newHarness(t, fake.Options{})
	// Use up the 10 reads of this minute.
	for i := 0; i < 10; i++ {
		h.m.Select(i)
		h.Press("enter", "esc")
	}
	h.m.Select(10)
	view.Press(h.Front(), uitest.Key("enter")) // do not wait for the answer
	if v := h.View(); !strings.Contains(v, "for the rate limit") {
		t.Fatalf("no waiting notice:\n%s", v)
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
