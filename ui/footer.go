package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/wasender-tui/wasender-tui/ui/keys"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// footerView is the command line while typing, else the keys of the view
// in front, built from the same table that dispatches them. It always ends
// with how to get help and how to quit; on a narrow terminal the middle
// gives way.
func (m *Model) footerView() string {
	if m.typing {
		return m.cmdline.View()
	}
	v := m.front()
	var body, tail []keys.Action
	for _, o := range m.offers(v) {
		switch {
		case o.Nav():
		case o.own:
			body = append(body, o.Action)
		case o.Label() == helpKey.Label() || o.Label() == quitKey.Label():
			tail = append(tail, o.Action)
		}
	}
	if view.FocusOf(v) == view.Text {
		tail = append(tail, ctrlCQuit)
	}
	return m.shortHelp(body, tail)
}

// ctrlCQuit is how to quit while typing: q would be typed.
var ctrlCQuit = keys.New("quit", "ctrl+c")

// shortHelp joins entries on one line of the terminal's width: all of
// tail, and as much of body from its start as fits, "…" marking the cut.
func (m *Model) shortHelp(body, tail []keys.Action) string {
	st := m.ctx.Styles
	sep := st.HelpSep.Render(" • ")
	item := func(a keys.Action) string { return st.HelpKey.Render(a.Label()) + " " + st.HelpDesc.Render(a.Desc()) }
	var items, ending []string
	for _, a := range body {
		items = append(items, item(a))
	}
	for _, a := range tail {
		ending = append(ending, item(a))
	}
	line := strings.Join(append(items, ending...), sep)
	if ansi.StringWidth(line) <= m.width {
		return line
	}
	cut := st.HelpSep.Render("…")
	for k := len(items) - 1; k >= 0; k-- {
		line = strings.Join(append(append(items[:k:k], cut), ending...), sep)
		if ansi.StringWidth(line) <= m.width {
			return line
		}
	}
	return ansi.Truncate(line, m.width, "")
}
