package ui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/keys"
	"github.com/wasender-tui/wasender-tui/ui/styles"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// errorKey shows in full the last error the header cuts to fit.
var errorKey = keys.New("last error in full", "!")

// hasError reports whether the pane in front has an error to show.
func (m *Model) hasError() bool { return m.panes[m.active].Status().Err != nil }

// openError shows the pane's last error, wrapped, over the pane.
func (m *Model) openError() {
	p := m.panes[m.active]
	v := &errorView{st: m.ctx.Styles, title: "Last error — " + title(p.Name()), text: common.Clean(common.ErrorText(p.Status().Err))}
	stack := m.stacks[m.active]
	v.actions = append([]keys.Action{keys.New("close", "esc", "!", "enter").Doing(func() { stack.Close(v) })}, keys.Navigation(&v.scroll)...)
	stack.Push(v)
}

// errorView is an error in full: the API's words, wrapped to the pane.
type errorView struct {
	st      *styles.Styles
	title   string
	text    string
	lines   []string
	scroll  keys.Scroll
	actions []keys.Action
	width   int
	height  int
}

func (v *errorView) Focus() view.Focus      { return view.Dialog }
func (v *errorView) Update(tea.Msg) tea.Cmd { return nil }
func (v *errorView) Actions() []keys.Action { return v.actions }

func (v *errorView) SetSize(w, h int) {
	v.width, v.height = w, h
	v.lines = append([]string{v.st.Title.Render(v.title) + v.st.Dim.Render("   esc closes"), ""},
		strings.Split(v.st.Error.Render(ansi.Wrap(v.text, max(w-2, 10), "")), "\n")...)
	v.scroll.Resize(len(v.lines), h)
}

func (v *errorView) View() string {
	end := min(v.scroll.Offset+v.height, len(v.lines))
	return common.FitHeight(strings.Join(v.lines[v.scroll.Offset:end], "\n"), v.height)
}
