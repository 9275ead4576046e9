package ui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/ui/common"
)

func (m *Model) commandSuggestions() []string {
	var out []string
	for _, p := range m.panes {
		out = append(out, p.Name())
	}
	for _, name := range m.ctx.Profiles {
		out = append(out, "profile "+name)
	}
	return append(out, "help", "q")
}

func (m *Model) onCommandKey(k tea.KeyMsg) tea.Cmd {
	switch k.String() {
	case "esc":
		m.typing = false
		m.cmdline.Blur()
		return nil
	case "enter":
		m.typing = false
		m.cmdline.Blur()
		return m.run(m.cmdline.Value())
	}
	var cmd tea.Cmd
	m.cmdline, cmd = m.cmdline.Update(k)
	return cmd
}

// run executes a command-line command.
func (m *Model) run(line string) tea.Cmd {
	fields := strings.Fields(line)
	if len(fields) == 0 {
		return nil
	}
	name, args := strings.ToLower(fields[0]), fields[1:]
	switch name {
	case "q", "quit", "q!", "exit":
		return tea.Quit
	case "help", "h":
		m.showHelp = true
		return nil
	case "profile", "ctx", "context":
		if len(args) != 1 {
			return common.Notify(common.LevelWarn, "usage: :profile NAME  (known: "+strings.Join(m.ctx.Profiles, ", ")+")")
		}
		return m.switchProfile(args[0])
	}
	for i, p := range m.panes {
		if p.Name() == name || strings.TrimSuffix(p.Name(), "s") == name {
			return m.activate(i)
		}
	}
	return common.Notify(common.LevelError, "unknown command :"+name+" (try :help)")
}

// profileMsg is the context of another profile, built off the Update path:
// loading it may read the config and run a token_command.
type profileMsg struct {
	name string
	ctx  *common.Context
	err  error
}

// switchProfile starts building another profile's context.
func (m *Model) switchProfile(name string) tea.Cmd {
	if m.switcher == nil {
		return common.Notify(common.LevelWarn, "profiles come from a config file; none is in use")
	}
	switcher := m.switcher
	// Shown now, not by a Cmd racing the answer: a quick refusal must not
	// be overwritten by it.
	m.notice = common.NoticeMsg{Level: common.LevelInfo, Text: "switching to profile " + name + "…", At: m.ctx.Now()}
	return func() tea.Msg {
		ctx, err := switcher(name)
		return profileMsg{name: name, ctx: ctx, err: err}
	}
}

// onProfile rebuilds the console on the new profile. The old panes' work
// is cancelled, and answers still in flight carry their generation and are
// dropped.
func (m *Model) onProfile(msg profileMsg) tea.Cmd {
	if msg.err != nil {
		return common.Notify(common.LevelError, "✗ profile "+msg.name+": "+msg.err.Error())
	}
	old := m.ctx
	msg.ctx.Output = old.Output
	m.pane().SetActive(false)
	old.Stop()
	m.ctx = msg.ctx
	m.panes = buildPanes(m.ctx)
	m.active = 0
	m.layout()
	cmds := []tea.Cmd{common.Notify(common.LevelOK, "✓ switched to profile "+msg.name)}
	for _, p := range m.panes {
		cmds = append(cmds, p.Init())
	}
	return tea.Batch(append(cmds, m.pane().SetActive(true))...)
}
