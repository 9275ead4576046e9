package healthview

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/mattn/go-runewidth"
	"github.com/wasender-tui/wasender-tui/api/health"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/ratewait"
	"github.com/wasender-tui/wasender-tui/ui/components/table"
	"github.com/wasender-tui/wasender-tui/ui/healthtext"
)

// detailLines is the most lines the selected session's details take under
// the table.
const detailLines = 3

// details is how many lines the details get at the pane's height: none on
// a very short pane.
func (m *Model) details() int {
	if m.height < 10 {
		return 0
	}
	return detailLines
}

// tableHeight is what is left of the pane for the table (its header
// included) after the details and the status line.
func (m *Model) tableHeight() int { return max(m.height-m.details()-1, 1) }

// View renders the pane in exactly its height: the table, the selected
// session's reasons in full, a status line.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	st := m.ctx.Styles
	if len(m.rows) == 0 && m.listed.IsZero() {
		msg := st.Dim.Render("loading sessions…")
		if err := m.ctx.Sessions.Err(); err != nil {
			msg = st.Error.Render("✗ " + common.ErrorText(err) + "   (r retries)")
		}
		if h := m.heldText(); h != "" {
			msg = st.Warn.Render(h)
		}
		return common.FitHeight(msg, m.height)
	}
	if m.height < 3 { // no room for a table
		return common.FitHeight(m.statusLine(), m.height)
	}
	var b strings.Builder
	table := m.table.View()
	if m.width < leastWidth(m.table.Columns, m.width) { // the columns' least widths do not fit
		lines := strings.Split(table, "\n")
		for i, l := range lines {
			lines[i] = ansi.Truncate(l, m.width, "…")
		}
		table = strings.Join(lines, "\n")
	}
	b.WriteString(table)
	for _, l := range m.detailView() {
		b.WriteByte('\n')
		b.WriteString(l)
	}
	b.WriteByte('\n')
	b.WriteString(m.statusLine())
	return b.String()
}

// detailView is the selected session's details, exactly m.details() lines:
// its reasons and last error in full, wrapped, the last line cut when
// there is more.
func (m *Model) detailView() []string {
	n := m.details()
	if n == 0 {
		return nil
	}
	st := m.ctx.Styles
	out := make([]string, 0, n)
	r, ok := m.selectedRow()
	if ok {
		head := healthtext.Name(r)
		if r.ID != "" {
			head += " (" + common.Clean(r.ID) + ")"
		}
		lines := healthtext.Details(m.ctx.Now(), r)
		switch {
		case healthtext.Reading(r):
			lines = []string{"reading its logs over the last " + health.FormatWindow(m.window()) + "…"}
		case len(lines) == 0:
			lines = []string{"nothing to report over the last " + health.FormatWindow(m.window())}
		}
		text := head + ": " + strings.Join(lines, " · ")
		for _, l := range strings.Split(ansi.Wrap(text, max(m.width-2, 10), ""), "\n") {
			out = append(out, "  "+l)
		}
		if len(out) > n {
			out = out[:n]
			out[n-1] = ansi.Truncate(out[n-1], max(m.width-1, 1), "") + "…"
		}
		for i := range out {
			out[i] = st.Dim.Render(ansi.Truncate(out[i], m.width, "…"))
		}
	}
	for len(out) < n {
		out = append(out, "")
	}
	return out
}

// statusLine is the pane's last line: the counts, the window and the
// thresholds, or how the reading goes.
func (m *Model) statusLine() string {
	st := m.ctx.Styles
	th := m.monitor().Thresholds()
	parts := []string{healthtext.Counts(m.rows), "over the last " + st.Bold.Render(health.FormatWindow(th.Window))}
	if h := m.heldText(); h != "" { // first, so no width cuts it
		parts = append([]string{st.Warn.Render(h)}, parts...)
	}
	if m.pending > 0 {
		parts = append(parts, st.Info.Render("reading the logs: "+common.Itoa(m.logs-m.pending)+" of "+common.Itoa(m.logs)+" read"))
	}
	parts = append(parts, st.Dim.Render("down: not connected · attention: "+common.Itoa(th.Flapping)+"+ state changes, "+
		percent(th.FailureRate)+"+ of "+common.Itoa(th.MinMessages)+"+ messages failed, or "+common.Itoa(th.UnreadableAfter)+" failed reads"))
	return ansi.Truncate(strings.Join(parts, st.Dim.Render(" · ")), m.width, "…")
}

// heldText says that the API holds the credential the session list and
// every log are read with, after a 429, and when the next read goes: the
// pane's rows stand still until then. "" when it is not held.
func (m *Model) heldText() string {
	left := m.held.Sub(m.ctx.Now())
	if left <= 0 {
		return ""
	}
	which := "the personal token"
	if m.ctx.KeyOnly() {
		which = "the API key"
	}
	return "⚠ rate limited on " + which + "; next try in " + ratewait.Seconds(left)
}

func percent(f float64) string { return strconv.FormatFloat(f*100, 'g', 3, 64) + "%" }

// leastWidth is what the columns shown at width w take at the least,
// with the spaces between them.
func leastWidth(cols []table.Column, w int) int {
	n := -1
	for _, c := range cols {
		if c.MinTerm == 0 || w >= c.MinTerm {
			n += max(c.Width, runewidth.StringWidth(c.Title)+1) + 1
		}
	}
	return n
}
