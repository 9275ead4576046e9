package contacts

import "github.com/wasender-tui/wasender-tui/ui/common"

type keyMap struct {
	Pick, Filter, Open, Back, Reload, Copy, Send common.Action
}

func newKeyMap() keyMap {
	return keyMap{
		Pick:   common.NewAction("p", "pick session", "p"),
		Filter: common.NewAction("/", "filter", "/"),
		Open:   common.NewAction("enter", "details", "enter"),
		Back:   common.NewAction("esc", "back", "esc"),
		Reload: common.NewAction("r", "reload", "r"),
		Copy:   common.NewAction("y", "copy phone", "y"),
		Send:   common.NewAction("m", "send a test message", "m").Mutating(),
	}
}
