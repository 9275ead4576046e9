package ui

import (
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/wasender-tui/wasender-tui/ui/common"
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
	if s := m.pane().Summary(); s != "" {
		counts = st.Header.Render(s)
	}
	updated, lastErr := m.pane().Freshness()
	if !updated.IsZero() {
		fresh = st.HeaderDim.Render("updated " + common.Since(m.ctx.Now(), updated))
	}
	if lastErr != nil {
		failure = st.HeaderErr.Render("⚠ " + common.ErrorText(lastErr))
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
		label := strconv.Itoa(i+1) + " " + p.Title()
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
	if busy := m.pane().Busy(); busy != "" {
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

// footerView is the command line while typing, else the short help built
// from the keymap of the pane in front.
func (m *Model) footerView() string {
	if m.typing {
		m.cmdline.Width = max(m.width-4, 10)
		return m.cmdline.View()
	}
	return m.help.ShortHelpView(m.shortHelp())
}

func (m *Model) shortHelp() []key.Binding {
	out := m.ctx.Bindings(m.pane().Actions()...)
	return append(out, m.ctx.Bindings(m.keys.Help, m.keys.Quit)...)
}

// fullHelpView fills the pane's space with every binding, in columns.
func (m *Model) fullHelpView() string {
	st := m.ctx.Styles
	pane := m.ctx.Bindings(m.pane().Actions()...)
	nav := []key.Binding{
		key.NewBinding(key.WithKeys("up"), key.WithHelp("↑/k", "up")),
		key.NewBinding(key.WithKeys("down"), key.WithHelp("↓/j", "down")),
		key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup/ctrl+u", "page up")),
		key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdn/ctrl+d", "page down")),
		key.NewBinding(key.WithKeys("g"), key.WithHelp("g/home", "top")),
		key.NewBinding(key.WithKeys("G"), key.WithHelp("G/end", "bottom")),
		key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back / clear filter")),
	}
	global := m.ctx.Bindings(m.keys.all()...)
	global = append(global, key.NewBinding(key.WithKeys("1"), key.WithHelp("1-9", "jump to pane")))
	cols := [][]key.Binding{}
	for len(pane) > 0 {
		n := min(len(pane), max(m.paneHeight()-4, 4))
		cols = append(cols, pane[:n])
		pane = pane[n:]
	}
	// Global keys before navigation: on a narrow terminal the last
	// columns are the ones cut.
	cols = append(cols, global, nav)
	body := st.Title.Render(m.pane().Title()+" — keys") + st.Dim.Render("   esc or ? closes") + "\n\n" + m.help.FullHelpView(cols)
	body += "\n\n" + lipgloss.NewStyle().Width(m.width).Render(st.Dim.Render("commands: :"+strings.Join(m.commandSuggestions(), " · :")))
	return lipgloss.NewStyle().Height(m.paneHeight()).MaxHeight(m.paneHeight()).Render(body)
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
