// Package qrtext draws QR codes with block characters for a terminal.
//
// Half blocks put two module rows in one text row (a cell is about twice as
// tall as wide, so modules come out square); full blocks use two columns per
// module for fonts that leave gaps between half blocks. Codes are painted
// with explicit foreground and background colours, so they scan on dark and
// light themes alike; without colours the glyphs are chosen from the
// terminal's background.
package qrtext

import (
	"fmt"
	"strings"

	qrcode "github.com/skip2/go-qrcode"
)

// Level is the error correction used: Low keeps a ~240-byte WhatsApp
// pairing string at version 10 (57 modules), the smallest that fits.
const Level = qrcode.Low

// Code is an encoded QR symbol without its quiet zone.
type Code struct {
	Version int
	Modules [][]bool // [y][x], true = dark
}

// Encode encodes content.
func Encode(content string) (*Code, error) {
	q, err := qrcode.New(content, Level)
	if err != nil {
		return nil, fmt.Errorf("encoding the QR code: %w", err)
	}
	q.DisableBorder = true
	return &Code{Version: q.VersionNumber, Modules: q.Bitmap()}, nil
}

// Size is the number of modules on a side, quiet zone excluded.
func (c *Code) Size() int { return len(c.Modules) }

// Mode is how modules map to character cells.
type Mode int

const (
	HalfBlocks Mode = iota // 1 column x 1/2 row per module
	FullBlocks             // 2 columns x 1 row per module
)

func (m Mode) String() string {
	if m == FullBlocks {
		return "full blocks"
	}
	return "half blocks"
}

// Colors says how to paint.
type Colors int

const (
	TrueColor Colors = iota // 24-bit black on white
	ANSI256                 // palette 16 (black) on 231 (white): the colour cube is rarely themed
	ANSI16                  // 30 on 107; themes may tint these
	NoColor                 // glyphs only, chosen from the background (NO_COLOR)
)

// Options control drawing.
type Options struct {
	Mode   Mode
	Quiet  int  // modules of light margin on each side; scanners want at least 2
	Invert bool // light modules on dark (the polarity toggle)
	Colors Colors
	// DarkBackground matters only with NoColor: glyphs are drawn in the
	// terminal's foreground, so on a dark background the light modules are
	// the ones drawn.
	DarkBackground bool
}

// Cells is the size of the drawn code in columns and rows.
func (c *Code) Cells(mode Mode, quiet int) (cols, rows int) {
	n := c.Size() + 2*quiet
	if mode == FullBlocks {
		return 2 * n, n
	}
	return n, (n + 1) / 2
}

// dark reports whether the module at (x, y) of the quiet-zoned grid is dark.
func (c *Code) dark(x, y, quiet int) bool {
	x, y = x-quiet, y-quiet
	if y < 0 || x < 0 || y >= len(c.Modules) || x >= len(c.Modules[y]) {
		return false
	}
	return c.Modules[y][x]
}

// Render draws the code as lines of text with escape sequences.
func (c *Code) Render(o Options) []string {
	n := c.Size() + 2*o.Quiet
	// ink reports whether a module is drawn as a glyph (foreground).
	ink := func(x, y int) bool {
		d := c.dark(x, y, o.Quiet) != o.Invert
		if o.Colors == NoColor && o.DarkBackground {
			return !d
		}
		return d
	}
	on, off := colours(o)
	var lines []string
	var b strings.Builder
	switch o.Mode {
	case FullBlocks:
		for y := 0; y < n; y++ {
			b.Reset()
			if o.Colors == NoColor {
				for x := 0; x < n; x++ {
					if ink(x, y) {
						b.WriteString("██")
					} else {
						b.WriteString("  ")
					}
				}
			} else {
				// Coloured spaces: solid cells with no glyph, so no gaps.
				cur := -1
				for x := 0; x < n; x++ {
					v := 0
					if ink(x, y) {
						v = 1
					}
					if v != cur {
						if v == 1 {
							b.WriteString(on)
						} else {
							b.WriteString(off)
						}
						cur = v
					}
					b.WriteString("  ")
				}
				b.WriteString(reset)
			}
			lines = append(lines, b.String())
		}
	default:
		for y := 0; y < n; y += 2 {
			b.Reset()
			if o.Colors != NoColor {
				b.WriteString(paint(o))
			}
			for x := 0; x < n; x++ {
				// With an odd height the last row's lower half lies outside
				// the grid, where dark() answers light, like the quiet zone.
				b.WriteString(halfBlock(ink(x, y), ink(x, y+1)))
			}
			if o.Colors != NoColor {
				b.WriteString(reset)
			}
			lines = append(lines, b.String())
		}
	}
	return lines
}

const reset = "\x1b[0m"

// halfBlock picks the glyph for a cell whose upper and lower modules are
// top and bottom (true = drawn in the foreground).
func halfBlock(top, bottom bool) string {
	switch {
	case top && bottom:
		return "█"
	case top:
		return "▀"
	case bottom:
		return "▄"
	}
	return " "
}

// paint is the SGR that sets the ink (foreground) and paper (background)
// colours for half blocks: ink is the dark colour unless inverted.
func paint(o Options) string {
	dark, light := palette(o.Colors)
	return "\x1b[" + dark.fg + ";" + light.bg + "m"
}

// colours returns the SGR for an inked cell and a paper cell of full blocks.
func colours(o Options) (on, off string) {
	if o.Colors == NoColor {
		return "", ""
	}
	dark, light := palette(o.Colors)
	return "\x1b[" + dark.bg + "m", "\x1b[" + light.bg + "m"
}

type sgr struct{ fg, bg string }

func palette(c Colors) (dark, light sgr) {
	switch c {
	case ANSI256:
		return sgr{"38;5;16", "48;5;16"}, sgr{"38;5;231", "48;5;231"}
	case ANSI16:
		return sgr{"30", "40"}, sgr{"97", "107"}
	}
	return sgr{"38;2;0;0;0", "48;2;0;0;0"}, sgr{"38;2;255;255;255", "48;2;255;255;255"}
}
