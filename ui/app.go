// Package ui is the console: a root model that lays out the header, the
// panes, the status line and the footer, keeps a stack of views over each
// pane, and routes messages: keys to the view in front, everything else to
// every view.
package ui

import (
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/input"
	"github.com/wasender-tui/wasender-tui/ui/keys"
	"github.com/wasender-tui/wasender-tui/ui/view"
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

	panes   []view.Pane
	stacks  []*view.Stack // the views opened over each pane
	active  int
	globals []keys.Action // built once per set of panes

	width, height int
	sized         bool
	full          bool // the view in front has the whole terminal

	cmdline    textinput.Model
	typing     bool   // the command line is open
	profileSeq uint64 // the latest :profile asked for

	footer    footer // the keys line
	notice    common.NoticeMsg
	noticeSeq uint64 // the notice up; its timer carries the number
	spinner   spinner.Model
	spinning  bool

	started   time.Time // for MaxSession
	lastInput time.Time // for IdleTimeout
	farewell  string    // shown as the last frame when the console ends itself
	endedBy   string    // why it did, for a log: "idle timeout", "time limit"
}

// New builds the console for ctx. switcher may be nil (no :profile).
func New(ctx *common.Context, switcher ProfileSwitcher) *Model {
	m := &Model{ctx: ctx, switcher: switcher}
	st := ctx.Styles
	m.cmdline = input.New(st, ":", "", 200)
	m.cmdline.ShowSuggestions = true
	m.spinner = spinner.New(spinner.WithSpinner(spinner.MiniDot), spinner.WithStyle(st.Info))
	m.started = ctx.Now()
	m.lastInput = m.started
	m.mount()
	return m
}

// mount builds the panes of the console's context, each with an empty
// stack.
func (m *Model) mount() {
	m.active = 0
	m.panes, m.stacks = nil, nil
	for _, build := range panes {
		s := &view.Stack{}
		if p := build(m.ctx, s); p != nil {
			m.panes, m.stacks = append(m.panes, p), append(m.stacks, s)
		}
	}
	m.globals = m.globalActions()
	m.layout()
	m.keysLine()
}

// Farewell is why the console ended itself (idle, time limit), or "".
func (m *Model) Farewell() string { return m.farewell }

// EndedBy is Farewell in a few words for a log ("idle timeout", "time
// limit"), or "" when the console did not end itself.
func (m *Model) EndedBy() string { return m.endedBy }

type clockMsg time.Time

// timeUp says why the console must end, if it must: nobody typed for
// IdleTimeout, or it has run for MaxSession. The clock tick that checks
// this keeps redrawing, so a connection's own idle timer cannot see it.
func (m *Model) timeUp() (bye, why string) {
	now := m.ctx.Now()
	switch {
	case m.ctx.IdleTimeout > 0 && now.Sub(m.lastInput) >= m.ctx.IdleTimeout:
		return "wasender-tui: no key pressed for " + m.ctx.IdleTimeout.String() + "; closing this session.", "idle timeout"
	case m.ctx.MaxSession > 0 && now.Sub(m.started) >= m.ctx.MaxSession:
		return "wasender-tui: this session reached its time limit of " + m.ctx.MaxSession.String() + "; connect again to go on.", "time limit (max_session)"
	}
	return "", ""
}

func (m *Model) clock() tea.Cmd {
	return m.ctx.After(time.Second, func(t time.Time) tea.Msg { return clockMsg(t) })
}

// Init starts the pane in front and the header clock.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(m.clock(), m.start())
}

// start shows the pane in front and starts the panes with work of their
// own.
func (m *Model) start() tea.Cmd {
	cmds := []tea.Cmd{m.panes[m.active].SetActive(true)}
	for _, p := range m.panes {
		if s, ok := p.(view.Starter); ok {
			cmds = append(cmds, s.Start())
		}
	}
	return tea.Batch(cmds...)
}

// front is the view in front: the top of the active pane's stack, or the
// pane itself.
func (m *Model) front() view.View {
	if v := m.stacks[m.active].Top(); v != nil {
		return v
	}
	return m.panes[m.active]
}

// Update routes a message. A key message that stands for several key
// presses (see burst) is replayed as the presses it was, each through
// Update in order.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		if presses := m.burst(k); presses != nil {
			cmds := make([]tea.Cmd, 0, len(presses))
			for _, p := range presses {
				_, cmd := m.Update(p)
				cmds = append(cmds, cmd)
			}
			return m, tea.Batch(cmds...)
		}
	}
	scene, seq := m.scene(), m.noticeSeq
	cmd := m.update(msg)
	if m.scene() != scene && m.noticeSeq == seq {
		m.clearNotice() // what it said was about the view left behind
	}
	if full := view.IsFullscreen(m.front()); full != m.full {
		m.full = full
		m.layout()
	}
	m.keysLine()
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height, m.sized = msg.Width, msg.Height, true
		m.layout()
		return nil
	case clockMsg:
		if bye, why := m.timeUp(); bye != "" {
			m.farewell, m.endedBy = bye, why
			return tea.Quit
		}
		return m.clock()
	case common.NoticeMsg:
		return m.setNotice(msg)
	case noticeDoneMsg:
		if uint64(msg) == m.noticeSeq {
			m.notice = common.NoticeMsg{}
		}
		return nil
	case profileMsg:
		return m.onProfile(msg)
	case common.ShowLogsMsg:
		for i, p := range m.panes {
			if p.Name() == "logs" {
				m.stacks[i].Clear() // the log itself, not a line's details
				return m.withSpinner(tea.Batch(m.activate(i), p.Update(msg)))
			}
		}
		return nil
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

// route hands a message to every pane and every view open over it:
// results of background work belong to whichever view asked, in front or
// not, and each drops what is not its own.
func (m *Model) route(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for i, p := range m.panes {
		cmds = append(cmds, p.Update(msg))
		for _, v := range m.stacks[i].Views() {
			cmds = append(cmds, v.Update(msg))
		}
	}
	return tea.Batch(cmds...)
}

// withSpinner keeps the spinner turning while the pane in front is busy.
func (m *Model) withSpinner(cmd tea.Cmd) tea.Cmd {
	busy := m.panes[m.active].Status().Busy != ""
	if busy && !m.spinning {
		m.spinning = true
		return tea.Batch(cmd, m.spinner.Tick)
	}
	if !busy {
		m.spinning = false
	}
	return cmd
}

// activate brings pane i to the front; the one behind pauses its polling.
func (m *Model) activate(i int) tea.Cmd {
	if i == m.active || i < 0 || i >= len(m.panes) {
		return nil
	}
	old := m.panes[m.active].SetActive(false)
	m.active = i
	m.full = view.IsFullscreen(m.front())
	m.layout()
	return tea.Batch(old, m.panes[m.active].SetActive(true))
}

// paneHeight is what is left after the header, tabs, status and footer
// lines.
func (m *Model) paneHeight() int { return max(m.height-4, 1) }

func (m *Model) layout() {
	m.cmdline.Width = max(m.width-4, 10)
	for i, p := range m.panes {
		p.SetSize(m.width, m.paneHeight())
		m.stacks[i].Resize(m.width, m.paneHeight(), max(m.height, 1))
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
		return clampFrame(m.ctx.Styles.Renderer.NewStyle().Width(max(m.width, 1)).Render(msg), m.width, m.height)
	}
	if m.full {
		return clampFrame(m.front().View(), m.width, m.height)
	}
	var b strings.Builder
	b.WriteString(m.headerView())
	b.WriteByte('\n')
	b.WriteString(m.tabsView())
	b.WriteByte('\n')
	b.WriteString(m.front().View())
	b.WriteByte('\n')
	b.WriteString(m.statusView())
	b.WriteByte('\n')
	b.WriteString(m.footerView())
	return clampFrame(b.String(), m.width, m.height)
}
