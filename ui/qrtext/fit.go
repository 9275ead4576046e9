package qrtext

// Layout is a choice of how to draw a code in a given space.
type Layout struct {
	Mode  Mode
	Quiet int
	Cols  int
	Rows  int
}

// MinQuiet is the smallest quiet zone drawn; PreferredQuiet is used where it fits.
const (
	MinQuiet       = 2
	PreferredQuiet = 4
)

// Fit picks the largest quiet zone from PreferredQuiet down to MinQuiet
// with which the code in mode fits cols x rows. ok is false when even the
// smallest does not fit; the layout then holds the size needed.
func (c *Code) Fit(mode Mode, cols, rows int) (l Layout, ok bool) {
	for q := PreferredQuiet; q >= MinQuiet; q-- {
		w, h := c.Cells(mode, q)
		if w <= cols && h <= rows {
			return Layout{mode, q, w, h}, true
		}
	}
	w, h := c.Cells(mode, MinQuiet)
	return Layout{mode, MinQuiet, w, h}, false
}
