package qrtext_test

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"testing"

	. "github.com/wasender-tui/wasender-tui/ui/qrtext"
	"github.com/wasender-tui/wasender-tui/ui/qrtext/qrtexttest"
)

// pairingString builds a WhatsApp-like pairing string of exactly n bytes:
// "2@" + ref + "," + three base64 keys.
func pairingString(r *rand.Rand, n int) string {
	key := func() string {
		b := make([]byte, 32)
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		return base64.StdEncoding.EncodeToString(b)
	}
	keys := "," + key() + "," + key() + "," + key()
	refLen := n - 2 - len(keys)
	raw := make([]byte, refLen)
	for i := range raw {
		raw[i] = byte(r.IntN(256))
	}
	ref := base64.StdEncoding.EncodeToString(raw)[:refLen]
	return "2@" + ref + keys
}

func parse(t *testing.T, lines []string, o Options) [][]bool {
	t.Helper()
	g, err := qrtexttest.Grid(lines, o)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func decode(t *testing.T, grid [][]bool, inverted bool) (string, error) {
	return qrtexttest.Decode(grid, inverted)
}

func TestDrawnCodeDecodesToThePairingString(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	colorModes := []struct {
		name   string
		colors Colors
		dark   bool
	}{{"truecolor", TrueColor, false}, {"256", ANSI256, false}, {"16", ANSI16, false}, {"nocolor-dark", NoColor, true}, {"nocolor-light", NoColor, false}}
	sizes := []int{150, 200, 240, 270, 300}
	if testing.Short() {
		sizes = []int{150, 300} // the smallest and the largest code
	}
	for _, n := range sizes {
		content := pairingString(r, n)
		if len(content) != n {
			t.Fatalf("pairing string is %d bytes, want %d", len(content), n)
		}
		code, err := Encode(content)
		if err != nil {
			t.Fatal(err)
		}
		for _, mode := range []Mode{HalfBlocks, FullBlocks} {
			for _, cm := range colorModes {
				for _, invert := range []bool{false, true} {
					for _, quiet := range []int{2, 4} {
						name := fmt.Sprintf("%dB/%s/%s/invert=%v/q%d", n, mode, cm.name, invert, quiet)
						o := Options{Mode: mode, Quiet: quiet, Invert: invert, Colors: cm.colors, DarkBackground: cm.dark}
						lines := code.Render(o)
						cols, rows := code.Cells(mode, quiet)
						if len(lines) != rows {
							t.Fatalf("%s: %d lines, want %d", name, len(lines), rows)
						}
						grid := parse(t, lines, o)
						if len(grid[0]) != cols/map[Mode]int{HalfBlocks: 1, FullBlocks: 2}[mode] {
							t.Fatalf("%s: %d modules wide", name, len(grid[0]))
						}
						// The camera sees light on dark only when inverted.
						got, err := decode(t, grid, invert)
						if err != nil {
							t.Fatalf("%s: decode: %v", name, err)
						}
						if got != content {
							t.Fatalf("%s: decoded %q", name, got)
						}
					}
				}
			}
		}
	}
}

// Without the inversion a light-on-dark code must not decode: the toggle
// really changes what the camera sees.
func TestInvertedCodeIsLightOnDark(t *testing.T) {
	content := pairingString(rand.New(rand.NewPCG(3, 4)), 240)
	code, _ := Encode(content)
	o := Options{Mode: HalfBlocks, Quiet: 4, Invert: true, Colors: TrueColor}
	if _, err := decode(t, parse(t, code.Render(o), o), false); err == nil {
		t.Fatal("an inverted code decoded as if dark on light")
	}
}

func TestSizesOfAPairingString(t *testing.T) {
	code, _ := Encode(pairingString(rand.New(rand.NewPCG(5, 6)), 240))
	if code.Version != 10 || code.Size() != 57 {
		t.Fatalf("240 bytes: version %d, %d modules; want 10, 57", code.Version, code.Size())
	}
	cases := []struct {
		mode       Mode
		quiet      int
		cols, rows int
	}{
		{HalfBlocks, 2, 61, 31}, {HalfBlocks, 3, 63, 32}, {HalfBlocks, 4, 65, 33},
		{FullBlocks, 2, 122, 61}, {FullBlocks, 4, 130, 65},
	}
	for _, c := range cases {
		cols, rows := code.Cells(c.mode, c.quiet)
		if cols != c.cols || rows != c.rows {
			t.Errorf("%s quiet %d: %dx%d, want %dx%d", c.mode, c.quiet, cols, rows, c.cols, c.rows)
		}
	}
}

func TestFitPrefersTheWidestQuietZone(t *testing.T) {
	code, _ := Encode(pairingString(rand.New(rand.NewPCG(7, 8)), 240))
	cases := []struct {
		cols, rows int
		ok         bool
		quiet      int
	}{
		{80, 24, false, 2}, {65, 33, true, 4}, {64, 33, true, 3}, {61, 31, true, 2}, {60, 31, false, 2}, {250, 70, true, 4},
	}
	for _, c := range cases {
		l, ok := code.Fit(HalfBlocks, c.cols, c.rows)
		if ok != c.ok || l.Quiet != c.quiet {
			t.Errorf("%dx%d: ok=%v quiet=%d, want %v %d", c.cols, c.rows, ok, l.Quiet, c.ok, c.quiet)
		}
	}
}

func BenchmarkRender240(b *testing.B) {
	code, _ := Encode(pairingString(rand.New(rand.NewPCG(9, 9)), 240))
	b.ReportAllocs()
	for range b.N {
		code.Render(Options{Mode: HalfBlocks, Quiet: 4, Colors: TrueColor})
	}
}

func BenchmarkEncode240(b *testing.B) {
	s := pairingString(rand.New(rand.NewPCG(9, 9)), 240)
	b.ReportAllocs()
	for range b.N {
		Encode(s)
	}
}
