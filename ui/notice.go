package ui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// noticeTTL is how long a status-line notice stays up when nothing else
// happens: a timer of its own ends it (noticeDoneMsg). A later notice
// replaces it, and it goes sooner when what it described is over: the view
// in front changes (another pane, a view opened or closed, another focus),
// a command runs, an action is done or a paste is taken. Moving the cursor
// keeps it, so an error stays to be read. An error stays longer, and one
// that names a saved file longer still: a path takes a while to read.
const (
	noticeTTL      = 4 * time.Second
	errorNoticeTTL = 8 * time.Second
	pathNoticeTTL  = 10 * time.Second
)

// noticeDoneMsg ends the notice of that number, if it is still up.
type noticeDoneMsg uint64

// setNotice shows n and starts its timer.
func (m *Model) setNotice(n common.NoticeMsg) tea.Cmd {
	m.notice = n
	m.noticeSeq++
	seq := noticeDoneMsg(m.noticeSeq)
	return m.ctx.After(noticeLife(n), func(time.Time) tea.Msg { return seq })
}

func noticeLife(n common.NoticeMsg) time.Duration {
	switch {
	case n.Path != "":
		return pathNoticeTTL
	case n.Level == common.LevelError:
		return errorNoticeTTL
	}
	return noticeTTL
}

// clearNotice takes the notice down.
func (m *Model) clearNotice() { m.notice = common.NoticeMsg{} }

// scene is what the operator looks at: the pane, the view in front and its
// focus. A notice does not outlive a change of it.
type viewScene struct {
	active int
	front  view.View
	focus  view.Focus
}

// Help is read over the view it is about: opening or closing it is no
// change, so an error stays to be looked up.
func (m *Model) scene() viewScene {
	var v view.View = m.panes[m.active]
	for _, s := range m.stacks[m.active].Views() {
		if _, help := s.(*helpView); !help {
			v = s
		}
	}
	return viewScene{m.active, v, view.FocusOf(v)}
}
