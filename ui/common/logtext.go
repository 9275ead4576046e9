package common

import "github.com/wasender-tui/wasender-tui/api"

// NotLogged stands for the content of a message its session did not log.
const NotLogged = "(content not logged: the session has log_messages off)"

// MessageText is a message log entry's content as text, clean; NotLogged
// where the API logged none (no content, or null). The console and the
// logs command both print it.
func MessageText(l api.MessageLog) string {
	text := Clean(l.Content.Text())
	if text == "" && (len(l.Content.Raw) == 0 || string(l.Content.Raw) == "null") {
		return NotLogged
	}
	return text
}

// MessageTo is who a message log entry went to, clean, or "-".
func MessageTo(l api.MessageLog) string {
	if to := Clean(string(l.To)); to != "" {
		return to
	}
	return "-"
}
