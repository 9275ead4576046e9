package contacts

import (
	"strings"
	"testing"
	"time"

	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/ui/uitest"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// A filter typed before the session list has arrived applies once the
// contacts do.
func TestFilterTypedWhileLoadingAppliesWhenContactsArrive(t *testing.T) {
	env := uitest.New(t, fake.Options{Contacts: 300})
	env.Latency(t, 1500*time.Millisecond)
	var m *Model
	p := env.NewPane(t, 160, 30, func(s *view.Stack) view.Pane { m = New(env.Ctx, s); return m })
	p.Press("/")
	p.Type("Müller")
	p.Press("enter")
	if m.Session() != "" {
		t.Fatal("the session list arrived before the filter was typed")
	}
	p.Advance(10 * time.Second)
	if m.Session() == "" || m.Rows() == 0 {
		t.Fatalf("no contacts after the wait:\n%s", p.View())
	}
	if v := p.View(); !strings.Contains(v, "filter Müller") {
		t.Errorf("the status line has no filter:\n%s", v)
	}
	if m.Rows() >= 300 {
		t.Errorf("%d of %d contacts shown: the filter did not narrow them", m.Rows(), 300)
	}
	m.Select(0)
	if c, ok := m.Selected(); !ok || !strings.Contains(string(c.Name), "Müller") {
		t.Errorf("first row %+v does not match Müller", c)
	}
}
