// Package termbg tells lipgloss whether the terminal's background is dark
// before Bubble Tea's own init asks, so that no program waits for a
// terminal that does not answer.
//
// Bubble Tea v1 calls lipgloss.HasDarkBackground() in its init()
// (tea_init.go). When stdout is a terminal, termenv then writes the
// background-colour query (OSC 11) and a cursor-position query (CSI 6n)
// and waits for the answer up to termenv.OSCTimeout, a constant 5 s, before
// main even starts. Here the answer is waited for at most Timeout, or not
// asked at all when COLORFGBG says it or the link is remote; the value is
// then set with lipgloss.SetHasDarkBackground, which lipgloss treats as
// explicit and never queries again.
//
// This works only because Go (since 1.21) initialises the packages that
// are ready in the order of their import paths: this package imports only
// lipgloss and lipgloss's own dependencies, so it is ready when Bubble Tea
// is, and its path (early.invalid/termbg, a nested module wired by a
// replace directive) sorts before github.com/charmbracelet/bubbletea. A
// path inside our own module (github.com/wasender-tui/...) would sort
// after it and run too late.
package termbg

import (
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/term"
)

// Timeout bounds the wait for the terminal's answer. A local terminal
// answers within milliseconds; one that has not answered by then will not.
const Timeout = 200 * time.Millisecond

// How the background was decided, for tests and diagnostics.
const (
	Untouched = "untouched" // not a terminal lipgloss would query: left to lipgloss
	FromEnv   = "COLORFGBG"
	Answered  = "answered"  // the terminal said its background colour
	NoColour  = "no colour" // the terminal answered the cursor query only
	TimedOut  = "timed out" // no answer within Timeout
	Remote    = "remote"    // over SSH: not asked, an answer could come late
	Failed    = "failed"    // the terminal could not be put in raw mode
)

// Source says how the background was decided in this process.
var Source = Untouched

func init() {
	dark, source := Decide(os.Stdout, os.Getenv)
	Source = source
	if source != Untouched {
		lipgloss.SetHasDarkBackground(dark)
	}
}

// Decide says whether f's terminal has a dark background, and how it
// knows. It asks the terminal only where termenv would (f is a terminal in
// the foreground, TERM is not screen, tmux or dumb, CI is unset), and only
// when the answer cannot come from COLORFGBG or could arrive late (SSH):
// a late answer would be read by Bubble Tea as keystrokes.
func Decide(f *os.File, getenv func(string) string) (dark bool, source string) {
	if !term.IsTerminal(f.Fd()) || getenv("CI") != "" {
		return true, Untouched
	}
	t := getenv("TERM")
	if strings.HasPrefix(t, "screen") || strings.HasPrefix(t, "tmux") || strings.HasPrefix(t, "dumb") {
		return true, Untouched // termenv does not ask these either
	}
	if dark, ok := DarkFromCOLORFGBG(getenv("COLORFGBG")); ok {
		return dark, FromEnv
	}
	if getenv("SSH_CONNECTION") != "" || getenv("SSH_TTY") != "" {
		return true, Remote
	}
	if !foreground(f) {
		return true, Untouched
	}
	return query(f, Timeout)
}

// DarkFromCOLORFGBG reads COLORFGBG ("15;0": white on black; some
// terminals put a middle field, "15;default;0"): ok is false when it says
// nothing usable. Background 7 (white) and 9-15 (the bright colours) are
// light.
func DarkFromCOLORFGBG(v string) (dark, ok bool) {
	if !strings.Contains(v, ";") {
		return false, false
	}
	bg, err := strconv.Atoi(v[strings.LastIndexByte(v, ';')+1:])
	if err != nil || bg < 0 {
		return false, false
	}
	return bg != 7 && bg < 9, true
}

// DarkFromReply reads the answer to OSC 11, "\x1b]11;rgb:RRRR/GGGG/BBBB"
// ended by BEL or ST, with 1 to 4 hex digits per channel: dark when the
// HSL lightness is under one half, as termenv judges it.
func DarkFromReply(reply string) (dark, ok bool) {
	_, rgb, found := strings.Cut(reply, "]11;rgb:")
	if !found {
		return false, false
	}
	rgb = strings.TrimRight(rgb, "\a\x1b\\")
	parts := strings.Split(rgb, "/")
	if len(parts) != 3 {
		return false, false
	}
	var c [3]float64
	for i, p := range parts {
		if len(p) < 1 || len(p) > 4 {
			return false, false
		}
		n, err := strconv.ParseUint(p, 16, 16)
		if err != nil {
			return false, false
		}
		c[i] = float64(n) / float64(uint64(1)<<(4*len(p))-1)
	}
	lightness := (max(c[0], c[1], c[2]) + min(c[0], c[1], c[2])) / 2
	return lightness < 0.5, true
}
