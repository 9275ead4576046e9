package ui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// headerView: brand, profile and host on the left; counts and freshness on
// the right; the last error between them, cut to the room left (! shows it
// in full). On a narrow terminal the least useful parts go first: the
// host, then (beside an error) the brand, then the counts; the profile
// always stays.
func (m *Model) headerView() string {
	st := m.ctx.Styles
	sep := st.HeaderDim.Render(" · ")
	brand := st.Brand.Render("wasender-tui")
	if m.ctx.Demo {
		brand += " " + st.Warn.Render("DEMO")
	}
	who := st.Header.Render(common.ProfileLabel(m.ctx.Profile))
	if m.ctx.Role == common.RoleViewer {
		who += " " + st.Warn.Render("(viewer)")
	}
	host := st.HeaderDim.Render("@ " + m.ctx.Client.Host())
	var counts, fresh string
	status := m.panes[m.active].Status()
	if status.Summary != "" {
		counts = st.Header.Render(status.Summary)
	}
	if !status.Updated.IsZero() {
		// Minutes: the header is on every screen, and a line that changes
		// every ten seconds costs an idle console bytes all day. While
		// refreshes fail, or the last good one is older than it should be,
		// its age matters more than the bytes: "just now" would hide an
		// outage.
		ago := common.Ago(m.ctx.Now(), status.Updated)
		switch {
		case status.Err != nil || status.Stale:
			ago = common.Since(m.ctx.Now(), status.Updated)
		case ago == "now":
			ago = "just now"
		default:
			ago += " ago"
		}
		fresh = st.HeaderDim.Render("updated " + ago)
	}
	failure := ""
	if status.Err != nil {
		failure = "⚠ " + common.Clean(common.ErrorText(status.Err))
	}
	join := func(parts ...string) string {
		var out []string
		for _, p := range parts {
			if p != "" {
				out = append(out, p)
			}
		}
		return strings.Join(out, sep)
	}
	for _, p := range m.panes { // a pane's badge stays as long as the error does
		if b, ok := p.(view.Badger); ok && b.Badge() != "" {
			failure = join(st.HeaderErr.Render(b.Badge()), failure)
		}
	}
	// Each layout with the fewest cells of the error it must leave room
	// for: the host gives way to a few words of it, the brand (not DEMO)
	// to the rest; the counts stay while "⚠" and a few words fit.
	mark := ""
	if m.ctx.Demo {
		mark = st.Warn.Render("DEMO")
	}
	layouts := []struct {
		left, right string
		room        int
		errorOnly   bool // a layout for the room of an error
	}{
		{join(brand, who+" "+host), join(counts, fresh), minErrorRoom, false},
		{join(brand, who), join(counts, fresh), minErrorRoom, false},
		{join(mark, who), join(counts, fresh), minErrorWords, true},
		{join(brand, who), fresh, minErrorRoom, false},
		{who, fresh, minErrorRoom, false},
		// A profile name too long for the rest: cut, so freshness stays.
		{ansi.Truncate(who, m.width-lipgloss.Width(fresh)-headerGap, "…"), fresh, 0, false},
		{who, "", 0, false},
	}
	for i, l := range layouts {
		gap := m.width - lipgloss.Width(l.left) - lipgloss.Width(l.right)
		room := headerGap
		if failure != "" && l.room > 0 {
			room = headerGap + lipgloss.Width(sep) + min(lipgloss.Width(failure), l.room)
		}
		if l.errorOnly && failure == "" {
			continue // without an error, the brand stays and the counts go
		}
		if gap < room && i < len(layouts)-1 {
			continue
		}
		left := l.left
		if failure != "" && gap > lipgloss.Width(sep)+headerGap {
			cut := ansi.Truncate(failure, gap-lipgloss.Width(sep)-headerGap, "…")
			left += sep + st.HeaderErr.Render(cut)
		}
		return ansi.Truncate(left+strings.Repeat(" ", max(m.width-lipgloss.Width(left)-lipgloss.Width(l.right), 1))+l.right, m.width, "…")
	}
	return ""
}

// headerGap is the fewest blank cells between the header's left part and
// its counts: they never run into each other.
const headerGap = 2

// minErrorRoom is the cells of the last error the header's host and
// brand give way to; minErrorWords the fewest ("⚠" and a few words) it
// shows before its counts give way.
const (
	minErrorRoom  = 24
	minErrorWords = 12
)

// tabsView is the tab bar. When the names do not all fit, the tabs behind
// show their number only, so the one in front is always whole.
func (m *Model) tabsView() string {
	st := m.ctx.Styles
	full := 0
	for i, p := range m.panes {
		full += len(strconv.Itoa(i+1)+" "+title(p.Name())) + 2 // padding
	}
	var tabs []string
	for i, p := range m.panes {
		label := strconv.Itoa(i + 1)
		if i == m.active || full <= m.width {
			label += " " + title(p.Name())
		}
		if i == m.active {
			tabs = append(tabs, st.TabActive.Render(label))
		} else {
			tabs = append(tabs, st.Tab.Render(label))
		}
	}
	return ansi.Truncate(strings.Join(tabs, ""), m.width, "…")
}

// statusView shows work under way, else the notice up (its timer takes it
// down).
func (m *Model) statusView() string {
	st := m.ctx.Styles
	if busy := m.panes[m.active].Status().Busy; busy != "" {
		return m.spinner.View() + " " + st.Info.Render(busy+"…")
	}
	if m.notice.Text == "" {
		return ""
	}
	style := st.StatusLine
	switch m.notice.Level {
	case common.LevelOK:
		style = st.OK
	case common.LevelWarn:
		style = st.Warn
	case common.LevelError:
		style = st.Error
	}
	return style.Render(common.FitNotice(common.Clean(m.notice.Text), common.Clean(m.notice.Path), m.width))
}

// clampFrame cuts a frame to the terminal: at most h lines of at most w
// cells, a line cut ending with "…".
func clampFrame(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "…") // a cut says so
		}
	}
	return strings.Join(lines, "\n")
}
