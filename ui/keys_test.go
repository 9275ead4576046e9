package ui

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api/audit"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/keys"
	"github.com/wasender-tui/wasender-tui/ui/uitest"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

var updateReadme = flag.Bool("update-readme", false, "rewrite the README's key table from the keymaps")

// stop is a view of the console and the keys that reach it from the start.
type stop struct {
	name  string
	keys  []string
	opts  fake.Options // the server it is reached on
	hooks bool         // the console receives webhooks, one delivered
}

// walk reaches every kind of view the console has.
var walk = []stop{
	{name: "Sessions", keys: nil, hooks: true}, // the console's keys are read here: Events among them
	{name: "Sessions filter", keys: []string{"/"}},
	{name: "Session details", keys: []string{"enter"}},
	{name: "Confirmation", keys: []string{"x"}},
	{name: "Confirmation with a name to type", keys: []string{"end", "d"}},
	{name: "Session form", keys: []string{"n"}},
	{name: "WhatsApp user", keys: []string{"u"}},
	{name: "QR code", keys: []string{"down", "down", "down", "c"}},
	{name: "Help", keys: []string{"?"}},
	{name: "Groups", keys: []string{"2"}},
	{name: "Groups filter", keys: []string{"2", "/"}},
	{name: "Group details", keys: []string{"2", "enter"}},
	{name: "Session picker", keys: []string{"2", "p"}},
	{name: "Contacts", keys: []string{"3"}},
	{name: "Contact details", keys: []string{"3", "enter"}},
	{name: "Test message being written", keys: []string{"3", "m"}},
	{name: "Logs", keys: []string{"4"}},
	{name: "Logs filter", keys: []string{"4", "/"}},
	{name: "Log line", keys: []string{"4", wait, "up", "enter"}},
	{name: "Audit", keys: []string{"5"}},
	{name: "Audit filter", keys: []string{"5", "/"}},
	{name: "Audit entry", keys: []string{"5", "enter"}},
	{name: "Last error", keys: []string{"4", wait, "!"}, opts: fake.Options{Logs: fake.LogOptions{ErrorRate: 1}}},
	{name: "Health", keys: []string{"6"}},
	{name: "Webhook setup", keys: []string{"down", "w"}, hooks: true},
	{name: "Events", keys: []string{"7"}, hooks: true},
	{name: "Events filter", keys: []string{"7", "/"}, hooks: true},
	{name: "Event details", keys: []string{"7", "enter"}, hooks: true},
}

// console is the whole console against the fake API at 120x40, with
// profiles to switch between.
func console(t *testing.T, opts ...fake.Options) (*Model, *uitest.Driver) {
	t.Helper()
	return consoleOn(t, uitest.New(t, append(opts, fake.Options{})[0]))
}

// consoleOn is console on env, for tests that set env up first.
func consoleOn(t *testing.T, env *uitest.Env) (*Model, *uitest.Driver) {
	t.Helper()
	env.Ctx.Profiles = []string{"test", "other"}
	trail, err := audit.Open(filepath.Join(t.TempDir(), "audit.log"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { trail.Close() })
	env.Ctx.Audit = trail
	_ = env.Ctx.Trail().Write("restart session", "12", "ok")

	m := New(env.Ctx, func(string) (*common.Context, error) { return env.Ctx, nil })
	d := env.Driver(t, func(msg tea.Msg) tea.Cmd { _, c := m.Update(msg); return c })
	d.Send(tea.WindowSizeMsg{Width: 120, Height: 40})
	d.Run(m.Init())
	return m, d
}

func reach(t *testing.T, s stop) (*Model, *uitest.Driver) {
	t.Helper()
	env := uitest.New(t, s.opts)
	if s.hooks {
		env.Listen(t)
	}
	m, d := consoleOn(t, env)
	if s.hooks {
		env.Deliver(t, 11, `{"event":"session.status","timestamp":1700000000,"data":{"status":"connected"}}`)
		d.Advance(time.Second)
	}
	press(d, s.keys...)
	return m, d
}

// press presses keys, letting 5 seconds pass at each wait.
func press(d *uitest.Driver, keys ...string) {
	for _, k := range keys {
		if k == wait {
			d.Advance(5 * time.Second)
		} else {
			d.Press(k)
		}
	}
}

// Each stop of the walk reaches a view of its own: a stop that silently
// stays where it started would leave its keys untested and out of the
// README's table.
func TestTheWalkReachesEveryKindOfView(t *testing.T) {
	seen := map[string]string{}
	for _, s := range walk {
		m, _ := reach(t, s)
		front := m.front()
		kind := fmt.Sprintf("%T %d %d", front, view.FocusOf(front), m.active)
		if other, ok := seen[kind]; ok {
			t.Errorf("%q reaches the same view as %q (%s)", s.name, other, kind)
		}
		seen[kind] = s.name
	}
}

// In every view: every entry of help dispatches, by each key it names, to
// that very action; every key bound is named by its entry; the help screen
// lists exactly those entries; the footer ends with how to get help and
// quit.
func TestEveryHelpEntryDispatchesAndEveryKeyIsInHelp(t *testing.T) {
	for _, s := range walk {
		t.Run(s.name, func(t *testing.T) {
			m, d := reach(t, s)
			front := m.front()
			offers := m.offers(front)
			if len(offers) == 0 {
				t.Fatal("no keys at all")
			}
			all := m.actionsOf(front)
			for _, o := range offers {
				for _, k := range o.Keys() {
					got, ok := keys.Find(all, keys.Msg(k))
					if !ok || !same(got, *o.Action) {
						t.Errorf("%q (%s) reaches %q, not %q", k, o.Label(), got.Desc(), o.Desc())
					}
					if !labelNames(o.Label(), k) {
						t.Errorf("the help of %q, %q, does not name the key %q", o.Desc(), o.Label(), k)
					}
				}
			}
			for _, a := range keys.Applicable(all) {
				for _, k := range a.Keys() {
					if !slices.ContainsFunc(offers, func(o offer) bool { return slices.Contains(o.Keys(), k) }) {
						t.Errorf("the key %q does something (%q) that help does not list", k, a.Desc())
					}
				}
			}
			footer := lastLine(m.View())
			switch view.FocusOf(front) {
			case view.Text:
				if !strings.HasSuffix(footer, "ctrl+c quit") {
					t.Errorf("footer of a text field: %q", footer)
				}
				return
			case view.Normal:
				if !strings.HasSuffix(footer, "? help • q quit") {
					t.Errorf("footer: %q", footer)
				}
			}
			if _, ok := front.(*helpView); ok {
				return
			}
			d.Press("?")
			h, ok := m.front().(*helpView)
			if !ok {
				t.Fatal("? did not open help")
			}
			var listed [][2]string
			for _, sec := range h.sections {
				if !strings.HasPrefix(sec.title, "Commands") {
					listed = append(listed, sec.entries...)
				}
			}
			var want [][2]string
			for _, o := range offers {
				want = append(want, [2]string{o.Label(), o.Desc()})
			}
			want = append(want, [2]string{"ctrl+c", "quit, even while typing"})
			slices.SortFunc(listed, cmpEntry)
			slices.SortFunc(want, cmpEntry)
			if !slices.Equal(listed, want) {
				t.Errorf("help lists\n%v\nwant\n%v", listed, want)
			}
		})
	}
}

func cmpEntry(a, b [2]string) int { return strings.Compare(a[0]+a[1], b[0]+b[1]) }

// labelNames reports whether a help label names key k: "↑/k" names up and
// k, "1-5" names 3.
func labelNames(label, k string) bool {
	if label == keys.Name(k) {
		return true
	}
	if lo, hi, ok := strings.Cut(label, "-"); ok && len(lo) == 1 && len(hi) == 1 && len(k) == 1 {
		return lo <= k && k <= hi
	}
	return slices.Contains(strings.Split(label, "/"), keys.Name(k))
}

func lastLine(v string) string {
	lines := strings.Split(v, "\n")
	return lines[len(lines)-1]
}

// A viewer is offered no action that changes anything, anywhere.
func TestViewersAreOfferedNothingThatChanges(t *testing.T) {
	for _, s := range walk {
		m, _ := reach(t, s)
		m.ctx.Role = common.RoleViewer
		for _, o := range m.offers(m.front()) {
			if o.Mutates() != "" {
				t.Errorf("%s: a viewer is offered %q", s.name, o.Desc())
			}
		}
	}
}

// The README's key table is made from the keymaps: this fails when they
// differ (go test ./ui -run TestReadmeKeys -update-readme rewrites it).
func TestReadmeKeysMatchTheKeymaps(t *testing.T) {
	want := keyTable(t)
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	const start, end = "<!-- keys: made from the keymaps by ui/keys_test.go -->\n", "<!-- end of keys -->"
	readme := string(data)
	i, j := strings.Index(readme, start), strings.Index(readme, end)
	if i < 0 || j < i {
		t.Fatalf("README.md has no key table between %q and %q", start, end)
	}
	got := readme[i+len(start) : j]
	if got == want {
		return
	}
	if *updateReadme {
		if err := os.WriteFile("../README.md", []byte(readme[:i+len(start)]+want+readme[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("the README's key table differs from the keymaps; want:\n%s", want)
}

// keyTable is the README's key table: each kind of view with every key it
// may have (whatever applies at the moment), the navigation keymap and the
// console's keys once.
func keyTable(t *testing.T) string {
	standard := map[string]bool{}
	for _, a := range keys.Navigation(&keys.Scroll{}) {
		standard[entry(a)] = true
	}
	var rows, names, navWhere, dialogs []string
	var globals, commands string
	for _, s := range walk {
		m, _ := reach(t, s)
		front := m.front()
		name := s.name
		var own []string
		navigates := false
		for _, a := range front.Actions() {
			e := entry(a)
			switch {
			case standard[e]:
				navigates = true
			case !slices.Contains(own, e):
				own = append(own, e)
			}
		}
		if navigates {
			navWhere = append(navWhere, name)
		}
		if view.FocusOf(front) == view.Dialog && slices.ContainsFunc(m.offers(front), func(o offer) bool { return same(*o.Action, helpKey) }) {
			dialogs = append(dialogs, name)
		}
		row := strings.Join(own, " · ")
		if k := slices.Index(rows, row); k >= 0 {
			names[k] += ", " + name
			continue
		}
		rows, names = append(rows, row), append(names, s.name)
		if s.keys == nil {
			var g, c []string
			for _, a := range m.globals {
				g = append(g, entry(a))
			}
			for _, e := range m.commandsSection().entries {
				c = append(c, "`"+e[0]+"` "+e[1])
			}
			for _, a := range m.commandActions() {
				c = append(c, entry(a))
			}
			globals, commands = strings.Join(g, " · "), strings.Join(c, " · ")
		}
	}
	var navs []string
	for _, a := range keys.Navigation(&keys.Scroll{}) {
		navs = append(navs, entry(a))
	}
	var b strings.Builder
	b.WriteString("| Where | Keys |\n|---|---|\n")
	for i, r := range rows {
		b.WriteString("| " + names[i] + " | " + r + " |\n")
	}
	b.WriteString("| Navigation: " + strings.Join(navWhere, ", ") + " | " + strings.Join(navs, " · ") + " |\n")
	b.WriteString("| Everywhere but dialogs and text fields | " + globals + " |\n")
	b.WriteString("| Dialogs: " + strings.Join(dialogs, ", ") + " | " + entry(helpKey) + " · " + entry(quitKey) + " |\n")
	b.WriteString("| Everywhere, even while typing | `ctrl+c` quit |\n")
	b.WriteString("| Command line (`:`) | " + commands + " |\n")
	return b.String()
}

// entry is an action as the table writes it; † marks what changes something.
func entry(a keys.Action) string {
	e := "`" + a.Label() + "` " + a.Desc()
	if a.Mutates() != "" {
		e += " †"
	}
	return e
}

// same reports whether two actions are one entry of a table.
func same(a, b keys.Action) bool {
	return a.Label() == b.Label() && a.Desc() == b.Desc() && a.Nav() == b.Nav()
}
