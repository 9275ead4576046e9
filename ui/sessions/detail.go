package sessions

import (
	"github.com/charmbracelet/x/ansi"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/table"
)

type detailState struct {
	id      api.ID
	base    api.Session  // from the list, shown until details arrive
	full    *api.Session // from GET /whatsapp-sessions/{id}, with secrets
	loading bool
	err     error
	reveal  bool
	cursor  int
	offset  int
}

type detailField struct {
	label  string
	value  string
	secret bool
	status bool
}

func (m *Model) openDetail(s api.Session) tea.Cmd {
	m.mode = modeDetail
	m.detail = detailState{id: s.ID, base: s, loading: true}
	if !m.ctx.Client.HasToken() {
		m.detail.loading = false
		return nil
	}
	return m.fetchDetail(s.ID)
}

// closeDetail leaves the details and masks the secrets again.
func (m *Model) closeDetail() {
	m.mode = modeList
	m.detail = detailState{}
}

func (m *Model) detailSession() api.Session {
	if m.detail.full != nil {
		return *m.detail.full
	}
	// The list may have refreshed since: show its newest copy.
	for _, r := range m.rows {
		if r.s.ID == m.detail.id {
			return r.s
		}
	}
	return m.detail.base
}

func (m *Model) detailFields() []detailField {
	s := m.detailSession()
	ts := func(t api.Time) string {
		if t.IsZero() {
			return "-"
		}
		return t.Local().Format("2006-01-02 15:04:05 MST") + "  (" + common.Since(m.ctx.Now(), t.Time) + ")"
	}
	events := strings.Join(s.WebhookEvents, ", ")
	if events == "" {
		events = "-"
	}
	orDash := func(t api.Text) string {
		if v := common.Clean(string(t)); v != "" {
			return v
		}
		return "-"
	}
	return []detailField{
		{label: "id", value: string(s.ID)},
		{label: "name", value: orDash(s.Name)},
		{label: "phone_number", value: orDash(s.PhoneNumber)},
		{label: "status", value: string(s.Status), status: true},
		{label: "account_protection", value: common.YesNo(bool(s.AccountProtection))},
		{label: "log_messages", value: common.YesNo(bool(s.LogMessages))},
		{label: "read_incoming_messages", value: common.YesNo(bool(s.ReadIncomingMessages))},
		{label: "webhook_enabled", value: common.YesNo(bool(s.WebhookEnabled))},
		{label: "webhook_url", value: common.RedactURL(orDash(s.WebhookURL))},
		{label: "webhook_events", value: common.Clean(events)},
		{label: "api_key", value: string(s.APIKey), secret: true},
		{label: "webhook_secret", value: string(s.WebhookSecret), secret: true},
		{label: "auto_reject_calls", value: common.YesNo(bool(s.AutoRejectCalls))},
		{label: "always_online", value: common.YesNo(bool(s.AlwaysOnline))},
		{label: "ignore_groups", value: common.YesNo(bool(s.IgnoreGroups))},
		{label: "ignore_channels", value: common.YesNo(bool(s.IgnoreChannels))},
		{label: "ignore_broadcasts", value: common.YesNo(bool(s.IgnoreBroadcasts))},
		{label: "proxy_url", value: common.RedactURL(orDash(s.ProxyURL))},
		{label: "last_active_at", value: ts(s.LastActiveAt)},
		{label: "created_at", value: ts(s.CreatedAt)},
		{label: "updated_at", value: ts(s.UpdatedAt)},
	}
}

// shown is what the operator sees of a field: secrets masked unless
// revealed, and never for viewers.
func (m *Model) shown(f detailField) string {
	if !f.secret {
		return f.value
	}
	switch {
	case f.value == "" && m.detail.loading:
		return "loading…"
	case f.value == "":
		return "-"
	case m.ctx.Role == common.RoleViewer:
		return "hidden from viewers"
	case m.detail.reveal:
		return f.value
	}
	return common.Mask(f.value)
}

func (m *Model) onDetailKey(k tea.KeyMsg) tea.Cmd {
	c, keys := m.ctx, m.keys
	fields := m.detailFields()
	switch {
	case c.Matches(k, keys.Back):
		m.closeDetail()
		return nil
	case c.Matches(k, keys.Refresh):
		m.detail.loading = true
		return tea.Batch(m.fetchDetail(m.detail.id), m.refresh())
	case c.Matches(k, keys.Reveal):
		if c.Role == common.RoleViewer {
			return common.Notify(common.LevelWarn, "viewers cannot see secrets")
		}
		m.detail.reveal = !m.detail.reveal
		return nil
	case c.Matches(k, keys.Copy):
		f := fields[m.detail.cursor]
		if f.secret && (c.Role == common.RoleViewer || !m.detail.reveal) {
			return common.Notify(common.LevelWarn, "reveal secrets with v before copying "+f.label)
		}
		if f.value == "" {
			return common.Notify(common.LevelWarn, f.label+" is empty")
		}
		return c.Copy(f.label, f.value)
	}
	if cmd, ok := m.sessionAction(k, m.detailSession()); ok {
		return cmd
	}
	switch k.String() {
	case "up", "k":
		m.detail.cursor--
	case "down", "j":
		m.detail.cursor++
	case "home", "g":
		m.detail.cursor = 0
	case "end", "G":
		m.detail.cursor = len(fields) - 1
	}
	m.detail.cursor = max(0, min(m.detail.cursor, len(fields)-1))
	return nil
}

func (m *Model) detailView() string {
	st := m.ctx.Styles
	s := m.detailSession()
	fields := m.detailFields()
	title := st.Title.Render(displayName(s)) + "  " + st.Status(string(s.Status)).Render()
	switch {
	case m.detail.loading:
		title += st.Dim.Render("  loading details…")
	case m.detail.err != nil:
		title += "  " + st.Error.Render("✗ "+common.ErrorText(m.detail.err))
	case !m.ctx.Client.HasToken():
		title += st.Dim.Render("  (details need a personal access token)")
	}
	lines := []string{ansi.Truncate(title, m.width, "…")}

	h := max(m.height-1, 1)
	d := &m.detail
	if d.cursor < d.offset {
		d.offset = d.cursor
	}
	if d.cursor >= d.offset+h {
		d.offset = d.cursor - h + 1
	}
	d.offset = max(0, min(d.offset, len(fields)-h))
	labelW := 24
	valueW := max(m.width-labelW-4, 8)
	for i := d.offset; i < len(fields) && i < d.offset+h; i++ {
		f := fields[i]
		label := table.Fit(f.label, labelW)
		shown := m.shown(f)
		if f.status {
			shown = st.Status(f.value).Plain()
		}
		value := table.Truncate(shown, valueW)
		switch {
		case i == d.cursor:
			lines = append(lines, st.TableSelected.Render("› "+label+" "+table.Fit(value, valueW)))
			continue
		case f.status:
			value = st.Status(f.value).Style.Render(value)
		case f.secret && f.value != "":
			value = st.Secret.Render(value)
		}
		lines = append(lines, "  "+st.Label.Render(label)+" "+value)
	}
	return strings.Join(lines, "\n") // the footer lists the keys
}
