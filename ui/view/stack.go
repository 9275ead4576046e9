package view

import "slices"

// Stack is the views opened over one pane, newest on top: enter pushes a
// view, esc pops it, and the pane lies below them all (it is never on the
// stack). Each pane has its own, so switching panes keeps what was open.
type Stack struct {
	views                     []View
	width, height, fullHeight int
}

// Push opens v on top, sized to the pane (or the terminal, for a
// full-screen view).
func (s *Stack) Push(v View) {
	s.views = append(s.views, v)
	s.size(v)
}

// Pop closes the top view.
func (s *Stack) Pop() {
	if n := len(s.views); n > 0 {
		s.Close(s.views[n-1])
	}
}

// Close closes v and every view above it; a view not on the stack is left
// alone.
func (s *Stack) Close(v View) {
	i := slices.Index(s.views, v)
	if i < 0 {
		return
	}
	for j := len(s.views) - 1; j >= i; j-- {
		if c, ok := s.views[j].(Closer); ok {
			c.Close()
		}
	}
	s.views = s.views[:i]
}

// Clear closes every view.
func (s *Stack) Clear() {
	if len(s.views) > 0 {
		s.Close(s.views[0])
	}
}

// Top is the view in front, or nil when only the pane is shown.
func (s *Stack) Top() View {
	if len(s.views) == 0 {
		return nil
	}
	return s.views[len(s.views)-1]
}

// Contains reports whether v is open.
func (s *Stack) Contains(v View) bool { return slices.Contains(s.views, v) }

// Views are the open views, bottom first: a copy, so a view may push or
// pop while the caller walks it.
func (s *Stack) Views() []View { return slices.Clone(s.views) }

// Resize gives the views the pane's size, or the terminal's height to a
// full-screen view.
func (s *Stack) Resize(w, h, fullHeight int) {
	s.width, s.height, s.fullHeight = w, h, fullHeight
	for _, v := range s.views {
		s.size(v)
	}
}

func (s *Stack) size(v View) {
	if IsFullscreen(v) {
		v.SetSize(s.width, s.fullHeight)
		return
	}
	v.SetSize(s.width, s.height)
}
