package keys

// Cursor is what the navigation keys move: a table's selection, a detail
// view's scroll, the log's cursor, the help screen.
type Cursor interface {
	Move(rows int)
	Page() int // rows a page key moves
	Home()
	End()
}

// The navigation keymap, one for every view that moves through rows.
var (
	Up       = New("up", "up", "k")
	Down     = New("down", "down", "j")
	PageUp   = New("page up", "pgup", "ctrl+u")
	PageDown = New("page down", "pgdown", "ctrl+d")
	Top      = New("top", "g", "home")
	Bottom   = New("bottom", "G", "end")
)

// Navigation is the navigation keymap bound to c.
func Navigation(c Cursor) []Action {
	return []Action{
		NavOf(Up, func() { c.Move(-1) }),
		NavOf(Down, func() { c.Move(1) }),
		NavOf(PageUp, func() { c.Move(-c.Page()) }),
		NavOf(PageDown, func() { c.Move(c.Page()) }),
		NavOf(Top, c.Home),
		NavOf(Bottom, c.End),
	}
}

// Arrows are the navigation keys that type nothing, bound to c: the ones a
// view with a text field in focus can take (j and k would be typed).
func Arrows(c Cursor) []Action {
	return []Action{
		NavOf(New("up", "up"), func() { c.Move(-1) }),
		NavOf(New("down", "down"), func() { c.Move(1) }),
		NavOf(New("page up", "pgup"), func() { c.Move(-c.Page()) }),
		NavOf(New("page down", "pgdown"), func() { c.Move(c.Page()) }),
	}
}

// NavOf marks a as a navigation action doing fn (help lists it with the
// navigation keys, the footer leaves it out).
func NavOf(a Action, fn func()) Action {
	a = a.Doing(fn)
	a.nav = true
	return a
}

// Scroll is a Cursor over an offset into n rows of which h are shown: the
// scroll of a detail view.
type Scroll struct {
	Offset int
	N, H   int
}

// Move scrolls by rows, within bounds.
func (s *Scroll) Move(rows int) { s.Offset = max(0, min(s.Offset+rows, s.N-s.H)) }

// Page is the rows shown, less one for context.
func (s *Scroll) Page() int { return max(s.H-1, 1) }

// Home scrolls to the top.
func (s *Scroll) Home() { s.Offset = 0 }

// End scrolls to the bottom.
func (s *Scroll) End() { s.Offset = max(s.N-s.H, 0) }

// Resize sets the rows and the rows shown, keeping the offset in bounds.
func (s *Scroll) Resize(n, h int) {
	s.N, s.H = n, h
	s.Move(0)
}
