package sessions

import (
	"github.com/charmbracelet/x/ansi"
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/table"
)

// Actions lists what the current view offers, enabled per state, for
// dispatch, help and role checks.
func (m *Model) Actions() []common.Action {
	k := m.keys
	token := m.ctx.Client.HasToken()
	var s *api.Session
	switch m.mode {
	case modeForm, modeConfirm, modeUser, modePair:
		return nil
	case modeDetail:
		d := m.detailSession()
		s = &d
	default:
		if r := m.selected(); r != nil {
			s = &r.s
		}
	}
	connected := s != nil && s.Status.Is(api.StatusConnected)
	manage := []common.Action{
		k.Connect.When(token && s != nil && !connected),
		k.Edit.When(token && s != nil),
		k.Delete.When(token && s != nil),
		k.Disconnect.When(token && s != nil),
		k.Restart.When(token && connected),
		k.Regenerate.When(token && s != nil),
		k.UserInfo.When(s != nil && connected),
	}
	if m.mode == modeDetail {
		return append([]common.Action{k.Back, k.Reveal.When(m.ctx.Role != common.RoleViewer), k.Copy, k.Refresh}, manage...)
	}
	return append([]common.Action{k.Open.When(s != nil), k.Filter, k.Sort, k.Reverse, k.Refresh, k.Create.When(token)}, manage...)
}

// View renders the pane in exactly its height.
func (m *Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	var body string
	switch m.mode {
	case modeDetail:
		body = m.detailView()
	case modeForm:
		body = m.form.View()
	case modeConfirm:
		body = m.center(m.confirm.View(m.width))
	case modeUser:
		body = m.center(m.userView())
	case modePair:
		return m.pair.View()
	default:
		body = m.listView()
	}
	return common.FitHeight(body, m.height)
}

func (m *Model) center(box string) string {
	return common.Center(m.width, m.height, box)
}

func (m *Model) listView() string {
	st := m.ctx.Styles
	if !m.loaded {
		msg := st.Dim.Render("loading sessions from " + m.ctx.Client.Host() + "…")
		if m.lastErr != nil {
			msg = st.Error.Render("✗ "+common.ErrorText(m.lastErr)) + "\n\n" + st.Dim.Render(hintFor(m.lastErr)+"   r retries")
		}
		return m.center(lipgloss.NewStyle().Width(min(m.width, 90)).Render(msg))
	}
	return m.table.View() + "\n" + m.statusLine()
}

// statusLine is the pane's last line: the filter being typed, or counts.
func (m *Model) statusLine() string {
	st := m.ctx.Styles
	if m.filtering {
		m.filter.Width = max(m.width-20, 10)
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
	if !m.ctx.Client.HasToken() {
		parts = append(parts, st.Warn.Render("API key only: set WASENDER_TOKEN to manage sessions"))
	}
	return ansi.Truncate(strings.Join(parts, st.Dim.Render(" · ")), m.width, "…")
}

func (m *Model) userView() string {
	st := m.ctx.Styles
	u := m.user
	row := func(label, value string) string {
		if value == "" {
			value = "-"
		}
		return st.Label.Render(table.Fit(label, 6)) + " " + common.Clean(value)
	}
	lines := []string{
		st.Title.Render("WhatsApp account of " + m.userFor),
		"",
		row("name", string(u.Name)),
		row("phone", u.Phone()),
		row("jid", string(u.ID)),
		row("lid", string(u.LID)),
		"",
		st.Dim.Render("esc close"),
	}
	return st.Dialog.Render(strings.Join(lines, "\n"))
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
