package sessions

import "github.com/wasender-tui/wasender-tui/ui/common"

type keyMap struct {
	Open, Back, Filter, Sort, Reverse, Refresh common.Action
	Create, Edit, Delete, Disconnect, Restart  common.Action
	Regenerate, UserInfo, Reveal, Copy         common.Action
	Connect                                    common.Action
}

func newKeyMap() keyMap {
	return keyMap{
		Open:       common.NewAction("enter", "details", "enter"),
		Back:       common.NewAction("esc", "back", "esc"),
		Filter:     common.NewAction("/", "filter", "/"),
		Sort:       common.NewAction("s", "sort by next column", "s"),
		Reverse:    common.NewAction("S", "reverse sort", "S"),
		Refresh:    common.NewAction("r", "refresh", "r", "ctrl+r"),
		Connect:    common.NewAction("c", "connect (QR)", "c").Mutating(),
		Create:     common.NewAction("n", "new session", "n").Mutating(),
		Edit:       common.NewAction("e", "edit", "e").Mutating(),
		Delete:     common.NewAction("d", "delete", "d").Mutating(),
		Disconnect: common.NewAction("x", "disconnect", "x").Mutating(),
		Restart:    common.NewAction("R", "restart", "R").Mutating(),
		Regenerate: common.NewAction("K", "regenerate API key", "K").Mutating(),
		UserInfo:   common.NewAction("u", "WhatsApp user", "u"),
		Reveal:     common.NewAction("v", "reveal/hide secrets", "v"),
		Copy:       common.NewAction("y", "copy field (OSC52)", "y"),
	}
}
