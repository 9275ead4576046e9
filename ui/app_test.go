package ui_test

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/audit"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/ui"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/uitest"
)

func newConsole(t *testing.T) (*uitest.Env, *ui.Model, *uitest.Driver) {
	t.Helper()
	env := uitest.New(t, fake.Options{})
	m := ui.New(env.Ctx, nil)
	return env, m, env.Driver(t, func(msg tea.Msg) tea.Cmd { _, c := m.Update(msg); return c })
}

func start(t *testing.T, d *uitest.Driver, m *ui.Model, w, h int) {
	t.Helper()
	d.Send(tea.WindowSizeMsg{Width: w, Height: h})
	d.Run(m.Init())
}

func quits(d *uitest.Driver) bool {
	for _, msg := range d.Seen {
		if _, ok := msg.(tea.QuitMsg); ok {
			return true
		}
	}
	return false
}

// The golden screens: the whole console at the smallest and a large size.
func TestGoldenScreens(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {200, 60}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			env := uitest.New(t, fake.Options{})
			tm := teatest.NewTestModel(t, ui.New(env.Ctx, nil), teatest.WithInitialTermSize(size[0], size[1]))
			teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
				return bytes.Contains(b, []byte("Legacy Line"))
			}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
			tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
			final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second))
			teatest.RequireEqualOutput(t, []byte(final.View()))
		})
	}
}

// A frame is never taller or wider than the terminal, at any size, before
// the first size message, and in every view.
func TestFrameFitsTheTerminal(t *testing.T) {
	_, m, d := newConsole(t)
	if v := m.View(); v != "" {
		t.Errorf("view before the first WindowSizeMsg = %q, want empty", v)
	}
	start(t, d, m, 80, 24)
	for _, size := range [][2]int{{80, 24}, {20, 5}, {39, 9}, {40, 10}, {250, 70}, {120, 40}, {1, 1}} {
		d.Send(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		for _, keys := range [][]string{nil, {"?"}, {"esc", "enter"}, {"esc", "n"}, {"esc", "d"}} {
			for _, k := range keys {
				d.Press(k)
			}
			checkFits(t, m.View(), size[0], size[1])
		}
		d.Press("esc")
		d.Press("esc")
	}
}

func checkFits(t *testing.T, v string, w, h int) {
	t.Helper()
	lines := strings.Split(v, "\n")
	if len(lines) > h {
		t.Errorf("%dx%d: frame has %d lines", w, h, len(lines))
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got > w {
			t.Errorf("%dx%d: line %d is %d cells wide: %q", w, h, i, got, l)
		}
	}
}

func TestTooSmallSaysWhatIsNeeded(t *testing.T) {
	_, m, d := newConsole(t)
	start(t, d, m, 30, 8)
	if v := m.View(); !strings.Contains(strings.ReplaceAll(v, "\n", " "), "need at least 40x10") {
		t.Errorf("view = %q", v)
	}
}

func TestHeaderShowsProfileCountsAndFreshness(t *testing.T) {
	_, m, d := newConsole(t)
	start(t, d, m, 120, 30)
	header := strings.Split(m.View(), "\n")[0]
	for _, want := range []string{"wasender-tui", "test", "wasender.test", "6 sessions · 3 connected", "updated just now"} {
		if !strings.Contains(header, want) {
			t.Errorf("header lacks %q: %q", want, header)
		}
	}
}

func TestHeaderShowsTheLastError(t *testing.T) {
	env, m, d := newConsole(t)
	start(t, d, m, 160, 30)
	env.Fake.FailNext("GET", "/api/whatsapp-sessions", 503, "", 1)
	d.Press("r")
	header := strings.Split(m.View(), "\n")[0]
	if !strings.Contains(header, "⚠") || !strings.Contains(header, "HTTP 503") {
		t.Errorf("header = %q", header)
	}
	// The list stays on screen while the API fails.
	if !strings.Contains(m.View(), "Support Desk") {
		t.Error("list vanished on a failed refresh")
	}
}

// A long error keeps the header's profile, counts and freshness: it is cut
// to the room between them (the brand gives way first), and ! shows it
// whole.
func TestHeaderKeepsItsTitleBesideALongError(t *testing.T) {
	body := `{"success":true,"data":[{"id":11,"name":"Support Desk","phone_number":"+4915730984412","status":"connected","webhook_url":"https://hooks.example.com/wasender/support"`
	for _, w := range []int{80, 250} {
		env, m, d := newConsole(t)
		start(t, d, m, w, 24)
		env.Fake.FailNext("GET", "/api/whatsapp-sessions", 200, body, 1)
		d.Press("r")
		header := strings.Split(m.View(), "\n")[0]
		for _, want := range []string{"test", "6 sessions · 3 connected", "updated just now", "⚠ truncated JSON: the body"} {
			if !strings.Contains(header, want) {
				t.Errorf("at %d: header lacks %q: %q", w, want, header)
			}
		}
		if w == 80 && !strings.Contains(header, "…") {
			t.Errorf("at 80 the error is not cut: %q", header)
		}
		if ansi.StringWidth(header) > w {
			t.Errorf("header wider than %d: %q", w, header)
		}
		if !strings.Contains(lastLine(m.View()), "! last error in full") {
			t.Errorf("footer does not offer !: %q", lastLine(m.View()))
		}
		d.Press("!")
		v := m.View()
		if !strings.Contains(v, "Last error — Sessions") || !strings.Contains(strings.ReplaceAll(v, "\n", " "), `body starts "{\"success\":true`) {
			t.Errorf("at %d: ! does not show the error in full:\n%s", w, v)
		}
		d.Press("esc")
		if strings.Contains(m.View(), "Last error") {
			t.Error("esc did not close it")
		}
	}
}

func TestFooterHelpFollowsTheKeymapAndRole(t *testing.T) {
	env, m, d := newConsole(t)
	start(t, d, m, 250, 30)
	footer := lastLine(m.View())
	for _, want := range []string{"enter details", "/ filter", "d delete", "? help", "q quit"} {
		if !strings.Contains(footer, want) {
			t.Errorf("footer lacks %q: %q", want, footer)
		}
	}
	env.Ctx.Role = common.RoleViewer
	d.Send(tea.WindowSizeMsg{Width: 250, Height: 30})
	footer = lastLine(m.View())
	if strings.Contains(footer, "delete") || strings.Contains(footer, "new session") {
		t.Errorf("viewer footer offers mutating actions: %q", footer)
	}
	d.Press("d")
	if v := m.View(); !strings.Contains(v, "your role (viewer) may not delete") {
		t.Errorf("viewer pressing d was not refused:\n%s", v)
	}
}

func lastLine(v string) string {
	lines := strings.Split(v, "\n")
	return lines[len(lines)-1]
}

func TestFullHelpAndCommandLine(t *testing.T) {
	_, m, d := newConsole(t)
	start(t, d, m, 120, 40)
	d.Press("?")
	v := m.View()
	if !strings.Contains(v, "Sessions — keys") || !strings.Contains(v, "regenerate API key") {
		t.Errorf("full help:\n%s", v)
	}
	d.Press("esc")
	for _, k := range []string{":", "n", "o", "p", "e", "enter"} {
		d.Press(k)
	}
	if v := m.View(); !strings.Contains(v, "unknown command :nope") {
		t.Errorf("unknown command not reported:\n%s", v)
	}
	d.Press(":", "q", "enter")
	if !quits(d) {
		t.Error(":q did not quit")
	}
}

func TestProfileSwitch(t *testing.T) {
	env := uitest.New(t, fake.Options{})
	env.Ctx.Profiles = []string{"test", "other"}
	var asked string
	m := ui.New(env.Ctx, func(name string) (*common.Context, error) {
		asked = name
		next := *env.Ctx
		next.Profile = name
		return &next, nil
	})
	d := env.Driver(t, func(msg tea.Msg) tea.Cmd { _, c := m.Update(msg); return c })
	start(t, d, m, 120, 30)
	d.Type(":profile other")
	d.Press("enter")
	if asked != "other" {
		t.Fatalf("switcher asked for %q", asked)
	}
	v := m.View()
	if !strings.Contains(strings.Split(v, "\n")[0], "other") || !strings.Contains(v, "Support Desk") {
		t.Errorf("after switching:\n%s", v)
	}
}

func TestQuitKeys(t *testing.T) {
	for _, k := range []string{"q", "ctrl+c"} {
		_, m, d := newConsole(t)
		start(t, d, m, 80, 24)
		d.Press(k)
		if !quits(d) {
			t.Errorf("%s did not quit", k)
		}
	}
	// q types into the filter instead of quitting; ctrl+c always quits.
	_, m, d := newConsole(t)
	start(t, d, m, 80, 24)
	d.Press("/", "q")
	if quits(d) {
		t.Error("q quit while typing a filter")
	}
}

// typed is what Bubble Tea makes of runes read at once: one message.
func typed(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

func pasted(s string) tea.KeyMsg {
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s), Paste: true}
}

// Keys typed ahead arrive as one message; the console replays them one by
// one, each through Update.
func TestTypedAheadKeysAreReplayedInOrder(t *testing.T) {
	_, m, d := newConsole(t)
	start(t, d, m, 120, 30)
	d.Send(typed(":contacts"))
	d.Press("enter")
	if v := m.View(); !strings.Contains(v, "Contacts of Support Desk") {
		t.Fatalf(":contacts typed ahead did not open the contacts pane:\n%s", v)
	}

	_, m, d = newConsole(t)
	start(t, d, m, 120, 30)
	d.Send(typed("jjj"))
	d.Press("enter")
	if v := m.View(); !strings.Contains(strings.Split(v, "\n")[2], "Marketing Bot") {
		t.Fatalf("jjj did not move three rows:\n%s", v)
	}

	_, m, d = newConsole(t)
	start(t, d, m, 120, 30)
	d.Send(typed("/Sal"))
	v := m.View()
	if !strings.Contains(v, "Sales EU") || strings.Contains(v, "Support Desk") || !strings.Contains(v, "/Sal") {
		t.Fatalf("/Sal typed ahead did not open the filter and type into it:\n%s", v)
	}
}

// A bracketed paste goes whole to the text field in focus and never runs
// keys; with no field in focus it is ignored, with a notice.
func TestPasteGoesOnlyToTheTextFieldInFocus(t *testing.T) {
	_, m, d := newConsole(t)
	start(t, d, m, 120, 30)
	before := m.View()
	d.Send(pasted("jjjdq"))
	if quits(d) || !strings.Contains(m.View(), "paste ignored") || strings.Contains(m.View(), "Delete session") {
		t.Fatalf("a paste with no field in focus ran keys:\n%s", m.View())
	}
	if strings.Split(m.View(), "\n")[3] != strings.Split(before, "\n")[3] {
		t.Error("a paste moved the cursor")
	}
	d.Press("/")
	d.Send(pasted("Sales E"))
	if v := m.View(); !strings.Contains(v, "Sales EU") || strings.Contains(v, "Support Desk") || quits(d) {
		t.Fatalf("a paste into the filter:\n%s", v)
	}
	d.Press("esc", ":")
	d.Send(pasted("logs"))
	d.Press("enter")
	if v := m.View(); !strings.Contains(v, "logs of") {
		t.Fatalf("a paste into the command line:\n%s", v)
	}
	d.Press("1", "n")
	d.Send(pasted("Night Shift"))
	if v := m.View(); !strings.Contains(v, "Night Shift") {
		t.Fatalf("a paste into a form field:\n%s", v)
	}
	d.Press("tab", "tab") // a yes/no field
	d.Send(pasted("x"))
	if v := m.View(); !strings.Contains(v, "paste ignored: Account protection is a yes/no field") {
		t.Fatalf("a paste into a yes/no field:\n%s", v)
	}
	d.Press("esc", "3", "m", "ctrl+u")
	d.Send(pasted("hello from the clipboard"))
	if v := m.View(); !strings.Contains(v, "hello from the clipboard") {
		t.Fatalf("a paste into the message text:\n%s", v)
	}
}

// The footer ends with help and quit however narrow the terminal: the
// middle gives way.
func TestFooterKeepsHelpAndQuitWhenNarrow(t *testing.T) {
	_, m, d := newConsole(t)
	start(t, d, m, 80, 24)
	for _, w := range []int{40, 60, 80, 120, 250} {
		d.Send(tea.WindowSizeMsg{Width: w, Height: 24})
		footer := lastLine(m.View())
		if !strings.HasSuffix(footer, "? help • q quit") || !strings.HasPrefix(footer, "enter details") || ansi.StringWidth(footer) > w {
			t.Errorf("%d wide: %q", w, footer)
		}
		if w < 250 && !strings.Contains(footer, "…") {
			t.Errorf("%d wide: the cut is not marked: %q", w, footer)
		}
	}
}

// Help lists ctrl+r, the commands with :profile NAME, and a number for
// each pane there is.
func TestHelpListsWhatWorks(t *testing.T) {
	env := uitest.New(t, fake.Options{})
	env.Ctx.Profiles = []string{"test", "other"}
	m := ui.New(env.Ctx, func(string) (*common.Context, error) { return env.Ctx, nil })
	d := env.Driver(t, func(msg tea.Msg) tea.Cmd { _, c := m.Update(msg); return c })
	start(t, d, m, 160, 50)
	d.Press("?")
	v := m.View()
	for _, want := range []string{"r/ctrl+r", ":profile NAME", "profiles: test, other", "5          Audit pane", ":audit", "ctrl+c"} {
		if !strings.Contains(v, want) {
			t.Errorf("help lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "6 ") && strings.Contains(v, "1-9") {
		t.Errorf("help offers panes that do not exist:\n%s", v)
	}
	d.Press("esc", "enter", "?")
	if v := m.View(); !strings.Contains(v, "reveal/hide secrets") || strings.Contains(v, "new session") {
		t.Errorf("help of the details lists another view's keys:\n%s", v)
	}
}

// A viewer's refusal is written to the audit trail with its target, off
// the Update path; an operator's save of a log is audited too.
func TestRefusalsAndSavesAreAuditedWithTheirTarget(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	env := uitest.New(t, fake.Options{})
	trail, err := audit.Open(filepath.Join(t.TempDir(), "audit.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer trail.Close()
	env.Ctx.Audit, env.Ctx.Actor, env.Ctx.Role = trail, "ssh:bob SHA256:v", common.RoleViewer
	m := ui.New(env.Ctx, nil)
	d := env.Driver(t, func(msg tea.Msg) tea.Cmd { _, c := m.Update(msg); return c })
	start(t, d, m, 120, 30)
	m.Update(uitest.Key("R")) // the command that writes is not run yet
	if entries, _ := audit.Tail(trail.Path(), 5); len(entries) != 0 {
		t.Fatal("the refusal was written from Update")
	}
	d.Press("R")
	d.Press("4")
	env.Poll()
	d.Advance(time.Second) // the pane takes the lines its streams brought
	d.Press("ctrl+s")
	entries, _ := audit.Tail(trail.Path(), 5)
	if len(entries) != 2 {
		t.Fatalf("audit: %+v", entries)
	}
	if e := entries[0]; e.Action != "restart session" || e.Target != "11" || e.Result != "refused: viewer" || e.Actor != "ssh:bob SHA256:v" {
		t.Errorf("refused restart: %+v", e)
	}
	if e := entries[1]; e.Action != "save log" || !strings.Contains(e.Target, "all-sessions-message-logs-") || e.Result != "refused: viewer" {
		t.Errorf("refused save: %+v", e)
	}
	if !strings.Contains(m.View(), "your role (viewer) may not save") {
		t.Errorf("no refusal said:\n%s", m.View())
	}
}

// Any pane can bring the logs pane to the front on a session: l does it
// from the sessions pane.
func TestLogsOfASessionFromTheSessionsPane(t *testing.T) {
	_, m, d := newConsole(t)
	start(t, d, m, 120, 30)
	d.Press("4", "up", "enter", "1", "down", "l")
	v := m.View()
	if !strings.Contains(v, "Message logs of Sales EU") || strings.Contains(v, "WhatsApp's view") {
		t.Fatalf("l did not open the logs of Sales EU:\n%s", v)
	}
}

// keyOnly is the console with session API keys and no personal token.
func keyOnly(t *testing.T, fo fake.Options, o func(keys map[int]string) api.Options) (*ui.Model, *uitest.Driver) {
	t.Helper()
	env := uitest.New(t, fo)
	env.SetClient(env.ClientWith(t, o(env.Fake.SessionKeys())))
	m := ui.New(env.Ctx, nil)
	d := env.Driver(t, func(msg tea.Msg) tea.Cmd { _, c := m.Update(msg); return c })
	start(t, d, m, 160, 30)
	return m, d
}

// With only WASENDER_API_KEY the console shows what the key tells (state,
// number) and nothing it would have to invent; logs say why they cannot
// be read.
func TestKeyOnlyShowsTheUnknownAsUnknown(t *testing.T) {
	m, d := keyOnly(t, fake.Options{}, func(keys map[int]string) api.Options { return api.Options{APIKey: keys[11]} })
	v := m.View()
	row := ""
	for _, l := range strings.Split(v, "\n") {
		if strings.Contains(l, "connected") {
			row = l
		}
	}
	fields := strings.Fields(row)
	if len(fields) < 7 || fields[0] != "?" || !strings.Contains(row, "+4915730984412") || strings.Contains(row, " off ") || strings.Contains(row, " no ") {
		t.Fatalf("the key's session row invents or hides: %q\n%s", row, v)
	}
	if !strings.Contains(v, "API key only: ? needs the personal token (WASENDER_TOKEN)") {
		t.Errorf("no word on what needs the token:\n%s", v)
	}
	d.Advance(5 * time.Second) // the health board's next look
	if v := m.View(); !strings.Contains(v, "connected    ! unreadable") {
		t.Errorf("the session without an id is not marked as the Health pane judges it:\n%s", v)
	}
	d.Press("/")
	d.Type("unreadable")
	d.Press("enter")
	if v := m.View(); !strings.Contains(v, "+4915730984412") {
		t.Errorf("filtering by its health mark does not find it:\n%s", v)
	}
	d.Press("esc", "enter")
	if v := m.View(); !strings.Contains(v, "account_protection       ? (needs the personal token: WASENDER_TOKEN)") {
		t.Errorf("details:\n%s", v)
	}
	d.Press("esc", "4")
	if v := m.View(); !strings.Contains(v, "No log to read") || strings.Contains(v, "loading message logs") {
		t.Errorf("logs:\n%s", v)
	}
}

// With keys given with their session ids (session_keys), the logs are
// read with the key where the API takes it, and where it does not, the
// console says the personal token is needed.
func TestKeyOnlyLogsWithSessionKeys(t *testing.T) {
	withKeys := func(keys map[int]string) api.Options {
		return api.Options{SessionKeys: map[string]string{"12": keys[12]}}
	}
	m, d := keyOnly(t, fake.Options{}, withKeys)
	d.Press("4")
	d.Advance(5 * time.Second)
	if v := m.View(); strings.Contains(v, "No log to read") || !regexp.MustCompile(`session 12 +✓ sent`).MatchString(v) {
		t.Fatalf("logs with a session key:\n%s", v)
	}
	m, d = keyOnly(t, fake.Options{PATOnly: true}, withKeys)
	d.Press("4")
	d.Advance(5 * time.Second)
	d.Press("!")
	if v := strings.ReplaceAll(m.View(), "\n", " "); !strings.Contains(v, "the docs give this call the personal access token: set WASENDER_TOKEN") {
		t.Fatalf("a refused key does not say what is needed:\n%s", v)
	}
}
