package common

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api/audit"
)

// Trail is what a command needs to write to the audit trail off the Update
// path: the file (shared by every console of a server, so never written
// from Update), who acts, on which profile, by which clock.
type Trail struct {
	log     *audit.Log
	actor   string
	profile string
	now     func() time.Time
}

// Trail returns the console's audit trail, for a command to write to.
func (c *Context) Trail() Trail {
	return Trail{log: c.Audit, actor: c.Actor, profile: c.Profile, now: c.Now}
}

// Write appends one entry; a console without a trail writes nothing.
func (t Trail) Write(action, target, result string) error {
	if t.log == nil {
		return nil
	}
	return t.log.Write(audit.Entry{Time: t.now().UTC(), Actor: t.actor, Profile: t.profile, Action: action, Target: target, Result: result})
}

// Result is how an entry reads the outcome of something done: "ok" or
// "error: …".
func Result(err error) string {
	if err != nil {
		return "error: " + ErrorText(err)
	}
	return "ok"
}

// Refuse returns the command that writes a refused action (named as the
// audit trail names it, with its target) to the trail, then tells the
// operator, in words (desc), what their role may not do.
func (c *Context) Refuse(action, target, desc string) tea.Cmd {
	trail, role := c.Trail(), c.Role.String()
	return func() tea.Msg {
		text := "✗ your role (" + role + ") may not " + desc
		if err := trail.Write(action, target, "refused: "+role); err != nil {
			text += " (and the audit trail could not be written: " + err.Error() + ")"
		}
		return NoticeMsg{Level: LevelWarn, Text: text}
	}
}
