package sessions

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/common"
)

// View renders the pane in exactly its height.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	st := m.ctx.Styles
	if !m.loaded {
		msg := st.Dim.Render("loading sessions from " + m.ctx.Client.Host() + "…")
		// Whichever pane's read of the list failed last, this one's or
		// another's while this one's is on its way.
		if err := m.ctx.Sessions.Err(); err != nil {
			msg = st.Error.Render("✗ "+common.ErrorText(err)) + "\n\n" + st.Dim.Render(hintFor(err)+"   r retries")
		}
		return common.Center(st, m.width, m.height, st.Renderer.NewStyle().Width(min(m.width, 90)).Render(msg))
	}
	return common.FitHeight(m.table.View()+"\n"+m.statusLine(), m.height)
}

// statusLine is the pane's last line: the filter being typed, or counts.
func (m *Model) statusLine() string {
	st := m.ctx.Styles
	if m.Typing {
		return m.filter.View()
	}
	parts := []string{}
	shown, total := len(m.view.rows), len(m.rows)
	if q := m.filter.Value(); q != "" {
		parts = append(parts, "filter "+st.Bold.Render(q)+st.Dim.Render(" ("+strconv.Itoa(shown)+" of "+strconv.Itoa(total)+", esc clears)"))
	} else {
		parts = append(parts, st.Dim.Render(common.Plural(total, "session", "sessions")))
	}
	parts = append(parts, st.Dim.Render("sorted by "+strings.ToLower(columns()[m.sortCol].Title)))
	if h := m.health.text(); h != "" {
		style := st.Warn
		if m.health.down+m.health.attention == 0 {
			style = st.Dim // only reading
		}
		parts = append(parts, style.Render(h))
	}
	if m.ctx.KeyOnly() {
		parts = append(parts, st.Warn.Render("API key only: "+unknown+" needs the personal token (WASENDER_TOKEN)"))
	}
	return ansi.Truncate(strings.Join(parts, st.Dim.Render(" · ")), m.width, "…")
}

// hintFor suggests the next step for a failed load.
func hintFor(err error) string {
	e, ok := api.AsError(err)
	switch {
	case ok && e.Status == 401:
		return "Check the token: WASENDER_TOKEN, or token / token_env / token_command in the profile (wasender-tui config check)."
	case ok && e.Status == 403:
		return "The account may lack a subscription or the right to this call."
	case ok && e.Status == 429:
		return "The API is rate limiting this account; the console will retry."
	case ok && e.Status >= 500:
		return "The API is failing; the console keeps retrying."
	case ok && e.Status == 0:
		return "Is the API reachable? Check the network and WASENDER_API_URL."
	}
	return "Check the base URL and credentials (wasender-tui config check)."
}
