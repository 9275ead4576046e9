package logs

import (
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/mattn/go-runewidth"
	"github.com/wasender-tui/wasender-tui/api/health"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/follow"
	"github.com/wasender-tui/wasender-tui/ui/components/table"
)

// rows is the number of lines for log entries.
func (m *Model) rows() int { return max(m.height-2, 1) }

// View renders the pane in exactly its height: a title line, the visible
// window of the log, a status line. Only the visible lines are drawn.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	st := m.ctx.Styles
	switch {
	case m.scope.Session == "" && m.scope.Err != nil:
		return common.FitHeight(st.Error.Render("✗ "+common.ErrorText(m.scope.Err)), m.height)
	case m.scope.Session == "":
		return common.FitHeight(st.Dim.Render("loading sessions…"), m.height)
	}
	var body []string
	if m.wrap {
		body = m.wrappedRows()
	} else {
		body = m.list.Shown(func(seq uint64, sel bool) string { return m.line(m.ring.at(seq), sel)[0] })
	}
	if len(m.list.Lines) == 0 {
		body = strings.Split(st.Dim.Render(ansi.Wrap(m.emptyText(), max(m.width, 10), "")), "\n")
	}
	return follow.Frame(m.titleLine(), body, m.statusLine(), m.height)
}

func (m *Model) emptyText() string {
	switch {
	case m.unavailable != "":
		return m.unavailable
	case m.fresh.polled.IsZero() && m.fresh.err == nil:
		return "loading " + m.kindTitle() + "…"
	case m.ring.len() > 0:
		return "no line matches the filters (esc clears the text filter; F, E and W cycle back to all)"
	case m.kind == kindMessage:
		return "no messages logged yet (sessions log messages only with log_messages on)"
	}
	return "no session events yet"
}

func (m *Model) titleLine() string {
	st := m.ctx.Styles
	title := st.Title.Render(strings.ToUpper(m.kindTitle()[:1])+m.kindTitle()[1:]) + st.Dim.Render(" of ") + st.Bold.Render(m.sessionTitle())
	hint := st.Dim.Render("  p pick session · m " + map[kind]string{kindMessage: "session logs", kindSession: "message logs"}[m.kind])
	return ansi.Truncate(title+hint, m.width, "…")
}

// wrappedRows draws entries over as many lines as their text needs,
// ending with the cursor's entry when following or scrolled to it.
func (m *Model) wrappedRows() []string {
	rows := m.rows()
	if len(m.list.Lines) == 0 {
		return nil
	}
	// Walk up from the cursor until the screen is full, then down.
	var above [][]string
	used := 0
	for i := m.list.Cursor; i >= 0 && used < rows; i-- {
		ls := m.line(m.ring.at(m.list.Lines[i]), i == m.list.Cursor)
		above = append(above, ls)
		used += len(ls)
	}
	var out []string
	for i := len(above) - 1; i >= 0; i-- {
		out = append(out, above[i]...)
	}
	if len(out) > rows { // the top entry only partly fits
		out = out[len(out)-rows:]
	}
	for i := m.list.Cursor + 1; i < len(m.list.Lines) && len(out) < rows; i++ {
		out = append(out, m.line(m.ring.at(m.list.Lines[i]), false)...)
	}
	if len(out) > rows {
		out = out[:rows]
	}
	return out
}

// columns of a line: time, session (all sessions), state, then text. The
// date shows on a wide screen, and on any screen whose lines span more
// than one day.
func (m *Model) stamp(t time.Time) string {
	layout := "15:04:05"
	switch {
	case m.width >= 140:
		layout = "2006-01-02 15:04:05"
	case m.dated:
		layout = "01-02 15:04:05"
	}
	if m.utc {
		return t.UTC().Format(layout) + "Z"
	}
	return t.Local().Format(layout)
}

// fullStamp is a time with its date and zone, for details.
func (m *Model) fullStamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	if m.utc {
		return t.UTC().Format("2006-01-02 15:04:05 UTC")
	}
	return t.Local().Format("2006-01-02 15:04:05 MST")
}

// spansDays reports whether the lines on screen are of more than one day
// (in the zone shown).
func (m *Model) spansDays() bool {
	rows := m.rows()
	first, last := m.list.Offset, min(m.list.Offset+rows, len(m.list.Lines))-1
	if first < 0 || last <= first {
		return false
	}
	a, b := m.ring.at(m.list.Lines[first]), m.ring.at(m.list.Lines[last])
	if a == nil || b == nil {
		return false
	}
	day := func(t time.Time) string {
		if m.utc {
			return t.UTC().Format(time.DateOnly)
		}
		return t.Local().Format(time.DateOnly)
	}
	return day(a.at) != day(b.at)
}

func (m *Model) sessionCol(e *entry) string {
	if m.scope.Session != allSessions {
		return ""
	}
	return table.Fit(m.ctx.Sessions.Name(e.session), m.colWidth(14, 20)) + " "
}

// colWidth is a column's width: narrow below 140 columns, wide from there
// (where a group's JID, 120363…@g.us, fits whole).
func (m *Model) colWidth(narrow, wide int) int {
	if m.width >= 140 {
		return wide
	}
	return narrow
}

// plainLine is an entry as text, for copying and saving.
func (m *Model) plainLine(e *entry) string {
	var b strings.Builder
	b.WriteString(m.stamp(e.at))
	b.WriteByte(' ')
	b.WriteString(m.sessionCol(e))
	switch e.kind {
	case kindGap:
		b.WriteString("⚠ " + e.text)
	case kindSession:
		b.WriteString(m.ctx.Styles.Status(e.status).Plain() + "  " + e.event)
	default:
		b.WriteString(m.ctx.Styles.Status(e.status).Plain() + "  → " + e.to + "  " + e.text)
		if e.failed != "" {
			b.WriteString("  ✗ " + e.failed)
		}
	}
	return b.String()
}

// line renders an entry: one line, or several when wrapping.
func (m *Model) line(e *entry, selected bool) []string {
	st := m.ctx.Styles
	prefix := m.stamp(e.at) + " " + m.sessionCol(e)
	badge := ""
	if e.kind != kindGap {
		badge = table.Fit(st.Status(e.status).Plain(), 13) + " "
	}
	var to, text, tail string
	switch e.kind {
	case kindGap:
		text = "⚠ " + e.text
	case kindSession:
		text = e.event
	default:
		w := m.colWidth(16, 28)
		to, text = table.Fit(fitMatch(e.to, m.list.Term, w), w)+" ", e.text
		if e.failed != "" {
			tail = "  ✗ " + e.failed
		}
	}
	lead := runewidth.StringWidth(prefix) + runewidth.StringWidth(badge)
	room := max(m.width-lead, 10)
	var parts []piece
	switch {
	case m.wrap:
		// Lines after the first start under the text, past the TO column.
		pad := strings.Repeat(" ", runewidth.StringWidth(to))
		w := max(room-len(pad), 10)
		for i, l := range wrapText(text, w) {
			if i == 0 {
				l = to + l
			} else {
				l = pad + l
			}
			parts = append(parts, piece{text: l})
		}
		if tail != "" {
			for _, l := range wrapText(strings.TrimLeft(tail, " "), w) {
				parts = append(parts, piece{text: pad, failed: l})
			}
		}
	default:
		// A failure's reason keeps room beside the text, so that it, and
		// a search match in it, is on screen at 80 columns too.
		reserve := 0
		if tail != "" {
			reserve = min(runewidth.StringWidth(tail), max(room-runewidth.StringWidth(to)-12, (room-runewidth.StringWidth(to))*2/3))
		}
		t := to + fitMatch(text, m.list.Term, room-reserve-runewidth.StringWidth(to))
		p := piece{text: t}
		if left := room - runewidth.StringWidth(t); tail != "" && left > 4 {
			p.failed = "  ✗ " + fitMatch(e.failed, m.list.Term, left-4)
		}
		parts = []piece{p}
	}
	out := make([]string, len(parts))
	for i, p := range parts {
		if selected {
			head := prefix + badge
			if i > 0 {
				head = strings.Repeat(" ", lead)
			}
			out[i] = st.TableSelected.Render(table.Fit(head+p.text+p.failed, m.width))
			continue
		}
		var b strings.Builder
		if i == 0 {
			b.WriteString(st.Dim.Render(prefix))
			if badge != "" {
				b.WriteString(st.Status(e.status).Style.Render(badge))
			}
		} else {
			b.WriteString(strings.Repeat(" ", lead))
		}
		if e.kind == kindGap {
			b.WriteString(st.Warn.Render(p.text))
		} else {
			b.WriteString(highlight(p.text, m.list.Term, nil, st.Match))
		}
		if p.failed != "" {
			b.WriteString(highlight(p.failed, m.list.Term, func(s string) string { return st.Error.Render(s) }, st.Match))
		}
		out[i] = b.String()
	}
	return out
}

// piece is one drawn line of an entry: text, and the failure reason in red.
type piece struct{ text, failed string }

// wrapText breaks s into lines of at most w cells, at spaces where it can.
func wrapText(s string, w int) []string {
	var out []string
	for runewidth.StringWidth(s) > w {
		cut := runewidth.Truncate(s, w, "")
		if i := strings.LastIndexByte(cut, ' '); i > w/2 {
			cut = cut[:i+1]
		}
		out = append(out, cut)
		s = s[len(cut):]
	}
	return append(out, s)
}

// Status line parts by what they matter: a part with a lower keep gives
// way first on a narrow screen.
const (
	keepState   = 10 // following or paused
	keepError   = 9
	keepSearch  = 8 // the match counter, "no more matches"
	keepFilters = 7 // what is filtered out
	keepUTC     = 6
	keepLines   = 5
	keepPoll    = 4 // the freshness parts: keepPoll and below
)

// statusLine: following or paused, the interval, the last poll, backoff,
// the buffer, and the filters in force, in the pane's width: the least
// useful parts give way first.
func (m *Model) statusLine() string {
	if m.list.Typing {
		return m.list.Filter.View()
	}
	st := m.ctx.Styles
	var parts []common.Part
	add := func(keep int, text string) { parts = append(parts, common.Part{Text: text, Keep: keep}) }
	now := m.ctx.Now()
	f := m.fresh
	switch {
	case m.list.Follow && (f.err != nil || f.overdue):
		// Following, but the polls fail, or none has worked for longer
		// than it should: not the green of all is well.
		add(keepState, st.Warn.Render("● following ("+lastOK(now, f.polled)+")"))
	default:
		add(keepState, m.list.State(st))
	}
	if f.err != nil {
		who := ""
		if len(m.feeds) > 1 {
			who = "session " + common.Clean(string(f.errSession)) + ": "
		}
		retry := "⚠ retrying: "
		if wait := f.retryAt.Sub(now); wait > 0 {
			retry = "⚠ retrying in " + wait.Round(time.Second).String() + ": "
		}
		add(keepError, st.Error.Render(retry+who+common.ErrorText(f.err)))
		if !m.list.Follow {
			add(keepPoll, st.Dim.Render(lastOK(now, f.polled)))
		}
	} else {
		parts = append(parts, f.parts(now, keepPoll, func(s string) string { return st.Dim.Render(s) }, func(s string) string { return st.Warn.Render(s) })...)
	}
	add(keepLines, st.Dim.Render(common.Itoa(len(m.list.Lines))+"/"+common.Itoa(m.ring.len())+" lines"))
	if m.list.Term != "" {
		parts = append(parts, m.termPart())
		add(keepSearch, m.searchPart())
	}
	if m.filters.status != "" {
		add(keepFilters, "status "+st.Status(m.filters.status).Render())
	}
	if m.filters.event != "" {
		add(keepFilters, "event "+st.Bold.Render(m.filters.event))
	}
	if m.filters.window > 0 {
		// As written, and as the Health pane says it: 2h30m, not 2h.
		add(keepFilters, "last "+st.Bold.Render(health.FormatWindow(m.filters.window)))
	}
	if m.utc {
		add(keepUTC, st.Dim.Render("UTC"))
	}
	return common.FitParts(parts, st.Dim.Render(" · "), m.width)
}

// termPart is the text filter in force, with shorter forms for a narrow
// screen, so that it gives way to no other filter: the label shortened,
// then the term cut with "…".
func (m *Model) termPart() common.Part {
	st := m.ctx.Styles
	form := func(cut int, label string) string {
		term := m.list.Term
		if cut > 0 {
			term = ansi.Truncate(term, cut, "…")
		}
		if !m.filters.hide {
			term = st.Bold.Render(term) + st.Dim.Render(label)
		} else {
			term = st.Bold.Render(term)
		}
		return "filter " + term
	}
	return common.Part{Text: form(0, " (highlight only)"), Keep: keepFilters,
		Shorter: []string{form(0, " (hl)"), form(12, " (hl)"), form(6, " (hl)")}}
}

// lastOK is when the last poll that worked was: "last ok 1m ago".
func lastOK(now, polled time.Time) string {
	if polled.IsZero() {
		return "no poll has worked yet"
	}
	return "last ok " + common.Since(now, polled)
}

func shortDur(d time.Duration) string {
	if d >= time.Hour {
		return common.Itoa(int(d/time.Hour)) + "h"
	}
	return common.Itoa(int(d/time.Minute)) + "m"
}
