package logs

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/table"
	"github.com/wasender-tui/wasender-tui/ui/keys"
)

// detail is one line in full; for a message, with what WhatsApp knows of
// it (/messages/{id}/info).
type detail struct {
	m       *Model
	entry   entry
	gen     uint64
	loading bool
	info    *api.MessageInfo
	err     error
	actions []keys.Action
	scroll  keys.Scroll
	lines   []string // drawn in Update: the content wraps to the width

	width, height int
}

type infoMsg struct {
	gen  uint64
	info api.MessageInfo
	err  error
}

// openDetail shows the selected line in full.
func (m *Model) openDetail() tea.Cmd {
	e := m.selected()
	d := &detail{m: m, entry: *e}
	d.actions = append([]keys.Action{
		keys.New("back", "esc", "enter").Doing(func() { m.stack.Close(d) }),
		keys.New("read again", "r").Does(d.read).When(func() bool { return d.entry.kind == kindMessage && !d.loading }),
	}, keys.Navigation(&d.scroll)...)
	m.stack.Push(d)
	return d.read()
}

// read asks what WhatsApp knows of the message (/messages/{id}/info).
func (d *detail) read() tea.Cmd {
	if d.entry.kind != kindMessage {
		return nil
	}
	d.loading, d.gen = true, common.NextGen()
	d.draw()
	client, gen, ctx, session, id := d.m.ctx.Client, d.gen, d.m.ctx.Lifetime, d.entry.session, d.entry.id
	return func() tea.Msg {
		info, err := client.Session(session).MessageInfo(ctx, id)
		return infoMsg{gen: gen, info: info, err: err}
	}
}

// refreshDetail redraws the details in front when their entry changed (a
// message's status moved on while they are open).
func (m *Model) refreshDetail(u entry) {
	d, ok := m.stack.Top().(*detail)
	if !ok || d.entry.session != u.session || d.entry.id != u.id {
		return
	}
	d.entry = u
	d.draw()
}

func (d *detail) Actions() []keys.Action { return d.actions }

func (d *detail) SetSize(w, h int) {
	d.width, d.height = w, h
	d.draw()
}

func (d *detail) Update(msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(infoMsg); ok && msg.gen == d.gen {
		d.loading = false
		if msg.err != nil {
			d.err = msg.err
		} else {
			d.info = &msg.info
		}
		d.draw()
	}
	return nil
}

// draw lays the entry out for the view's width.
func (d *detail) draw() {
	m := d.m
	st := m.ctx.Styles
	e := d.entry
	w := max(d.width-2, 20)
	row := func(label, value string) string {
		if value == "" {
			value = "-"
		}
		return st.Label.Render(table.Fit(label, 16)) + " " + table.Truncate(value, w-17)
	}
	kind := "Session log "
	if e.kind == kindMessage {
		kind = "Message log "
	}
	lines := []string{st.Title.Render(kind + common.Clean(string(e.id))), ""}
	lines = append(lines,
		row("session", m.ctx.Sessions.Name(e.session)+" ("+common.Clean(string(e.session))+")"),
		row("status", st.Status(e.status).Render()),
	)
	switch e.kind {
	case kindSession:
		lines = append(lines, row("event", e.event), row("occurred", m.fullStamp(e.at)))
	case kindMessage:
		l := e.msg
		lines = append(lines,
			row("to", e.to),
			row("created", m.fullStamp(l.CreatedAt.Time)),
			row("updated", m.fullStamp(l.UpdatedAt.Time)),
		)
		if e.failed != "" {
			lines = append(lines, st.Label.Render(table.Fit("failed_reason", 16))+" "+st.Error.Render("✗ "+e.failed))
		}
		lines = append(lines, "", st.Label.Render("content"))
		lines = append(lines, strings.Split(st.Renderer.NewStyle().Width(w).Render(e.text), "\n")...)
		lines = append(lines, "", st.Label.Render("WhatsApp's view (/messages/"+common.Clean(string(e.id))+"/info)"))
		switch {
		case d.loading:
			lines = append(lines, st.Dim.Render("asking…"))
		case d.err != nil && api.IsStatus(d.err, 404):
			lines = append(lines, st.Dim.Render("not available for this entry: "+common.ErrorText(d.err)))
		case d.err != nil:
			lines = append(lines, st.Error.Render("✗ "+common.ErrorText(d.err)))
		case d.info != nil:
			i := d.info
			lines = append(lines,
				row("delivery", i.DeliveryStatus()),
				row("remote jid", common.Clean(string(i.RemoteJID))),
				row("message id", common.Clean(string(i.Key.ID))),
				row("from me", common.YesNo(bool(i.Key.FromMe))),
				row("timestamp", m.fullStamp(i.Timestamp.Time)),
			)
		}
	}
	d.lines = lines
	d.scroll.Resize(len(lines), d.height)
}

func (d *detail) View() string {
	end := min(d.scroll.Offset+d.height, len(d.lines))
	return common.FitHeight(strings.Join(d.lines[d.scroll.Offset:end], "\n"), d.height)
}
