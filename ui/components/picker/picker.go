// Package picker is a small dialog to choose one item from a list, with
// type-to-filter.
package picker

import (
	"strconv"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/styles"
)

// Option is one choice.
type Option struct {
	Key    string // what the caller gets back
	Label  string
	Detail string // shown dimmed after the label
}

// AllSessions is the key of the "all sessions" option.
const AllSessions = "*"

// SessionOptions are the account's sessions as options, optionally with
// an "All sessions" option first.
func SessionOptions(st *styles.Styles, list []api.Session, withAll bool) []Option {
	var opts []Option
	if withAll {
		opts = append(opts, Option{Key: AllSessions, Label: "All sessions", Detail: strconv.Itoa(len(list)) + " interleaved"})
	}
	for _, s := range list {
		if s.ID == "" {
			continue
		}
		opts = append(opts, Option{Key: string(s.ID), Label: common.Clean(string(s.Name)), Detail: common.Clean(string(s.ID)) + " · " + st.Status(string(s.Status)).Plain()})
	}
	return opts
}
