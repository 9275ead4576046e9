package ui_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/ui"
	"github.com/wasender-tui/wasender-tui/ui/qrtext"
	"github.com/wasender-tui/wasender-tui/ui/qrtext/qrtexttest"
	"github.com/wasender-tui/wasender-tui/ui/uitest"
)

// pairingConsole runs the whole console against a fake on the wall clock
// whose codes rotate every 600 ms and whose phone scans after autoPair.
func pairingConsole(t *testing.T, autoPair time.Duration) *teatest.TestModel {
	env := uitest.New(t, fake.Options{Now: time.Now, QRRotate: 600 * time.Millisecond, AutoPair: autoPair})
	env.Ctx.Settings.Pairing = api.PairOptions{StatusEvery: 100 * time.Millisecond, CodeEvery: 100 * time.Millisecond}
	tm := teatest.NewTestModel(t, ui.New(env.Ctx, nil), teatest.WithInitialTermSize(120, 40))
	waitFor(t, tm, "Legacy Line")
	for _, k := range []tea.KeyType{tea.KeyDown, tea.KeyDown, tea.KeyDown} {
		tm.Send(tea.KeyMsg{Type: k})
	}
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("c")})
	return tm
}

func waitFor(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(text)) },
		teatest.WithDuration(8*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}

func TestConnectShowsAScannableCodeFullScreen(t *testing.T) {
	tm := pairingConsole(t, time.Hour)
	waitFor(t, tm, "Pair Marketing Bot")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	view := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).View()
	if strings.Contains(view, "1 Sessions") {
		t.Error("the QR view is not full screen: the tabs are drawn")
	}
	lines, err := qrtexttest.FindHalfBlockCode(view)
	if err != nil {
		t.Fatalf("%v\n%s", err, view)
	}
	grid, err := qrtexttest.Grid(lines, qrtext.Options{Mode: qrtext.HalfBlocks, Colors: qrtext.NoColor, DarkBackground: true})
	if err != nil {
		t.Fatal(err)
	}
	got, err := qrtexttest.Decode(grid, false)
	if err != nil || !strings.HasPrefix(got, "2@") {
		t.Fatalf("decoded %q, %v", got, err)
	}
}

func TestConnectPairsAndSaysAsWhom(t *testing.T) {
	tm := pairingConsole(t, 2*time.Second)
	waitFor(t, tm, "Pair Marketing Bot")
	waitFor(t, tm, "code     3") // rotated in place at least twice
	waitFor(t, tm, "paired as")
	tm.Send(tea.KeyMsg{Type: tea.KeyCtrlC})
	view := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).View()
	if !strings.Contains(view, "✓ Marketing Bot paired as ACME Marketing (+34622198043)") {
		t.Errorf("no paired notice:\n%s", view)
	}
	if !strings.Contains(view, "1 Sessions") {
		t.Errorf("the console did not come back from the QR view:\n%s", view)
	}
}
