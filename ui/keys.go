package ui

import "github.com/wasender-tui/wasender-tui/ui/common"

type globalKeys struct {
	Next, Prev, Help, Command, Quit common.Action
}

func newGlobalKeys() globalKeys {
	return globalKeys{
		Next:    common.NewAction("tab", "next pane", "tab"),
		Prev:    common.NewAction("shift+tab", "previous pane", "shift+tab"),
		Help:    common.NewAction("?", "help", "?"),
		Command: common.NewAction(":", "command", ":"),
		Quit:    common.NewAction("q", "quit", "q", "ctrl+c"),
	}
}

func (g globalKeys) all() []common.Action {
	return []common.Action{g.Next, g.Prev, g.Command, g.Help, g.Quit}
}
