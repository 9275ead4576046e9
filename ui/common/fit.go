package common

import (
	"path/filepath"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Part is one piece of a status line, styled; parts with a lower Keep
// give way first when the line is too narrow. Shorter are shorter forms
// of Text, shortest last ("filter a long te… (hl)"), taken before a part
// of the same Keep gives way.
type Part struct {
	Text    string
	Keep    int
	Shorter []string
}

// FitParts joins parts with sep, in their order, in at most width cells.
// While the line is too wide, among the parts that matter least one with
// a shorter form left takes it; when none has, the part that matters
// least (the last of equals) gives way: it is cut, ending in "…", when
// that leaves it minCut cells or more, else dropped, and a final "…" says
// a part was.
func FitParts(parts []Part, sep string, width int) string {
	parts = append([]Part(nil), parts...)
	dropped := false
	join := func(skip int) string {
		texts := make([]string, 0, len(parts)+1)
		for i, p := range parts {
			if p.Text != "" && i != skip {
				texts = append(texts, p.Text)
			}
		}
		if dropped || skip >= 0 {
			texts = append(texts, "…")
		}
		return strings.Join(texts, sep)
	}
	line := join(-1)
	for ansi.StringWidth(line) > width && len(parts) > 1 {
		least := len(parts) - 1
		for i := len(parts) - 1; i >= 0; i-- {
			if parts[i].Keep < parts[least].Keep {
				least = i
			}
		}
		if shorten(parts, parts[least].Keep) {
			line = join(-1)
			continue
		}
		without := join(least)
		if spare := width - ansi.StringWidth(without) - ansi.StringWidth(sep); spare >= minCut {
			parts[least].Text = ansi.Truncate(parts[least].Text, spare, "…")
			return ansi.Truncate(join(-1), width, "…")
		}
		parts = append(parts[:least], parts[least+1:]...)
		dropped = true
		line = join(-1)
	}
	return ansi.Truncate(line, width, "…")
}

// shorten gives the first part of keep that has a shorter form left its
// next one, and reports whether one had.
func shorten(parts []Part, keep int) bool {
	for i := range parts {
		if p := &parts[i]; p.Keep == keep && len(p.Shorter) > 0 {
			p.Text, p.Shorter = p.Shorter[0], p.Shorter[1:]
			return true
		}
	}
	return false
}

// minCut is the fewest cells of a part worth showing cut rather than
// dropping it.
const minCut = 12

// ShortPath is path in at most width cells: the file name stays whole and
// the directory gives way in its middle ("/home/ann/…/logs/x.log"); only a
// name wider than width alone is cut, at its end.
func ShortPath(path string, width int) string {
	if ansi.StringWidth(path) <= width {
		return path
	}
	dir, name := filepath.Split(path)
	room := width - ansi.StringWidth(name) - 1 // the "…"
	if room < 2 {
		return ansi.Truncate("…"+string(filepath.Separator)+name, width, "…")
	}
	head := room / 2
	tail := room - head
	return ansi.Truncate(dir, head, "") + "…" + ansi.TruncateLeft(dir, ansi.StringWidth(dir)-tail, "") + name
}

// FitNotice is a notice's text in at most width cells: a path in it
// (path, when set) is shortened first, keeping its file name, then the
// text is cut with "…".
func FitNotice(text, path string, width int) string {
	if w := ansi.StringWidth(text); w > width && path != "" && strings.Contains(text, path) {
		room := width - (w - ansi.StringWidth(path))
		text = strings.Replace(text, path, ShortPath(path, max(room, 0)), 1)
	}
	return ansi.Truncate(text, width, "…")
}
