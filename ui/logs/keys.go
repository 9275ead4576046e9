package logs

import "github.com/wasender-tui/wasender-tui/ui/common"

type keyMap struct {
	Pick, Kind, Follow, Filter, Next, Prev, HideToggle common.Action
	Status, Event, Window, Time, Wrap                  common.Action
	Open, Copy, Save, Refresh, Back                    common.Action
}

func newKeyMap() keyMap {
	return keyMap{
		Pick:       common.NewAction("p", "pick session", "p"),
		Kind:       common.NewAction("m", "message/session logs", "m"),
		Follow:     common.NewAction("f", "follow", "f", "end", "G"),
		Filter:     common.NewAction("/", "filter", "/"),
		Next:       common.NewAction("n", "next match", "n"),
		Prev:       common.NewAction("N", "previous match", "N"),
		HideToggle: common.NewAction("H", "hide/show non-matching", "H"),
		Status:     common.NewAction("F", "status filter", "F"),
		Event:      common.NewAction("E", "event filter", "E"),
		Window:     common.NewAction("W", "time window", "W"),
		Time:       common.NewAction("t", "local/UTC time", "t"),
		Wrap:       common.NewAction("w", "wrap", "w"),
		Open:       common.NewAction("enter", "details", "enter"),
		Copy:       common.NewAction("y", "copy line", "y"),
		// Saving writes a file on the host the console runs on (the
		// server, over SSH): only operators may.
		Save:    common.NewAction("ctrl+s", "save", "ctrl+s").Mutating(),
		Refresh: common.NewAction("r", "poll now", "r"),
		Back:    common.NewAction("esc", "back", "esc"),
	}
}
