package ui

import (
	"github.com/wasender-tui/wasender-tui/ui/auditview"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/contacts"
	"github.com/wasender-tui/wasender-tui/ui/events"
	"github.com/wasender-tui/wasender-tui/ui/groups"
	"github.com/wasender-tui/wasender-tui/ui/healthview"
	"github.com/wasender-tui/wasender-tui/ui/logs"
	"github.com/wasender-tui/wasender-tui/ui/sessions"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// panes make the console's panes, in tab order; each opens its views on
// the stack it is given. A builder may make none (nil): the Events pane is
// there only while the console listens for webhooks.
var panes = []func(*common.Context, *view.Stack) view.Pane{
	func(ctx *common.Context, s *view.Stack) view.Pane { return sessions.New(ctx, s) },
	func(ctx *common.Context, s *view.Stack) view.Pane { return groups.New(ctx, s) },
	func(ctx *common.Context, s *view.Stack) view.Pane { return contacts.New(ctx, s) },
	func(ctx *common.Context, s *view.Stack) view.Pane { return logs.New(ctx, s) },
	func(ctx *common.Context, s *view.Stack) view.Pane { return auditview.New(ctx, s) },
	func(ctx *common.Context, s *view.Stack) view.Pane { return healthview.New(ctx, s) },
	func(ctx *common.Context, s *view.Stack) view.Pane {
		// A nil *events.Model in a view.Pane would not be a nil Pane.
		if p := events.New(ctx, s); p != nil {
			return p
		}
		return nil
	},
}
