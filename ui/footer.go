package ui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/wasender-tui/wasender-tui/ui/keys"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// footerView is the command line while typing, else the keys line.
func (m *Model) footerView() string {
	if m.typing {
		return m.cmdline.View()
	}
	return m.footer.line
}

// footer is the keys line as last drawn, and what it was drawn from.
type footer struct {
	from string // the entries' plain text and the width
	line string
}

// keysLine remakes the keys line after a message: the keys of the view in
// front, from the same table that dispatches them. It always ends with
// how to get help and how to quit; on a narrow terminal the middle gives
// way. It is styled again only when what it says changes.
func (m *Model) keysLine() {
	v := m.front()
	offers := m.offers(v)
	body, tail := make([]*keys.Action, 0, len(offers)), make([]*keys.Action, 0, 2)
	for _, o := range offers {
		switch {
		case o.Nav():
		case o.own:
			body = append(body, o.Action)
		case o.Label() == helpKey.Label() || o.Label() == quitKey.Label():
			tail = append(tail, o.Action)
		}
	}
	if view.FocusOf(v) == view.Text {
		tail = append(tail, &ctrlCQuit)
	}
	var from strings.Builder
	from.WriteString(strconv.Itoa(m.width))
	for _, list := range [][]*keys.Action{body, tail} {
		for _, a := range list {
			from.WriteString("\x00" + a.Label() + "\x00" + a.Desc())
		}
		from.WriteString("\x01")
	}
	if from.String() != m.footer.from {
		m.footer = footer{from: from.String(), line: m.shortHelp(body, tail)}
	}
}

// ctrlCQuit is how to quit while typing: q would be typed.
var ctrlCQuit = keys.New("quit", "ctrl+c")

// shortHelp joins entries on one line of the terminal's width: all of
// tail, and as much of body from its start as fits, "…" marking the cut.
// Widths are measured on the plain text, and only what is shown is styled.
func (m *Model) shortHelp(body, tail []*keys.Action) string {
	const sepW = 3 // " • "
	width := func(a *keys.Action) int { return ansi.StringWidth(a.Label()) + 1 + ansi.StringWidth(a.Desc()) }
	tailW := 0
	for _, a := range tail {
		tailW += width(a) + sepW
	}
	room := m.width - tailW + sepW // for body: each entry with its separator, the last entry needs none
	k, used := 0, 0
	for ; k < len(body); k++ {
		w := width(body[k]) + sepW
		if used+w > room {
			break
		}
		used += w
	}
	if k < len(body) { // cut: make room for "…" and its separator
		for k > 0 && used+1+sepW > room {
			k--
			used -= width(body[k]) + sepW
		}
	}
	st := m.ctx.Styles
	parts := make([]string, 0, k+1+len(tail))
	for _, a := range body[:k] {
		parts = append(parts, st.HelpKey.Render(a.Label())+" "+st.HelpDesc.Render(a.Desc()))
	}
	if k < len(body) {
		parts = append(parts, st.HelpSep.Render("…"))
	}
	for _, a := range tail {
		parts = append(parts, st.HelpKey.Render(a.Label())+" "+st.HelpDesc.Render(a.Desc()))
	}
	return ansi.Truncate(strings.Join(parts, st.HelpSep.Render(" • ")), m.width, "")
}
