package ui

import (
	"github.com/wasender-tui/wasender-tui/ui/auditview"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/contacts"
	"github.com/wasender-tui/wasender-tui/ui/groups"
	"github.com/wasender-tui/wasender-tui/ui/logs"
	"github.com/wasender-tui/wasender-tui/ui/sessions"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// buildPanes makes the console's panes, in tab order.
func buildPanes(ctx *common.Context) []view.Pane {
	return []view.Pane{
		&legacyPane{sessions.New(ctx)},
		&legacyPane{groups.New(ctx)},
		&legacyPane{contacts.New(ctx)},
		&legacyPane{logs.New(ctx)},
		auditview.New(ctx),
	}
}
