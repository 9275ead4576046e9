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

// switchProfile rebuilds the console on another profile. The old panes'
// answers still in flight carry their generation and are dropped.
func (m *Model) switchProfile(name string) tea.Cmd {
	if m.switcher == nil {
		return common.Notify(common.LevelWarn, "profiles come from a config file; none is in use")
	}
	ctx, err := m.switcher(name)
	if err != nil {
		return common.Notify(common.LevelError, "✗ "+err.Error())
	}
	old := m.pane().SetActive(false)
	m.ctx = ctx
	m.panes = buildPanes(ctx)
	m.active = 0
	m.layout()
	cmds := []tea.Cmd{old, common.Notify(common.LevelOK, "✓ switched to profile "+name)}
	for _, p := range m.panes {
		cmds = append(cmds, p.Init())
	}
	return tea.Batch(append(cmds, m.pane().SetActive(true))...)
}
