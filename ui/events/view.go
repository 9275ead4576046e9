package events

import (
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/mattn/go-runewidth"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/follow"
	"github.com/wasender-tui/wasender-tui/ui/components/table"
)

// View renders the pane in exactly its height: a title line, the window
// of the list on screen, a status line. Only the rows shown are drawn.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	body := m.list.Shown(func(seq uint64, sel bool) string { return m.line(m.ring.at(seq), sel) })
	if len(m.list.Lines) == 0 {
		body = []string{m.ctx.Styles.Dim.Render(ansi.Truncate(m.emptyText(), m.width, "…"))}
	}
	return follow.Frame(m.titleLine(), body, m.statusLine(), m.height)
}

func (m *Model) emptyText() string {
	switch {
	case m.ring.len() > 0:
		return "no event matches the filters (esc clears them)"
	case m.hooks.PublicURL == "":
		return "no events yet. Receiving at " + m.hooks.URL() + "; set [events] public_url to where WasenderAPI reaches it, then w on a session points its webhook here"
	}
	return "no events yet: w on a session points its webhook at " + m.hooks.PublicURL
}

func (m *Model) titleLine() string {
	st := m.ctx.Styles
	title := st.Title.Render("Webhook events") + st.Dim.Render(" at "+m.hooks.URL())
	if m.hooks.PublicURL != "" {
		title += st.Dim.Render(" · public " + common.RedactURL(m.hooks.PublicURL))
	}
	if f := m.hooks.Forwarder; f != nil {
		title += st.Dim.Render(" · forwarded to " + common.RedactURL(f.URL))
	}
	return ansi.Truncate(title, m.width, "…")
}

// stamp is a time as the list shows it: with the date on a wide screen.
func (m *Model) stamp(t time.Time) string {
	if m.width >= 140 {
		return t.Local().Format("2006-01-02 15:04:05")
	}
	return t.Local().Format("15:04:05")
}

// Column widths of a row, after its time: narrower on a narrow screen,
// where the summary needs the room more; the summary takes the rest.
func (m *Model) sessionWidth() int {
	if m.width >= 140 {
		return 20
	}
	return 14
}

func (m *Model) eventWidth() int {
	if m.width < 100 {
		return 17
	}
	return 24
}

// line draws one row, cut to the width.
func (m *Model) line(r *row, selected bool) string {
	st := m.ctx.Styles
	head := m.stamp(r.at) + " "
	if r.ev == nil {
		text := table.Truncate(head+r.summary, m.width)
		if selected {
			return st.TableSelected.Render(table.Fit(text, m.width))
		}
		return st.Warn.Render(text)
	}
	cols := table.Fit(r.name, m.sessionWidth()) + " " + table.Fit(r.event, m.eventWidth()) + " "
	tail := ""
	if r.ev.Repeat {
		tail = "  ↻ repeat"
	}
	room := max(m.width-runewidth.StringWidth(head)-runewidth.StringWidth(cols), 0)
	summary := table.Truncate(r.summary, max(room-runewidth.StringWidth(tail), 0))
	if runewidth.StringWidth(summary)+runewidth.StringWidth(tail) > room {
		tail = ""
	}
	if selected {
		return st.TableSelected.Render(table.Fit(head+cols+summary+tail, m.width))
	}
	return ansi.Truncate(st.Dim.Render(head)+cols+summary+st.Dim.Render(tail), m.width, "")
}

// statusLine: following or paused, what is shown, the filters in force,
// refusals and what this console missed, in the pane's width: the least
// useful parts give way first (the time of the last event, then the
// count), and the filters and warnings stay.
func (m *Model) statusLine() string {
	if m.list.Typing {
		return m.list.Filter.View()
	}
	st := m.ctx.Styles
	var parts []common.Part
	add := func(keep int, text string) { parts = append(parts, common.Part{Text: text, Keep: keep}) }
	add(9, m.list.State(st))
	if !m.last.IsZero() {
		add(3, st.Dim.Render("last "+common.Since(m.ctx.Now(), m.last)))
	}
	add(4, st.Dim.Render(common.Itoa(len(m.list.Lines))+"/"+common.Itoa(m.ring.len())+" events"))
	if f := m.filters; f.kind != "" {
		add(8, "event "+st.Bold.Render(f.kind))
	}
	if f := m.filters; f.session != "" {
		add(8, "session "+st.Bold.Render(m.sessions[f.session]))
	}
	if t := m.list.Term; t != "" {
		add(8, "filter "+st.Bold.Render(t))
	}
	if n := m.stats.RefusedTotal(); n > 0 {
		add(6, st.Warn.Render("refused "+common.Itoa(int(n))+": "+m.stats.RefusedText()))
	}
	if f := m.fwd; f.Failed > 0 {
		add(6, st.Warn.Render("forwarding: "+common.Itoa(int(f.Failed))+" of "+common.Itoa(int(f.Failed+f.Sent))+" failed (last: "+common.Clean(f.LastError)+")"))
	}
	if m.missed > 0 {
		add(7, st.Warn.Render(common.Itoa(int(m.missed))+" not shown (fell behind)"))
	}
	return common.FitParts(parts, st.Dim.Render(" · "), m.width)
}
