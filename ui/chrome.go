package ui

import (
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// noticeTTL is how long a status-line notice stays up.
const noticeTTL = 10 * time.Second

// headerView: brand, profile and host on the left; counts, freshness and
// the last error on the right. On a narrow terminal the least useful parts
// go first: the host, then the brand, then the counts.
func (m *Model) headerView() string {
	st := m.ctx.Styles
	sep := st.HeaderDim.Render(" · ")
	brand := st.Brand.Render("wasender-tui")
	if m.ctx.Demo {
		brand += " " + st.Warn.Render("DEMO")
	}
	profile := m.ctx.Profile
	if profile == "" {
		profile = "env"
	}
	who := st.Header.Render(profile)
	if m.ctx.Role == common.RoleViewer {
		who += " " + st.Warn.Render("(viewer)")
	}
	host := st.HeaderDim.Render("@ " + m.ctx.Client.Host())
	var counts, fresh, failure string
	status := m.panes[m.active].Status()
	if status.Summary != "" {
		counts = st.Header.Render(status.Summary)
	}
	if !status.Updated.IsZero() {
		fresh = st.HeaderDim.Render("updated " + common.Since(m.ctx.Now(), status.Updated))
	}
	if status.Err != nil {
		failure = st.HeaderErr.Render("⚠ " + common.ErrorText(status.Err))
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
	layouts := [][2]string{
		{join(brand, who+" "+host), join(counts, fresh, failure)},
		{join(brand, who), join(counts, fresh, failure)},
		{who, join(counts, fresh, failure)},
		{who, join(fresh, failure)},
		{"", join(failure, fresh)},
	}
	for _, l := range layouts {
		gap := m.width - lipgloss.Width(l[0]) - lipgloss.Width(l[1])
		if gap >= 1 {
			return l[0] + strings.Repeat(" ", gap) + l[1]
		}
	}
	return ansi.Truncate(join(failure, who), m.width, "…")
}

func (m *Model) tabsView() string {
	st := m.ctx.Styles
	var tabs []string
	for i, p := range m.panes {
		label := strconv.Itoa(i+1) + " " + title(p.Name())
		if i == m.active {
			tabs = append(tabs, st.TabActive.Render(label))
		} else {
			tabs = append(tabs, st.Tab.Render(label))
		}
	}
	return strings.Join(tabs, "")
}

// statusView shows work under way, else the latest notice while fresh.
func (m *Model) statusView() string {
	st := m.ctx.Styles
	if busy := m.panes[m.active].Status().Busy; busy != "" {
		return m.spinner.View() + " " + st.Info.Render(busy+"…")
	}
	if m.notice.Text == "" || m.ctx.Now().Sub(m.noticeAt) > noticeTTL {
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
	return style.Render(common.Clean(m.notice.Text))
}

// clampFrame cuts a frame to the terminal: at most h lines of at most w cells.
func clampFrame(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "")
		}
	}
	return strings.Join(lines, "\n")
}
