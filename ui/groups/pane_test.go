package groups

import (
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/fake"
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
	h.m.SetSize(160, 40)
	h.run(h.m.SetActive(true))
	return h
}

func (h *harness) update(msg tea.Msg) tea.Cmd {
	_, cmd := h.m.Update(msg)
	return cmd
}

func (h *harness) run(cmd tea.Cmd) { h.d.Run(cmd) }

func (h *harness) press(keys ...string) { h.d.Press(keys...) }

func TestListSortAndFilter(t *testing.T) {
	h := newHarness(t, fake.Options{Groups: 300})
	if len(h.m.groups) != 300 || len(h.m.shown) != 300 {
		t.Fatalf("%d groups loaded, %d shown", len(h.m.groups), len(h.m.shown))
	}
	for i := 1; i < len(h.m.shown); i++ {
		a, b := h.m.groups[h.m.shown[i-1]].Name, h.m.groups[h.m.shown[i]].Name
		if strings.ToLower(a) > strings.ToLower(b) {
			t.Fatalf("not sorted by name: %q before %q", a, b)
		}
	}
	h.press("S")
	if first := h.m.groups[h.m.shown[0]].Name; strings.ToLower(first) < strings.ToLower(h.m.groups[h.m.shown[len(h.m.shown)-1]].Name) {
		t.Fatal("S did not reverse")
	}
	target := h.m.groups[h.m.shown[7]]
	h.press("/")
	h.d.Type(target.JID[:14])
	h.d.Advance(search.FuzzyDelay) // typing pauses: the fuzzy phase runs
	found := false
	for _, i := range h.m.shown {
		if h.m.groups[i].JID == target.JID {
			found = true
		}
	}
	if !found || len(h.m.shown) > 50 {
		t.Fatalf("filter by jid prefix: %d shown, target found %v", len(h.m.shown), found)
	}
}

// Metadata is limited to 10 reads a minute: moving the cursor reads
// nothing, opening reads once, reopening uses the cache.
func TestMetadataIsReadOnceAndCached(t *testing.T) {
	h := newHarness(t, fake.Options{})
	count := func() int { return h.env.Fake.Requests("/api/groups/") }
	base := count()
	h.press("down", "down", "down", "up")
	if count() != base {
		t.Fatal("moving the cursor called the API")
	}
	h.press("enter")
	d := h.m.open
	if d == nil || d.meta == nil {
		t.Fatalf("metadata not read: %+v", d)
	}
	v := h.m.View()
	for _, want := range []string{"owner", "created", "Members (", "metadata read just now"} {
		if !strings.Contains(v, want) {
			t.Errorf("details lack %q:\n%s", want, v)
		}
	}
	if !strings.Contains(v, "★") {
		t.Error("no superadmin mark")
	}
	reads := h.env.Fake.Requests("/api/groups/" + d.group.JID + "/metadata")
	h.press("esc", "enter")
	if got := h.env.Fake.Requests("/api/groups/" + d.group.JID + "/metadata"); got != reads {
		t.Fatalf("reopening read the metadata again (%d reads)", got)
	}
	h.env.Clock.Advance(3 * time.Minute)
	if !strings.Contains(h.m.View(), "metadata read 3m ago") {
		t.Errorf("age of the cached metadata not shown:\n%s", h.m.View())
	}
}

func TestInviteLinkRefusalInTheAPIsWords(t *testing.T) {
	h := newHarness(t, fake.Options{})
	refused, linked := false, false
	for i := 0; i < len(h.m.shown) && !(refused && linked); i++ {
		h.m.table.SetCursor(i)
		h.press("enter")
		d := h.m.open
		switch {
		case d.linkErr != nil:
			refused = strings.Contains(h.m.View(), "not an admin") && api.IsStatus(d.linkErr, 403)
		case strings.HasPrefix(d.link, "https://chat.whatsapp.com/"):
			linked = true
		}
		h.press("esc")
	}
	if !refused || !linked {
		t.Fatalf("refused %v, linked %v", refused, linked)
	}
}

func TestRateLimitWaitIsShown(t *testing.T) {
	h := newHarness(t, fake.Options{})
	// Use up the 10 reads of this minute.
	for i := 0; i < 10; i++ {
		h.m.table.SetCursor(i)
		h.press("enter", "esc")
	}
	h.m.table.SetCursor(10)
	h.update(uitest.Key("enter")) // do not wait for the answer
	if v := h.m.View(); !strings.Contains(v, "for the rate limit") {
		t.Fatalf("no waiting notice:\n%s", v)
	}
}

// Pages merged into the order as they arrive give the same order as one
// sort of everything.
func TestPagesMergeIntoTheSortedOrder(t *testing.T) {
	h := newHarness(t, fake.Options{Groups: 1234})
	for _, desc := range []bool{false, true} {
		h.m.sortDesc = desc
		merged := append([]int(nil), h.m.order...) // built page by page while loading
		h.m.resort()
		if !desc && !slices.Equal(merged, h.m.order) {
			t.Fatal("merging pages gave another order than sorting everything")
		}
	}
	if len(h.m.order) != 1234 {
		t.Fatalf("%d in order", len(h.m.order))
	}
}

func BenchmarkLoadingPages5000(b *testing.B) {
	env := uitest.New(b, fake.Options{Groups: 5000})
	b.ReportAllocs()
	for range b.N {
		m := New(env.Ctx)
		m.session = "11"
		for page := 1; page <= 50; page++ {
			p, _ := env.Ctx.Client.Session("11").GroupsPage(b.Context(), page, 100)
			from := len(m.groups)
			for _, g := range p.Items {
				m.groups = append(m.groups, g)
				m.names = append(m.names, strings.ToLower(g.Name))
			}
			m.insert(from)
		}
	}
}
