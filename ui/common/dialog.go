package common

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/wasender-tui/wasender-tui/ui/styles"
)

// DialogBox draws lines in the dialog frame, centred in a w x h area, and
// never larger than it: a line too wide is cut with "…", and when the box
// is too tall the lines before the last keep (the input and the buttons)
// give way from their end, "…" marking the cut; the first line (the title)
// stays. When not even that fits, the box says the window is too small.
func DialogBox(st *styles.Styles, w, h int, lines []string, keep int) string {
	const frameW, frameH = 4, 2 // border and padding
	inner := w - frameW
	if inner < 8 || h < frameH+1 {
		return tooSmall(st, w, h)
	}
	fit := make([]string, 0, len(lines))
	for _, l := range strings.Split(strings.Join(lines, "\n"), "\n") {
		fit = append(fit, ansi.Truncate(l, inner, "…"))
	}
	room := h - frameH
	keep = min(keep, len(fit)-1)
	if len(fit) > room { // blank lines go first
		packed := fit[:0:0]
		for i, l := range fit {
			switch {
			case strings.TrimSpace(ansi.Strip(l)) != "":
				packed = append(packed, l)
			case i >= len(fit)-keep:
				keep--
			}
		}
		fit = packed
	}
	if len(fit) > room {
		if room < keep+1 {
			return tooSmall(st, w, h)
		}
		body := fit[:len(fit)-keep]
		if shown := room - keep; shown == 1 {
			body = body[:1] // the title alone
		} else if shown < len(body) {
			body = append(body[:shown-1:shown-1], st.Dim.Render("…"))
		}
		fit = append(body, fit[len(fit)-keep:]...)
	}
	return Center(st, w, h, st.Dialog.Render(strings.Join(fit, "\n")))
}

func tooSmall(st *styles.Styles, w, h int) string {
	return Center(st, w, h, ansi.Truncate("window too small for this dialog", max(w, 1), "…"))
}
