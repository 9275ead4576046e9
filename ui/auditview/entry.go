package auditview

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/wasender-tui/wasender-tui/api/audit"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/table"
	"github.com/wasender-tui/wasender-tui/ui/keys"
)

// entryView is one entry in full: every field, long ones wrapped.
type entryView struct {
	m       *Model
	e       audit.Entry
	lines   []string
	scroll  keys.Scroll
	actions []keys.Action
	width   int
	height  int
}

func (m *Model) openEntry() tea.Cmd {
	v := &entryView{m: m, e: m.entries[m.shown[m.table.Cursor()]]}
	v.actions = append([]keys.Action{keys.Back.Doing(func() { m.stack.Close(v) })}, keys.Navigation(&v.scroll)...)
	m.stack.Push(v)
	return nil
}

func (v *entryView) Actions() []keys.Action { return v.actions }
func (v *entryView) Update(tea.Msg) tea.Cmd { return nil }

func (v *entryView) SetSize(w, h int) {
	v.width, v.height = w, h
	st := v.m.ctx.Styles
	const labelW = 9
	valueW := max(w-labelW-3, 10)
	v.lines = []string{st.Title.Render("Audit entry"), ""}
	for _, f := range [][2]string{
		{"time", v.e.Time.UTC().Format("2006-01-02 15:04:05.000 UTC")},
		{"who", v.e.Actor},
		{"profile", v.e.Profile},
		{"action", v.e.Action},
		{"target", v.e.Target},
		{"result", v.e.Result},
	} {
		value := common.Clean(f[1])
		if value == "" {
			value = "-"
		}
		wrapped := strings.Split(ansi.Wrap(value, valueW, ""), "\n")
		for i, part := range wrapped {
			label := ""
			if i == 0 {
				label = f[0]
			}
			if f[0] == "result" {
				part = resultStyle(v.m.ctx, v.e.Result).Render(part)
			}
			v.lines = append(v.lines, "  "+st.Label.Render(table.Fit(label, labelW))+" "+part)
		}
	}
	v.scroll.Resize(len(v.lines), h)
}

func (v *entryView) View() string {
	end := min(v.scroll.Offset+v.height, len(v.lines))
	return common.FitHeight(strings.Join(v.lines[v.scroll.Offset:end], "\n"), v.height)
}
