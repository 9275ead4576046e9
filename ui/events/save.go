package events

import (
	"path/filepath"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api/webhook"
	"github.com/wasender-tui/wasender-tui/config"
	"github.com/wasender-tui/wasender-tui/ui/common"
)

// SaveDir is where ctrl+s writes events: $XDG_STATE_HOME/wasender-tui/events.
func SaveDir() string { return filepath.Join(config.StateDir(nil), "events") }

// saveName is the file a save would write now.
func (m *Model) saveName() string {
	who := "all"
	if s := m.filters.session; s != "" {
		who = "session-" + s
	}
	return "events-" + safeName(who) + "-" + m.ctx.Now().Format("20060102-150405") + ".jsonl"
}

// safeName keeps letters, digits, dots and dashes.
func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '.' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return r
		}
		return '-'
	}, s)
}

// save writes the events shown (filters applied) as JSON lines, as
// `events --json` prints them: the envelope as received, every string
// cleaned and the API key masked, plus session, received_at and repeat.
// The file has mode 0600 and is in the audit trail.
func (m *Model) save() tea.Cmd {
	var b strings.Builder
	n := 0
	for _, seq := range m.list.Lines {
		r := m.ring.at(seq)
		if r == nil || r.ev == nil {
			continue
		}
		line, err := eventJSON(r.ev)
		if err != nil {
			continue // a body the receiver accepted always re-reads
		}
		b.WriteString(line)
		b.WriteByte('\n')
		n++
	}
	return m.ctx.Trail().Save(common.Save{Action: "save events", Dir: SaveDir(), Name: m.saveName(), Content: b.String(),
		Saved: common.Plural(n, "event", "events"), Saving: "the events"})
}

// eventJSON is an event as `events --json` has it, cleaned, with the
// session's API key masked.
func eventJSON(e *webhook.Event) (string, error) {
	return cleanJSON(e.Annotated(common.Mask), "")
}
