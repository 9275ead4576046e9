package logs

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/config"
	"github.com/wasender-tui/wasender-tui/ui/common"
)

// SaveDir is where ctrl+s writes logs: $XDG_STATE_HOME/wasender-tui/logs.
func SaveDir() string { return filepath.Join(config.StateDir(nil), "logs") }

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// saveName is the file a save would write now, within SaveDir: .log for
// lines, .jsonl for JSON lines.
func (m *Model) saveName(ext string) string {
	return fmt.Sprintf("%s-%s-%s.%s",
		strings.Trim(unsafeName.ReplaceAllString(strings.ToLower(m.sessionTitle()), "-"), "-"),
		strings.ReplaceAll(m.kindTitle(), " ", "-"),
		m.ctx.Now().Format("20060102-150405"), ext)
}

// save writes the lines shown (filters applied) to a new file, mode 0600,
// written whole or not at all, and notes the write in the audit trail:
// over SSH it is a file written on the server. Lines are whole, never cut
// to the screen, with full UTC times; JSON lines carry the API's fields
// and the session, one entry a line.
func (m *Model) save(jsonLines bool) tea.Cmd {
	var b strings.Builder
	for _, seq := range m.list.Lines {
		e := m.ring.at(seq)
		if e == nil {
			continue
		}
		if jsonLines {
			b.WriteString(jsonLine(e))
		} else {
			b.WriteString(fileLine(e, m.ctx.Sessions.Name(e.session)))
		}
		b.WriteByte('\n')
	}
	ext := "log"
	if jsonLines {
		ext = "jsonl"
	}
	return m.ctx.Trail().Save(common.Save{Action: "save log", Dir: SaveDir(), Name: m.saveName(ext), Content: b.String(),
		Saved: common.Plural(len(m.list.Lines), "line", "lines"), Saving: "the log"})
}

// fileLine is an entry in full for a file: RFC 3339 UTC, the session by
// name and id, and every field the screen may cut.
func fileLine(e *entry, name string) string {
	var b strings.Builder
	b.WriteString(e.at.UTC().Format(time.RFC3339))
	b.WriteString("  " + common.Clean(name) + " (" + common.Clean(string(e.session)) + ")  ")
	switch e.kind {
	case kindGap:
		b.WriteString("⚠ " + e.text)
	case kindSession:
		b.WriteString("#" + common.Clean(string(e.id)) + "  " + e.status + "  " + e.event)
	default:
		b.WriteString("#" + common.Clean(string(e.id)) + "  " + e.status + "  to " + e.to + "  " + e.text)
		if e.failed != "" {
			b.WriteString("  failed_reason: " + e.failed)
		}
		if e.msg != nil && !e.msg.UpdatedAt.IsZero() {
			b.WriteString("  updated " + e.msg.UpdatedAt.UTC().Format(time.RFC3339))
		}
	}
	return b.String()
}

// jsonLine is an entry as one JSON object: the API's fields (clean, as
// decoded; the content as sent, through api.SafeJSON) plus "session"; a
// gap as {"gap": …}.
func jsonLine(e *entry) string {
	var v any
	switch {
	case e.kind == kindGap:
		v = map[string]any{"gap": map[string]any{"session": string(e.session), "text": e.text}}
	case e.msg != nil:
		v = struct {
			api.MessageLog
			Session string `json:"session"`
		}{*e.msg, string(e.session)}
	case e.slog != nil:
		v = struct {
			api.SessionLog
			Session string `json:"session"`
		}{*e.slog, string(e.session)}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return `{"error":` + strconv.Quote(err.Error()) + `}`
	}
	return string(api.SafeJSON(b))
}
