package pagedlist

import (
	"github.com/wasender-tui/wasender-tui/ui/common"
)

// View renders the pane in exactly its height: a title, the table, a
// status line.
func (l *List[T]) View() string {
	if l.width <= 0 || l.height <= 0 {
		return ""
	}
	st := l.ctx.Styles
	hint := st.Dim.Render("  " + l.pick.Label() + " " + l.pick.Desc())
	switch {
	case l.session == "" && l.scope.Err != nil:
		return common.FitHeight(st.Error.Render("✗ "+common.ErrorText(l.scope.Err)), l.height)
	case l.session == "" && l.height > 1 && (l.finder.Typing || l.finder.Query() != ""):
		// A filter typed ahead: shown, to apply once the items arrive.
		line := st.Dim.Render("filter ") + st.Bold.Render(l.finder.Query()) + st.Dim.Render(" applies once the "+l.cfg.Name+" arrive")
		if l.finder.Typing {
			line = l.finder.View()
		}
		return common.FitHeight(st.Dim.Render("no session to show "+l.cfg.Name+" of yet")+hint, l.height-1) + "\n" + line
	case l.session == "":
		return common.FitHeight(st.Dim.Render("no session to show "+l.cfg.Name+" of yet")+hint, l.height)
	}
	title := st.Title.Render(l.cfg.Title) + st.Dim.Render(" of ") + st.Bold.Render(l.ctx.Sessions.Name(l.session)) + hint
	return title + "\n" + l.table.View() + "\n" + l.statusLine()
}

func (l *List[T]) statusLine() string {
	st := l.ctx.Styles
	count := l.finder.Count(l.rowCount())
	if _, _, done, err := l.loader.Progress(); l.rowCount() == 0 && !done && err == nil {
		count = "matching as they load" // not "0 matches" before the first page
	}
	if l.finder.Typing {
		return l.finder.View() + st.Dim.Render("  "+count)
	}
	line := l.loader.Status(st, l.cfg.One, l.cfg.Name)
	if q := l.finder.Query(); q != "" {
		line += st.Dim.Render(" · ") + "filter " + st.Bold.Render(q) + st.Dim.Render(" "+count+", esc clears")
	}
	return line
}
