package pairview_test

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/ui/pairview"
	"github.com/wasender-tui/wasender-tui/ui/qrtext"
	"github.com/wasender-tui/wasender-tui/ui/qrtext/qrtexttest"
	"github.com/wasender-tui/wasender-tui/ui/uitest"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// realTime runs the fake on the wall clock with codes rotating every
// 400 ms, and the view checking the code every 50 ms.
func realTime(t *testing.T, opts fake.Options) *uitest.Env {
	opts.Now, opts.QRRotate = time.Now, 400*time.Millisecond
	env := uitest.New(t, opts)
	env.Ctx.Settings.Pairing = api.PairOptions{StatusEvery: 50 * time.Millisecond, CodeEvery: 50 * time.Millisecond}
	return env
}

var marketingBot = api.Session{ID: "14", Name: "Marketing Bot", PhoneNumber: "+34622198043", Status: "need_scan"}

type run struct {
	t     *testing.T
	m     *pairview.Model
	stack *view.Stack
	done  *pairview.DoneMsg
}

func start(t *testing.T, env *uitest.Env, s api.Session, w, h int) *run {
	r := &run{t: t, stack: &view.Stack{}}
	r.m = pairview.New(env.Ctx, r.stack, s)
	r.stack.Push(r.m)
	r.m.SetSize(w, h)
	t.Cleanup(r.m.Stop)
	return r
}

func (r *run) press(k string) tea.Cmd { return view.Press(r.m, uitest.Key(k)) }

func (r *run) update(msg tea.Msg) tea.Cmd {
	if d, ok := msg.(pairview.DoneMsg); ok {
		r.done = &d
		return nil
	}
	return r.m.Update(msg)
}

// until runs the view from cmd until cond holds after a message.
func (r *run) until(cmd tea.Cmd, d time.Duration, cond func() bool) {
	uitest.Loop(r.t, r.update, cmd, d, func(tea.Msg) bool { return cond() })
}

// screenCode decodes the code drawn on the screen (no colours, dark theme).
func screenCode(t *testing.T, view string) string {
	t.Helper()
	lines, err := qrtexttest.FindHalfBlockCode(view)
	if err != nil {
		t.Fatalf("%v:\n%s", err, view)
	}
	o := qrtext.Options{Mode: qrtext.HalfBlocks, Colors: qrtext.NoColor, DarkBackground: true}
	grid, err := qrtexttest.Grid(lines, o)
	if err != nil {
		t.Fatal(err)
	}
	got, err := qrtexttest.Decode(grid, false)
	if err != nil {
		t.Fatalf("the drawn code does not decode: %v\n%s", err, strings.Join(lines, "\n"))
	}
	return got
}

func TestCodeOnScreenRotatesInPlaceUntilPaired(t *testing.T) {
	env := realTime(t, fake.Options{AutoPair: 1500 * time.Millisecond})
	r := start(t, env, marketingBot, 120, 40)
	cmd := r.m.Start()
	seen := map[string]bool{}
	var order []string
	r.until(cmd, 8*time.Second, func() bool {
		if r.done == nil && r.m.Visible() {
			code := screenCode(t, r.m.View())
			if !seen[code] {
				seen[code] = true
				order = append(order, code)
			}
		}
		return r.done != nil
	})
	if r.done == nil {
		t.Fatal("not paired within 8s")
	}
	if r.done.Outcome != pairview.Paired || r.done.User.Phone() != "+34622198043" {
		t.Fatalf("done = %+v", r.done)
	}
	if len(order) < 2 {
		t.Fatalf("%d distinct codes on screen, want the code to rotate", len(order))
	}
	for _, c := range order {
		if !strings.HasPrefix(c, "2@") || len(c) < 200 {
			t.Errorf("decoded %q", c)
		}
	}
	if r.m.Visible() {
		t.Error("view still visible after pairing")
	}
}

func TestTooSmallSaysTheSizeAndDrawsWhenItFits(t *testing.T) {
	env := realTime(t, fake.Options{})
	r := start(t, env, marketingBot, 80, 24)
	r.until(r.m.Start(), 5*time.Second, r.m.Visible)
	v := r.m.View()
	if !strings.Contains(v, "needs 61x32 cells; this terminal is 80x24") {
		t.Fatalf("too-small view:\n%s", v)
	}
	if strings.ContainsAny(v, "▀▄") {
		t.Fatal("a clipped code was drawn")
	}
	r.m.SetSize(61, 32)
	if got := screenCode(t, r.m.View()); !strings.HasPrefix(got, "2@") {
		t.Fatalf("decoded %q", got)
	}
	r.press("f")
	if v := r.m.View(); !strings.Contains(v, "needs 122x62") || !strings.Contains(v, "press f") {
		t.Fatalf("full blocks at 61x32:\n%s", v)
	}
}

func TestEveryFittingSizeDrawsAWholeCode(t *testing.T) {
	env := realTime(t, fake.Options{})
	r := start(t, env, marketingBot, 120, 40)
	r.until(r.m.Start(), 5*time.Second, r.m.Visible)
	for _, size := range [][2]int{{61, 32}, {70, 33}, {100, 36}, {120, 40}, {200, 60}, {250, 70}} {
		r.m.SetSize(size[0], size[1])
		v := r.m.View()
		if n := strings.Count(v, "\n") + 1; n != size[1] {
			t.Errorf("%dx%d: %d lines", size[0], size[1], n)
		}
		if got := screenCode(t, v); !strings.HasPrefix(got, "2@") {
			t.Errorf("%dx%d: decoded %q", size[0], size[1], got)
		}
	}
}

func TestAlreadyConnectedAndNoSubscription(t *testing.T) {
	env := realTime(t, fake.Options{})
	r := start(t, env, api.Session{ID: "11", Name: "Support Desk", Status: "connected"}, 120, 40)
	r.until(r.m.Start(), 5*time.Second, func() bool { return r.done != nil })
	if r.done == nil || r.done.Outcome != pairview.AlreadyConnected || !strings.Contains(r.done.Message, "No QR code needed") {
		t.Fatalf("done = %+v", r.done)
	}

	env = realTime(t, fake.Options{NoSubscription: true})
	r = start(t, env, marketingBot, 120, 40)
	r.until(r.m.Start(), 5*time.Second, func() bool { return r.done != nil })
	if r.done == nil || r.done.Outcome != pairview.Failed || !strings.Contains(api.Words(r.done.Err), "active subscription") {
		t.Fatalf("done = %+v", r.done)
	}
}

func TestPasskeyExplainsWhatToDoOnThePhone(t *testing.T) {
	env := realTime(t, fake.Options{})
	env.Ctx.Settings.Pairing.LinkMethod = "passkey"
	r := start(t, env, marketingBot, 120, 40)
	r.until(r.m.Start(), 5*time.Second, r.m.Visible)
	v := r.m.View()
	for _, want := range []string{"with a passkey", "Linked devices", "request expires", "tells you the moment it is linked"} {
		if !strings.Contains(v, want) {
			t.Errorf("passkey view lacks %q:\n%s", want, v)
		}
	}
}

func TestInvertAndCloseKeys(t *testing.T) {
	env := realTime(t, fake.Options{})
	r := start(t, env, marketingBot, 120, 40)
	r.until(r.m.Start(), 5*time.Second, r.m.Visible)
	before := r.m.View()
	r.press("i")
	if r.m.View() == before {
		t.Error("i did not change the drawing")
	}
	cmd := r.press("esc")
	msgs := uitest.Run(cmd, time.Second)
	if len(msgs) != 1 {
		t.Fatalf("esc gave %v", msgs)
	}
	if d, ok := msgs[0].(pairview.DoneMsg); !ok || d.Outcome != pairview.Closed {
		t.Fatalf("esc gave %#v", msgs[0])
	}
	if r.stack.Contains(r.m) {
		t.Fatal("esc left the view open")
	}
}

// With the caption under the code and too narrow for all of it, the keys
// give way from the end, and how to close stays.
func TestANarrowCaptionKeepsEsc(t *testing.T) {
	env := realTime(t, fake.Options{})
	r := start(t, env, marketingBot, 100, 36)
	r.until(r.m.Start(), 5*time.Second, r.m.Visible)
	lines := strings.Split(r.m.View(), "\n")
	caption := ""
	for _, l := range lines {
		if strings.Contains(l, "Pair Marketing Bot") {
			caption = l
		}
	}
	if !strings.Contains(caption, "esc close") || !strings.Contains(caption, "need scan") || !strings.HasSuffix(strings.TrimSpace(caption), "…") {
		t.Errorf("caption %q: want the state, esc close, and a … for what gave way", caption)
	}
	if w := len([]rune(caption)); w > 100 {
		t.Errorf("caption is %d cells wide: %q", w, caption)
	}
}

// Too small for the code, the state line under the message fits on one
// line and keeps how to close.
func TestTooSmallKeepsEscWhole(t *testing.T) {
	env := realTime(t, fake.Options{})
	r := start(t, env, marketingBot, 100, 40)
	r.until(r.m.Start(), 5*time.Second, r.m.Visible)
	r.press("f") // full blocks: too big for 100x40
	v := r.m.View()
	if !strings.Contains(v, "needs") || !strings.Contains(v, "esc close") {
		t.Errorf("full blocks at 100x40: no size or no whole \"esc close\":\n%s", v)
	}
}
