package ui_test

import (
	"strings"
	"testing"
	"time"

	"github.com/wasender-tui/wasender-tui/ui/common"
)

// The Events pane's header has the other panes' shape: how many, of which
// sessions, and how fresh.
func TestEventsHeaderHasTheOthersShape(t *testing.T) {
	env, m, d, _ := listening(t, common.RoleOperator)
	start(t, d, m, 160, 30)
	env.Deliver(t, 12, `{"event":"session.status","data":{"status":"connected"}}`)
	d.Press("7")
	d.Advance(2 * time.Second)
	header := strings.Split(m.View(), "\n")[0]
	if !strings.HasSuffix(header, "1 event · all sessions · updated just now") {
		t.Errorf("header %q", header)
	}
}
