package events

import (
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/mattn/go-runewidth"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/table"
	"github.com/wasender-tui/wasender-tui/ui/keys"
)

// maxDetailLines bounds the JSON drawn for one event (a body may be a
// whole MiB); ctrl+s in the list saves it whole.
const maxDetailLines = 5000

// detail is one event in full: who sent it, when, and its JSON
// pretty-printed, every string cleaned and the API key masked.
type detail struct {
	m       *Model
	row     row
	json    []string // the JSON's lines, before wrapping
	err     error
	actions []keys.Action
	scroll  keys.Scroll
	lines   []string // drawn for the width

	width, height int
}

func (m *Model) openDetail() tea.Cmd {
	r := m.selected()
	d := &detail{m: m, row: *r}
	pretty, err := cleanJSON(r.ev.JSON(common.Mask), "  ")
	d.json, d.err = strings.Split(pretty, "\n"), err
	d.actions = append([]keys.Action{
		keys.New("back", "esc", "enter").Doing(func() { m.stack.Close(d) }),
		keys.New("copy JSON", "y").Does(func() tea.Cmd {
			line, _ := eventJSON(d.row.ev)
			return m.ctx.Copy("the event's JSON", line)
		}),
	}, keys.Navigation(&d.scroll)...)
	m.stack.Push(d)
	return nil
}

func (d *detail) Actions() []keys.Action { return d.actions }

func (d *detail) Update(tea.Msg) tea.Cmd { return nil }

func (d *detail) SetSize(w, h int) {
	d.width, d.height = w, h
	d.draw()
}

// draw lays the event out for the width: long JSON lines wrap, indented
// under themselves.
func (d *detail) draw() {
	st := d.m.ctx.Styles
	r, e := d.row, d.row.ev
	w := max(d.width, 20)
	field := func(label, value string) string {
		return st.Label.Render(table.Fit(label, 10)) + " " + table.Truncate(value, w-11)
	}
	when := "-"
	if !e.Timestamp.IsZero() {
		when = fullStamp(e.Timestamp)
	}
	lines := []string{
		st.Title.Render(r.event) + st.Dim.Render(" · ") + st.Bold.Render(r.name) + st.Dim.Render(" ("+common.Clean(r.session)+")"),
		"",
		field("summary", r.summary),
		field("sent", when),
		field("received", fullStamp(e.ReceivedAt)+" · #"+common.Itoa(int(e.Seq))),
	}
	if e.Repeat {
		lines = append(lines, field("repeat", "yes: this event was delivered before"))
	}
	if e.Forwarded {
		lines = append(lines, field("forwarded", "yes: relayed by another wasender-tui"))
	}
	lines = append(lines, "")
	if d.err != nil {
		lines = append(lines, st.Error.Render("✗ "+d.err.Error()))
	}
	for i, l := range d.json {
		if i == maxDetailLines {
			lines = append(lines, st.Dim.Render("… "+common.Itoa(len(d.json)-i)+" more lines: ctrl+s in the list saves the event whole"))
			break
		}
		lines = append(lines, wrapJSON(l, w)...)
	}
	d.lines = lines
	d.scroll.Resize(len(lines), d.height)
}

// wrapJSON cuts a line of JSON into lines of at most w cells, the
// continuations indented as the line is.
func wrapJSON(l string, w int) []string {
	if runewidth.StringWidth(l) <= w {
		return []string{l}
	}
	pad := strings.Repeat(" ", min(len(l)-len(strings.TrimLeft(l, " "))+2, w/2))
	var out []string
	for first := true; l != ""; first = false {
		room := w
		if !first {
			room -= len(pad)
		}
		cut := runewidth.Truncate(l, room, "")
		if cut == "" {
			cut = string([]rune(l)[:1])
		}
		if first {
			out = append(out, cut)
		} else {
			out = append(out, pad+cut)
		}
		l = l[len(cut):]
	}
	return out
}

func fullStamp(t time.Time) string { return t.Local().Format("2006-01-02 15:04:05.000 MST") }

func (d *detail) View() string {
	end := min(d.scroll.Offset+d.height, len(d.lines))
	return common.FitHeight(strings.Join(d.lines[d.scroll.Offset:end], "\n"), d.height)
}
