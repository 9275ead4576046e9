package pairview_test

import (
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/ui/pairview"
	"github.com/wasender-tui/wasender-tui/ui/uitest"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// Over a simulated minute on the fake clock, against servers that rotate
// on schedules of their own, the code drawn on screen (decoded back from
// the drawing) is the one the server serves at that moment, except for at
// most one check interval after a rotation; and the screen changes only
// when the code does.
func TestScreenShowsTheCodeTheServerServesNow(t *testing.T) {
	const (
		step      = 100 * time.Millisecond
		checkedIn = 2*time.Second + step // the default check interval, sampled every step
	)
	for _, tc := range []struct {
		name string
		opts fake.Options
	}{
		{"every 20s", fake.Options{QRRotate: 20 * time.Second}},
		{"every 7s", fake.Options{QRRotate: 7 * time.Second}},
		{"first code 3s from its end", fake.Options{QRRotate: 20 * time.Second, QRPhase: 17 * time.Second}},
		{"20s ± 6s", fake.Options{QRRotate: 20 * time.Second, QRJitter: 6 * time.Second}},
		{"server clock 41s ahead", fake.Options{QRRotate: 13 * time.Second, ClockOffset: 41 * time.Second}},
		{"server clock 3h behind", fake.Options{QRRotate: 20 * time.Second, QRPhase: 9 * time.Second, ClockOffset: -3 * time.Hour}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := uitest.New(t, tc.opts)
			stack := &view.Stack{}
			m := pairview.New(env.Ctx, stack, marketingBot)
			stack.Push(m)
			m.SetSize(120, 40)
			t.Cleanup(m.Stop)
			d := env.Driver(t, func(msg tea.Msg) tea.Cmd { return m.Update(msg) })
			d.Run(m.Start())

			var server, lastView, shown string
			var since time.Time
			rotations, redraws, worst := 0, 0, time.Duration(0)
			for range int(time.Minute / step) {
				d.Advance(step)
				now := env.Clock.Now()
				cur, err := env.Fake.PairingString(14)
				if err != nil {
					t.Fatal(err)
				}
				if cur != server {
					if server != "" {
						rotations++
					}
					server, since = cur, now
				}
				if v := m.View(); v != lastView {
					lastView, shown = v, screenCode(t, v)
					redraws++
				}
				if shown != server {
					lag := now.Sub(since)
					worst = max(worst, lag)
					if lag > checkedIn {
						t.Fatalf("%s after a rotation the screen still shows the code before it", lag)
					}
				}
			}
			if redraws > rotations+1 {
				t.Errorf("the screen changed %d times for %d rotations", redraws, rotations)
			}
			t.Logf("%d rotations, %d screens; the new code on screen %s after a rotation at worst", rotations, redraws, worst)
		})
	}
}

// The view says which code it shows, how it is kept current, and, once
// seen, how often the server rotates; never a countdown.
func TestCaptionSaysHowTheCodeIsKeptCurrent(t *testing.T) {
	env := uitest.New(t, fake.Options{QRRotate: 20 * time.Second})
	stack := &view.Stack{}
	m := pairview.New(env.Ctx, stack, marketingBot)
	stack.Push(m)
	m.SetSize(120, 40)
	t.Cleanup(m.Stop)
	d := env.Driver(t, func(msg tea.Msg) tea.Cmd { return m.Update(msg) })
	d.Run(m.Start())
	d.Advance(time.Second)
	v := m.View()
	for _, want := range []string{"code     1, checked every 2s", "state    ◎ need scan"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "new code in") || strings.Contains(v, "about every") {
		t.Errorf("a countdown or an interval before any rotation was seen:\n%s", v)
	}
	d.Advance(61 * time.Second) // rotations at 20, 40 and 60 s
	if v := m.View(); !strings.Contains(v, "code     4, checked every 2s") || !strings.Contains(v, "a new code about every 20s") {
		t.Errorf("after three rotations:\n%s", v)
	}
	before := m.View()
	d.Advance(5 * time.Second) // reads, no rotation
	if m.View() != before {
		t.Error("the screen changed although the code did not")
	}
}

// A failed code read says the code may be out of date until a read
// succeeds; a state read succeeding meanwhile does not clear it.
func TestAFailedCodeReadWarnsUntilOneSucceeds(t *testing.T) {
	env := uitest.New(t, fake.Options{QRRotate: 20 * time.Second})
	stack := &view.Stack{}
	m := pairview.New(env.Ctx, stack, marketingBot)
	stack.Push(m)
	m.SetSize(120, 40)
	t.Cleanup(m.Stop)
	d := env.Driver(t, func(msg tea.Msg) tea.Cmd { return m.Update(msg) })
	d.Run(m.Start())
	env.Fake.FailNext("GET", "/api/whatsapp-sessions/14/qrcode", 503, "", 2)
	const warning = "retrying (the code may be out of date)"
	for _, at := range []time.Duration{1, 2, 3, 4} { // code reads at 1 s and 3 s fail, the state reads at 2 s and 4 s do not
		d.Advance(time.Second)
		if v := m.View(); !strings.Contains(words(v), warning) {
			t.Fatalf("%ds: no warning:\n%s", at, v)
		}
	}
	d.Advance(time.Second) // the code read at 5 s succeeds
	if v := m.View(); strings.Contains(v, "⚠") {
		t.Errorf("the warning stayed after a code read succeeded:\n%s", v)
	}
}

// words is the text of a view without the code, its lines joined, so that
// wrapped sentences read whole.
func words(view string) string {
	return strings.Join(strings.Fields(strings.Map(func(r rune) rune {
		if strings.ContainsRune("▀▄█", r) {
			return ' '
		}
		return r
	}, view)), " ")
}
