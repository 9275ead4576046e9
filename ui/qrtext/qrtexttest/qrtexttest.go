// Package qrtexttest reads QR codes drawn by qrtext back, for tests: text
// to a module grid, a grid to the decoded string (with gozxing).
package qrtexttest

import (
	"fmt"
	"image"
	"image/color"
	"regexp"
	"strings"

	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"
	"github.com/wasender-tui/wasender-tui/ui/qrtext"
)

var sgr = regexp.MustCompile(`\x1b\[([0-9;]*)m`)

// InkIsDark says whether the glyphs of a drawing look dark to a camera:
// they do unless drawn without colours on a dark theme (light text).
func InkIsDark(o qrtext.Options) bool { return !(o.Colors == qrtext.NoColor && o.DarkBackground) }

// Grid plays the terminal: it turns drawn lines into what a camera sees,
// [y][x] true = dark.
func Grid(lines []string, o qrtext.Options) ([][]bool, error) {
	var grid [][]bool
	for _, line := range lines {
		if o.Mode == qrtext.FullBlocks {
			row, err := fullRow(line, o)
			if err != nil {
				return nil, err
			}
			grid = append(grid, row)
			continue
		}
		var top, bottom []bool
		for _, r := range sgr.ReplaceAllString(line, "") {
			var t, b bool
			switch r {
			case '█':
				t, b = true, true
			case '▀':
				t = true
			case '▄':
				b = true
			case ' ':
			default:
				return nil, fmt.Errorf("unexpected glyph %q", r)
			}
			top = append(top, InkIsDark(o) == t)
			bottom = append(bottom, InkIsDark(o) == b)
		}
		grid = append(grid, top, bottom)
	}
	if len(grid) == 0 {
		return nil, fmt.Errorf("no code drawn")
	}
	return grid, nil
}

func fullRow(line string, o qrtext.Options) ([]bool, error) {
	var row []bool
	if o.Colors == qrtext.NoColor {
		r := []rune(line)
		for i := 0; i+1 < len(r); i += 2 {
			row = append(row, InkIsDark(o) == (string(r[i:i+2]) == "██"))
		}
		return row, nil
	}
	darkBG := map[qrtext.Colors]string{qrtext.TrueColor: "48;2;0;0;0", qrtext.ANSI256: "48;5;16", qrtext.ANSI16: "40"}[o.Colors]
	cur, rest := "", line
	for len(rest) > 0 {
		if loc := sgr.FindStringSubmatchIndex(rest); loc != nil && loc[0] == 0 {
			cur = rest[loc[2]:loc[3]]
			rest = rest[loc[1]:]
			continue
		}
		if !strings.HasPrefix(rest, "  ") {
			return nil, fmt.Errorf("unexpected text %q", rest)
		}
		row = append(row, cur == darkBG)
		rest = rest[2:]
	}
	return row, nil
}

// Decode renders a seen grid at 6 px per module and reads it. gozxing
// does not try inverted codes, so a light-on-dark code is inverted first.
func Decode(grid [][]bool, inverted bool) (string, error) {
	const px = 6
	h, w := len(grid), len(grid[0])
	img := image.NewGray(image.Rect(0, 0, w*px, h*px))
	for y := range h {
		for x := range w {
			c := color.Gray{255}
			if y < len(grid) && x < len(grid[y]) && grid[y][x] != inverted {
				c = color.Gray{0}
			}
			for dy := range px {
				for dx := range px {
					img.SetGray(x*px+dx, y*px+dy, c)
				}
			}
		}
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		return "", err
	}
	res, err := zxqr.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		return "", err
	}
	return res.GetText(), nil
}

// FindHalfBlockCode cuts a glyph-only half-block code drawn on a dark
// theme out of a whole screen: its quiet zone is a solid run of "█", so the
// code is the block of lines below the first such run, as wide as it.
func FindHalfBlockCode(screen string) ([]string, error) {
	lines := strings.Split(sgr.ReplaceAllString(screen, ""), "\n")
	for y, line := range lines {
		r := []rune(line)
		start := strings.Index(line, "████████")
		if start < 0 {
			continue
		}
		left := len([]rune(line[:start]))
		width := 0
		for left+width < len(r) && r[left+width] == '█' {
			width++
		}
		var out []string
		for _, l := range lines[y:] {
			lr := []rune(l)
			if len(lr) < left+width {
				break
			}
			seg := string(lr[left : left+width])
			if strings.Trim(seg, "█▀▄ ") != "" || strings.TrimSpace(seg) == "" {
				break
			}
			out = append(out, seg)
		}
		return out, nil
	}
	return nil, fmt.Errorf("no code on screen")
}
