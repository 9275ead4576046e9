// Package ui is the console: a root model that lays out the header, the
// panes, the status line and help, and routes messages to the pane in front.
package ui

import (
	"github.com/wasender-tui/wasender-tui/ui/components/input"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/wasender-tui/wasender-tui/ui/auditview"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/contacts"
	"github.com/wasender-tui/wasender-tui/ui/groups"
	"github.com/wasender-tui/wasender-tui/ui/logs"
	"github.com/wasender-tui/wasender-tui/ui/sessions"
)

// Minimum usable terminal.
const (
	minWidth  = 40
	minHeight = 10
)

// ProfileSwitcher builds the context of another profile for `:profile NAME`.
type ProfileSwitcher func(name string) (*common.Context, error)

// Model is the root of the console.
type Model struct {
	ctx      *common.Context
	switcher ProfileSwitcher
	keys     globalKeys

	panes  []common.Pane
	active int

	width, height int
	sized         bool

	help     help.Model
	showHelp bool
	cmdline  textinput.Model
	typing   bool // the command line is open

	notice   common.NoticeMsg
	noticeAt time.Time
	spinner  spinner.Model
	spinning bool

	full bool // the pane in front has the whole terminal

	started   time.Time // for MaxSession
	lastInput time.Time // for IdleTimeout
	farewell  string    // shown as the last frame when the console ends itself
}

// New builds the console for ctx. switcher may be nil (no :profile).
func New(ctx *common.Context, switcher ProfileSwitcher) *Model {
	m := &Model{ctx: ctx, switcher: switcher, keys: newGlobalKeys()}
	m.panes = buildPanes(ctx)
	m.help = help.New()
	st := ctx.Styles
	m.help.Styles = help.Styles{
		ShortKey: st.HelpKey, ShortDesc: st.HelpDesc, ShortSeparator: st.HelpSep,
		FullKey: st.HelpKey, FullDesc: st.HelpDesc, FullSeparator: st.HelpSep,
		Ellipsis: st.HelpSep,
	}
	m.cmdline = input.New(st, ":", "", 200)
	m.cmdline.ShowSuggestions = true
	m.spinner = spinner.New(spinner.WithSpinner(spinner.MiniDot), spinner.WithStyle(st.Info))
	m.started = ctx.Now()
	m.lastInput = m.started
	return m
}

func buildPanes(ctx *common.Context) []common.Pane {
	return []common.Pane{sessions.New(ctx), groups.New(ctx), contacts.New(ctx), logs.New(ctx), auditview.New(ctx)}
}

type clockMsg time.Time

// timeUp says why the console must end, if it must: nobody typed for
// IdleTimeout, or it has run for MaxSession. The clock tick that checks
// this keeps redrawing, so a connection's own idle timer cannot see it.
func (m *Model) timeUp() string {
	now := m.ctx.Now()
	switch {
	case m.ctx.IdleTimeout > 0 && now.Sub(m.lastInput) >= m.ctx.IdleTimeout:
		return "wasender-tui: no key pressed for " + m.ctx.IdleTimeout.String() + "; closing this session."
	case m.ctx.MaxSession > 0 && now.Sub(m.started) >= m.ctx.MaxSession:
		return "wasender-tui: this session reached its time limit of " + m.ctx.MaxSession.String() + "; connect again to go on."
	}
	return ""
}

func (m *Model) clock() tea.Cmd {
	return m.ctx.After(time.Second, func(t time.Time) tea.Msg { return clockMsg(t) })
}

// Init starts the pane in front and the header clock.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{m.clock()}
	for _, p := range m.panes {
		cmds = append(cmds, p.Init())
	}
	cmds = append(cmds, m.panes[m.active].SetActive(true))
	return tea.Batch(cmds...)
}

func (m *Model) pane() common.Pane { return m.panes[m.active] }

// Update routes a message.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	if full := m.pane().Fullscreen(); full != m.full {
		m.full = full
		m.layout()
	}
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height, m.sized = msg.Width, msg.Height, true
		m.layout()
		return nil
	case clockMsg:
		if bye := m.timeUp(); bye != "" {
			m.farewell = bye
			return tea.Quit
		}
		return m.clock()
	case common.NoticeMsg:
		m.notice, m.noticeAt = msg, m.ctx.Now()
		return nil
	case profileMsg:
		return m.onProfile(msg)
	case spinner.TickMsg:
		if !m.spinning {
			return nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return cmd
	case tea.KeyMsg:
		m.lastInput = m.ctx.Now()
		return m.withSpinner(m.onKey(msg))
	}
	return m.withSpinner(m.route(msg))
}

// route hands a message to every pane: results of background work belong
// to whichever pane asked, in front or not.
func (m *Model) route(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for i, p := range m.panes {
		np, cmd := p.Update(msg)
		m.panes[i] = np
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

// withSpinner keeps the spinner turning while a pane is busy.
func (m *Model) withSpinner(cmd tea.Cmd) tea.Cmd {
	busy := m.pane().Busy() != ""
	if busy && !m.spinning {
		m.spinning = true
		return tea.Batch(cmd, m.spinner.Tick)
	}
	if !busy {
		m.spinning = false
	}
	return cmd
}

func (m *Model) onKey(k tea.KeyMsg) tea.Cmd {
	if k.Type == tea.KeyCtrlC {
		return tea.Quit
	}
	if m.typing {
		return m.onCommandKey(k)
	}
	if m.showHelp {
		switch k.String() {
		case "esc", "?":
			m.showHelp = false
			return nil
		case "q":
			return tea.Quit
		}
		return nil
	}
	p := m.pane()
	if p.Capturing() {
		np, cmd := p.Update(k)
		m.panes[m.active] = np
		return cmd
	}
	if a, refused := m.ctx.Refused(k, p.Actions()); refused {
		m.ctx.RecordRefusal(a.Help().Desc)
		return common.Notify(common.LevelWarn, "✗ your role ("+m.ctx.Role.String()+") may not "+a.Help().Desc)
	}
	switch {
	case m.ctx.Matches(k, m.keys.Quit):
		return tea.Quit
	case m.ctx.Matches(k, m.keys.Help):
		m.showHelp = true
		return nil
	case m.ctx.Matches(k, m.keys.Command):
		m.typing = true
		m.cmdline.SetValue("")
		m.cmdline.SetSuggestions(m.commandSuggestions())
		return m.cmdline.Focus()
	case m.ctx.Matches(k, m.keys.Next):
		return m.activate((m.active + 1) % len(m.panes))
	case m.ctx.Matches(k, m.keys.Prev):
		return m.activate((m.active - 1 + len(m.panes)) % len(m.panes))
	}
	if s := k.String(); len(s) == 1 && s[0] >= '1' && s[0] <= '9' {
		if i := int(s[0] - '1'); i < len(m.panes) {
			return m.activate(i)
		}
	}
	np, cmd := p.Update(k)
	m.panes[m.active] = np
	return cmd
}

// activate brings pane i to the front; the one behind pauses its polling.
func (m *Model) activate(i int) tea.Cmd {
	if i == m.active {
		return nil
	}
	old := m.pane().SetActive(false)
	m.active = i
	m.layout()
	return tea.Batch(old, m.pane().SetActive(true))
}

// paneHeight is what is left after the header, tabs, status and help
// lines, or the whole terminal for a full-screen pane.
func (m *Model) paneHeight() int {
	if m.full {
		return max(m.height, 1)
	}
	return max(m.height-4, 1)
}

func (m *Model) layout() {
	m.help.Width = m.width
	for _, p := range m.panes {
		p.SetSize(m.width, m.paneHeight())
	}
}

// View renders the frame: never taller or wider than the terminal, since
// Bubble Tea v1 drops the top lines of a frame that is too tall.
func (m *Model) View() string {
	if m.farewell != "" {
		return m.farewell + "\n"
	}
	if !m.sized {
		return ""
	}
	if m.width < minWidth || m.height < minHeight {
		msg := "terminal too small: " + strconv.Itoa(m.width) + "x" + strconv.Itoa(m.height) + ", need at least " + strconv.Itoa(minWidth) + "x" + strconv.Itoa(minHeight)
		return clampFrame(lipgloss.NewStyle().Width(max(m.width, 1)).Render(msg), m.width, m.height)
	}
	if m.full {
		return clampFrame(m.pane().View(), m.width, m.height)
	}
	var b strings.Builder
	b.WriteString(m.headerView())
	b.WriteByte('\n')
	b.WriteString(m.tabsView())
	b.WriteByte('\n')
	if m.showHelp {
		b.WriteString(m.fullHelpView())
	} else {
		b.WriteString(m.pane().View())
	}
	b.WriteByte('\n')
	b.WriteString(m.statusView())
	b.WriteByte('\n')
	b.WriteString(m.footerView())
	return clampFrame(b.String(), m.width, m.height)
}
