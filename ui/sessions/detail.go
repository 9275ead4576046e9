package sessions

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/table"
	"github.com/wasender-tui/wasender-tui/ui/keys"
	"github.com/wasender-tui/wasender-tui/ui/pairview"
	"github.com/wasender-tui/wasender-tui/ui/sessionops"
)

// detail is a session's details: every field the API returns, secrets
// masked until revealed, the session's actions at hand.
type detail struct {
	list    *Model
	gen     uint64
	id      api.ID
	base    api.Session  // from the list, shown until details arrive
	full    *api.Session // from GET /whatsapp-sessions/{id}, with secrets
	loading bool
	err     error
	reveal  bool
	cursor  int
	offset  int
	actions []keys.Action

	width, height int
}

type detailField struct {
	label  string
	value  string
	secret bool
	status bool
}

// openDetail shows s's details over the list and reads them in full.
func (m *Model) openDetail(s api.Session) tea.Cmd {
	d := &detail{list: m, gen: common.NextGen(), id: s.ID, base: s, loading: m.ctx.Client.HasToken()}
	viewer := m.ctx.Role == common.RoleViewer
	d.actions = append([]keys.Action{
		keys.Back.Doing(func() { m.stack.Close(d) }),
		keys.New("reveal/hide secrets", "v").Doing(func() { d.reveal = !d.reveal }).When(func() bool { return !viewer }),
		keys.New("copy field (OSC52)", "y").Does(d.copy),
		keys.New("refresh", "r", "ctrl+r").Does(func() tea.Cmd { return tea.Batch(d.fetch(), m.refresh()) }),
	}, m.ops.Actions(func() (api.Session, bool) { return d.session(), true })...)
	d.actions = append(d.actions, keys.Navigation(d)...)
	m.stack.Push(d)
	if !d.loading {
		return nil
	}
	return d.fetch()
}

func (d *detail) fetch() tea.Cmd {
	if !d.list.ctx.Client.HasToken() {
		return nil
	}
	d.loading = true
	client, gen, ctx, id := d.list.ctx.Client, d.gen, d.list.ctx.Lifetime, d.id
	return func() tea.Msg {
		s, err := client.GetSession(ctx, id)
		return detailMsg{gen: gen, id: id, session: s, err: err}
	}
}

func (d *detail) Actions() []keys.Action { return d.actions }

func (d *detail) SetSize(w, h int) {
	d.width, d.height = w, h
	d.Move(0)
}

// Update takes the details, and the outcome of actions on this session:
// after an op or a pairing (from here or from any pane) it reads the
// session again, so its state and the keys offered follow.
func (d *detail) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case pairview.DoneMsg:
		if msg.ID == d.id {
			return d.fetch()
		}
	case detailMsg:
		if msg.gen == d.gen && msg.id == d.id {
			d.loading, d.err = false, msg.err
			if msg.err == nil {
				s := msg.session
				d.full = &s
			}
		}
	case sessionops.DoneMsg:
		if msg.ID != d.id || msg.Err != nil {
			return nil
		}
		switch msg.Op {
		case sessionops.Delete:
			d.list.stack.Close(d)
		case sessionops.Update:
			if msg.Session != nil {
				s := *msg.Session
				d.full = &s
			}
		case sessionops.Regenerate:
			if d.full != nil {
				d.full.APIKey = api.Text(msg.Key)
			}
			return d.fetch()
		default:
			return d.fetch()
		}
	}
	return nil
}

// session is the best copy known: the details, else the list's newest
// (it may have refreshed since), else the one opened.
func (d *detail) session() api.Session {
	if d.full != nil {
		return *d.full
	}
	if s, ok := d.list.session(d.id); ok {
		return s
	}
	return d.base
}

func (d *detail) copy() tea.Cmd {
	c := d.list.ctx
	f := d.fields()[d.cursor]
	switch {
	case f.secret && c.Role == common.RoleViewer:
		return common.Notify(common.LevelWarn, "viewers cannot copy secrets")
	case f.secret && !d.reveal:
		return common.Notify(common.LevelWarn, "reveal secrets with v before copying "+f.label)
	}
	if f.value == "" {
		return common.Notify(common.LevelWarn, f.label+" is empty")
	}
	return c.Copy(f.label, f.value)
}

// The field cursor: the navigation keys move it, the view scrolls with it.
func (d *detail) Move(n int) {
	fields := len(d.fields())
	d.cursor = max(0, min(d.cursor+n, fields-1))
	h := d.rows()
	if d.cursor < d.offset {
		d.offset = d.cursor
	}
	if d.cursor >= d.offset+h {
		d.offset = d.cursor - h + 1
	}
	d.offset = max(0, min(d.offset, fields-h))
}
func (d *detail) Page() int { return max(d.rows()-1, 1) }
func (d *detail) Home()     { d.Move(-d.cursor) }
func (d *detail) End()      { d.Move(len(d.fields())) }
func (d *detail) rows() int { return max(d.height-1, 1) }

func (d *detail) fields() []detailField {
	s := d.session()
	now := d.list.ctx.Now()
	ts := func(t api.Time) string {
		if t.IsZero() {
			return "-"
		}
		return t.Local().Format("2006-01-02 15:04:05 MST") + "  (" + common.Since(now, t.Time) + ")"
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
	if d.list.ctx.KeyOnly() {
		return keyOnlyFields(s)
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

// keyOnlyFields are the details of a session known by its API key alone:
// its state and number, and every other field unknown, saying why.
func keyOnlyFields(s api.Session) []detailField {
	const why = unknown + " (needs the personal token: WASENDER_TOKEN)"
	or := func(v string) string {
		if v = common.Clean(v); v == "" {
			return why
		}
		return v
	}
	fields := []detailField{
		{label: "id", value: or(string(s.ID))},
		{label: "name", value: or(string(s.Name))},
		{label: "phone_number", value: or(string(s.PhoneNumber))},
		{label: "status", value: string(s.Status), status: true},
	}
	for _, l := range []string{"account_protection", "log_messages", "read_incoming_messages", "webhook_enabled", "webhook_url", "webhook_events",
		"auto_reject_calls", "always_online", "ignore_groups", "ignore_channels", "ignore_broadcasts", "proxy_url", "last_active_at", "created_at", "updated_at"} {
		fields = append(fields, detailField{label: l, value: why})
	}
	return fields
}

// shown is what the operator sees of a field: secrets masked unless
// revealed, and never for viewers.
func (d *detail) shown(f detailField) string {
	if !f.secret {
		return f.value
	}
	switch {
	case f.value == "" && d.loading:
		return "loading…"
	case f.value == "":
		return "-"
	case d.list.ctx.Role == common.RoleViewer:
		return "hidden from viewers"
	case d.reveal:
		return f.value
	}
	return common.Mask(f.value)
}

func (d *detail) View() string {
	st := d.list.ctx.Styles
	s := d.session()
	fields := d.fields()
	title := st.Title.Render(sessionops.Name(s)) + "  " + st.Status(string(s.Status)).Render()
	switch {
	case d.loading:
		title += st.Dim.Render("  loading details…")
	case d.err != nil:
		title += "  " + st.Error.Render("✗ "+common.ErrorText(d.err))
	case !d.list.ctx.Client.HasToken():
		title += st.Dim.Render("  (details need a personal access token)")
	}
	lines := []string{ansi.Truncate(title, d.width, "…")}
	labelW := 24
	valueW := max(d.width-labelW-4, 8)
	for i := d.offset; i < len(fields) && i < d.offset+d.rows(); i++ {
		f := fields[i]
		label := table.Fit(f.label, labelW)
		shown := d.shown(f)
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
	return common.FitHeight(strings.Join(lines, "\n"), d.height)
}
