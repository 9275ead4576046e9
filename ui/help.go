package ui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/mattn/go-runewidth"
	"github.com/wasender-tui/wasender-tui/ui/keys"
	"github.com/wasender-tui/wasender-tui/ui/styles"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// helpSection is one column of the help screen.
type helpSection struct {
	title   string
	entries [][2]string // key label, what it does
}

// openHelp opens the help screen of the view in front: exactly the keys
// that work there, as dispatch will resolve them.
func (m *Model) openHelp() {
	v := m.front()
	var own, nav, console helpSection
	own.title, nav.title, console.title = title(m.panes[m.active].Name()), "Navigation", "Console"
	for _, o := range m.offers(v) {
		entry := [2]string{o.Label(), o.Desc()}
		switch {
		case o.Nav():
			nav.entries = append(nav.entries, entry)
		case o.own:
			own.entries = append(own.entries, entry)
		default:
			console.entries = append(console.entries, entry)
		}
	}
	console.entries = append(console.entries, [2]string{"ctrl+c", "quit, even while typing"})
	var sections []helpSection
	for _, s := range []helpSection{own, nav, console} {
		if len(s.entries) > 0 {
			sections = append(sections, s)
		}
	}
	if view.FocusOf(v) == view.Normal {
		sections = append(sections, m.commandsSection())
	}
	h := &helpView{st: m.ctx.Styles, title: title(m.panes[m.active].Name()) + " — keys", sections: sections}
	stack := m.stacks[m.active]
	h.close = func() { stack.Close(h) }
	stack.Push(h)
}

// commandsSection lists the command line's commands.
func (m *Model) commandsSection() helpSection {
	s := helpSection{title: "Commands (:)"}
	for _, p := range m.panes {
		entry := [2]string{":" + p.Name(), "show the " + title(p.Name()) + " pane"}
		if c, ok := p.(view.Commander); ok {
			args, desc := c.CommandHelp()
			entry = [2]string{":" + p.Name() + " " + args, desc}
		}
		s.entries = append(s.entries, entry)
	}
	if m.switcher != nil {
		s.entries = append(s.entries, [2]string{":profile NAME", "switch profile"})
		if len(m.ctx.Profiles) > 0 {
			s.title += "  profiles: " + strings.Join(m.ctx.Profiles, ", ")
		}
	}
	return helpSection{title: s.title, entries: append(s.entries, [2]string{":help", "this screen"}, [2]string{":q", "quit"})}
}

// helpGap is the room between two sections side by side.
const helpGap = 4

// helpView is the help screen: its sections side by side as they fit,
// scrolled with the navigation keys when they do not.
type helpView struct {
	st       *styles.Styles
	title    string
	sections []helpSection
	close    func()
	lines    []string
	scroll   keys.Scroll
	width    int
	height   int
}

func (h *helpView) Focus() view.Focus { return view.Dialog }

func (h *helpView) Update(tea.Msg) tea.Cmd { return nil }

func (h *helpView) Actions() []keys.Action {
	return append([]keys.Action{keys.New("close help", "esc", "?").Doing(h.close)}, keys.Navigation(&h.scroll)...)
}

// SetSize lays the sections out for w x hh.
func (h *helpView) SetSize(w, hh int) {
	h.width, h.height = w, hh
	st := h.st
	blocks := make([][]string, len(h.sections))
	widths := make([]int, len(h.sections))
	for i, s := range h.sections {
		keyW := 0
		for _, e := range s.entries {
			keyW = max(keyW, runewidth.StringWidth(e[0]))
		}
		lines := []string{st.Bold.Render(s.title)}
		for _, e := range s.entries {
			lines = append(lines, st.HelpKey.Render(e[0]+strings.Repeat(" ", keyW-runewidth.StringWidth(e[0])))+"  "+st.HelpDesc.Render(e[1]))
		}
		blocks[i] = lines
		for _, l := range lines {
			widths[i] = max(widths[i], ansi.StringWidth(l))
		}
	}
	body := []string{st.Title.Render(h.title) + st.Dim.Render("   esc or ? closes"), ""}
	// Flow the sections left to right, as many to a row as fit.
	for start := 0; start < len(blocks); {
		end, used := start, 0
		for end < len(blocks) && (end == start || used+widths[end] <= w) {
			used += widths[end] + helpGap
			end++
		}
		if start > 0 {
			body = append(body, "")
		}
		rows := 0
		for _, b := range blocks[start:end] {
			rows = max(rows, len(b))
		}
		for r := range rows {
			var line strings.Builder
			for i := start; i < end; i++ {
				cell := ""
				if r < len(blocks[i]) {
					cell = blocks[i][r]
				}
				line.WriteString(cell + strings.Repeat(" ", max(widths[i]+helpGap-ansi.StringWidth(cell), 0)))
			}
			body = append(body, strings.TrimRight(line.String(), " "))
		}
		start = end
	}
	h.lines = body
	h.scroll.Resize(len(body), hh)
}

// View shows the lines scrolled into view; while some are below, the last
// row says so.
func (h *helpView) View() string {
	end := min(h.scroll.Offset+h.height, len(h.lines))
	out := make([]string, 0, h.height)
	for _, l := range h.lines[h.scroll.Offset:end] {
		out = append(out, ansi.Truncate(l, h.width, "…"))
	}
	if end < len(h.lines) && len(out) > 1 {
		out[len(out)-1] = ansi.Truncate(h.st.Dim.Render("↓ more (↓/j, pgdn)"), h.width, "…")
	}
	for len(out) < h.height {
		out = append(out, "")
	}
	return strings.Join(out, "\n")
}
