package groups

import "github.com/wasender-tui/wasender-tui/ui/common"

type keyMap struct {
	Pick, Filter, Sort, Reverse, Open, Back, Reload common.Action
	CopyJID, CopyLink                               common.Action
}

func newKeyMap() keyMap {
	return keyMap{
		Pick:     common.NewAction("p", "pick session", "p"),
		Filter:   common.NewAction("/", "filter", "/"),
		Sort:     common.NewAction("s", "sort by next column", "s"),
		Reverse:  common.NewAction("S", "reverse sort", "S"),
		Open:     common.NewAction("enter", "details", "enter"),
		Back:     common.NewAction("esc", "back", "esc"),
		Reload:   common.NewAction("r", "reload", "r"),
		CopyJID:  common.NewAction("y", "copy jid", "y"),
		CopyLink: common.NewAction("l", "copy invite link", "l"),
	}
}
