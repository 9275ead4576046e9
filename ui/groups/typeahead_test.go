package groups

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/ui/uitest"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// A filter typed before the session list has arrived applies once the
// groups do.
func TestFilterTypedWhileLoadingAppliesWhenGroupsArrive(t *testing.T) {
	env := uitest.New(t, fake.Options{})
	env.Latency(t, 1500*time.Millisecond)
	var m *Model
	p := env.NewPane(t, 160, 40, func(s *view.Stack) view.Pane { m = New(env.Ctx, s); return m })
	p.Press("/")
	p.Type("Book")
	p.Press("enter")
	if m.Session() != "" {
		t.Fatal("the session list arrived before the filter was typed")
	}
	if v := p.View(); !strings.Contains(v, "filter Book applies once the groups arrive") {
		t.Errorf("the filter typed ahead is not shown:\n%s", v)
	}
	p.Advance(10 * time.Second)
	if m.Session() == "" || m.Rows() == 0 {
		t.Fatalf("no groups after the wait:\n%s", p.View())
	}
	v := p.View()
	if !strings.Contains(v, "filter Book") {
		t.Errorf("the status line has no filter:\n%s", v)
	}
	var total int
	fmt.Sscanf(m.Status().Summary, "%d", &total) // "25 groups · Support Desk"
	if m.Rows() >= total {
		t.Errorf("%d of %d groups shown: the filter did not narrow them", m.Rows(), total)
	}
	m.Select(0)
	if g, ok := m.Selected(); !ok || !strings.Contains(g.Name, "Book") {
		t.Errorf("first row %+v does not match Book", g)
	}
}

// Typed while the session's first page is on its way, the filter does not
// claim it matches nothing.
func TestAFilterWhileLoadingClaimsNoMatches(t *testing.T) {
	env := uitest.New(t, fake.Options{})
	env.Latency(t, 1500*time.Millisecond)
	var m *Model
	p := env.NewPane(t, 160, 40, func(s *view.Stack) view.Pane { m = New(env.Ctx, s); return m })
	p.Advance(2 * time.Second) // the session list is in, its groups are not
	if m.Session() == "" || m.Rows() != 0 {
		t.Fatalf("want a session chosen and its groups on their way: session %q, %d rows", m.Session(), m.Rows())
	}
	p.Press("/")
	p.Type("Book")
	if v := p.View(); strings.Contains(v, "0 matches") || !strings.Contains(v, "matching as they load") {
		t.Errorf("while loading:\n%s", v)
	}
	p.Advance(10 * time.Second)
	if v := p.View(); !strings.Contains(v, "1 match") {
		t.Errorf("loaded:\n%s", v)
	}
}
