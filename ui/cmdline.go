package ui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/keys"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

func (m *Model) commandSuggestions() []string {
	var out []string
	for _, p := range m.panes {
		out = append(out, p.Name())
	}
	if m.switcher != nil {
		for _, name := range m.ctx.Profiles {
			out = append(out, "profile "+name)
		}
	}
	return append(out, "help", "q")
}

func (m *Model) openCommandLine() tea.Cmd {
	m.typing = true
	m.cmdline.SetValue("")
	m.cmdline.SetSuggestions(m.commandSuggestions())
	return m.cmdline.Focus()
}

// commandActions are the command line's keys; every other key (and a
// paste) is typed.
func (m *Model) commandActions() []keys.Action {
	return []keys.Action{
		keys.New("run", "enter").Does(func() tea.Cmd {
			m.closeCommandLine()
			if f := strings.Fields(m.cmdline.Value()); len(f) == 0 || (f[0] != "help" && f[0] != "h") {
				m.clearNotice() // a command's own notice, if any, follows; :help looks the last one up
			}
			return m.runCommand(m.cmdline.Value())
		}),
		keys.New("close", "esc").Doing(m.closeCommandLine),
		keys.New("complete", "tab").Does(func() tea.Cmd { return m.typeCommand(keys.Msg("tab")) }),
	}
}

func (m *Model) onCommandKey(k tea.KeyMsg) tea.Cmd {
	if !k.Paste {
		if a, ok := keys.Find(m.commandActions(), k); ok {
			return a.Run()
		}
	}
	return m.typeCommand(k)
}

func (m *Model) typeCommand(k tea.KeyMsg) tea.Cmd {
	var cmd tea.Cmd
	m.cmdline, cmd = m.cmdline.Update(k)
	return cmd
}

func (m *Model) closeCommandLine() {
	m.typing = false
	m.cmdline.Blur()
}

// runCommand executes a command-line command.
func (m *Model) runCommand(line string) tea.Cmd {
	fields := strings.Fields(line)
	if len(fields) == 0 {
		return nil
	}
	name, args := strings.ToLower(fields[0]), fields[1:]
	switch name {
	case "q", "quit", "q!", "exit":
		return tea.Quit
	case "help", "h":
		m.openHelp()
		return nil
	case "profile", "ctx", "context":
		if len(args) != 1 {
			return common.Notify(common.LevelWarn, "usage: :profile NAME  (known: "+strings.Join(m.ctx.Profiles, ", ")+")")
		}
		return m.switchProfile(args[0])
	}
	for i, p := range m.panes {
		if p.Name() == name || strings.TrimSuffix(p.Name(), "s") == name {
			if c, ok := p.(view.Commander); ok && len(args) > 0 {
				cmd, err := c.Command(args)
				if err != nil { // a wrong command changes nothing, the pane in front neither
					return common.Notify(common.LevelError, "✗ :"+p.Name()+" "+common.Clean(err.Error()))
				}
				return tea.Batch(m.activate(i), cmd)
			}
			return m.activate(i)
		}
	}
	if name == "events" || name == "event" {
		return common.Notify(common.LevelWarn, "the console receives no webhooks: start it with --events-listen ADDR, or set listen under [events] in the config")
	}
	return common.Notify(common.LevelError, "unknown command :"+name+" (try :help)")
}

// profileMsg is the context of another profile, built off the Update path:
// loading it may read the config and run a token_command.
type profileMsg struct {
	seq  uint64 // the switch it answers: only the latest is taken
	name string
	ctx  *common.Context
	err  error
}

// switchProfile starts building another profile's context.
func (m *Model) switchProfile(name string) tea.Cmd {
	if m.switcher == nil {
		return common.Notify(common.LevelWarn, "profiles come from a config file; none is in use")
	}
	m.profileSeq++
	switcher, seq := m.switcher, m.profileSeq
	// Shown now, not by a command racing the answer: a quick refusal must
	// not be overwritten by it.
	wait := m.setNotice(common.NoticeMsg{Level: common.LevelInfo, Text: "switching to profile " + name + "…"})
	return tea.Batch(wait, func() tea.Msg {
		ctx, err := switcher(name)
		return profileMsg{seq: seq, name: name, ctx: ctx, err: err}
	})
}

// onProfile rebuilds the console on the new profile. The old panes' work
// is cancelled, and answers still in flight carry their generation and are
// dropped.
func (m *Model) onProfile(msg profileMsg) tea.Cmd {
	if msg.seq != m.profileSeq {
		if msg.ctx != nil {
			msg.ctx.Stop() // a switch asked for later wins
		}
		return nil
	}
	if msg.err != nil {
		return common.Notify(common.LevelError, "✗ profile "+msg.name+": "+msg.err.Error())
	}
	old := m.ctx
	msg.ctx.Output = old.Output
	m.panes[m.active].SetActive(false)
	for _, s := range m.stacks {
		s.Clear()
	}
	old.Stop()
	m.ctx = msg.ctx
	m.mount()
	return tea.Batch(common.Notify(common.LevelOK, "✓ switched to profile "+msg.name), m.start())
}
