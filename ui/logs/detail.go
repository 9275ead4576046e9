package logs

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/table"
)

type detailState struct {
	entry   entry
	gen     uint64
	loading bool
	info    *api.MessageInfo
	err     error
}

type infoMsg struct {
	gen  uint64
	info api.MessageInfo
	err  error
}

// openDetail shows the selected line in full; for a message it also asks
// the API what WhatsApp knows of it (/messages/{id}/info).
func (m *Model) openDetail() tea.Cmd {
	e := m.selected()
	if e == nil || e.kind == kindGap {
		return nil
	}
	m.mode = modeDetail
	m.detail = detailState{entry: *e, gen: common.NextGen()}
	if e.kind != kindMessage {
		return nil
	}
	m.detail.loading = true
	client, gen, ctx, session, id := m.ctx.Client, m.detail.gen, m.ctx.Lifetime, e.session, e.id
	return func() tea.Msg {
		info, err := client.Session(session).MessageInfo(ctx, id)
		return infoMsg{gen: gen, info: info, err: err}
	}
}

func (m *Model) onInfo(msg infoMsg) {
	if msg.gen != m.detail.gen {
		return
	}
	m.detail.loading = false
	if msg.err != nil {
		m.detail.err = msg.err
		return
	}
	m.detail.info = &msg.info
}

func (m *Model) detailView() string {
	st := m.ctx.Styles
	e := m.detail.entry
	w := max(m.width-2, 20)
	row := func(label, value string) string {
		if value == "" {
			value = "-"
		}
		return st.Label.Render(table.Fit(label, 16)) + " " + table.Truncate(value, w-17)
	}
	lines := []string{st.Title.Render(strings.ToUpper(m.kindTitle()[:1])+m.kindTitle()[1:len(m.kindTitle())-1]+" "+string(e.id)) + st.Dim.Render("  esc back"), ""}
	lines = append(lines,
		row("session", m.ctx.Sessions.Name(e.session)+" ("+string(e.session)+")"),
		row("status", st.Status(e.status).Render()),
	)
	switch e.kind {
	case kindSession:
		lines = append(lines, row("event", e.event), row("occurred", m.stamp(e.at)))
	case kindMessage:
		l := e.msg
		lines = append(lines,
			row("to", e.to),
			row("created", m.stamp(l.CreatedAt.Time)),
			row("updated", m.stamp(l.UpdatedAt.Time)),
		)
		if e.failed != "" {
			lines = append(lines, st.Label.Render(table.Fit("failed_reason", 16))+" "+st.Error.Render("✗ "+e.failed))
		}
		lines = append(lines, "", st.Label.Render("content"))
		lines = append(lines, strings.Split(lipgloss.NewStyle().Width(w).Render(e.text), "\n")...)
		lines = append(lines, "", st.Label.Render("WhatsApp's view (/messages/"+string(e.id)+"/info)"))
		switch d := m.detail; {
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
				row("timestamp", m.stamp(i.Timestamp.Time)),
			)
		}
	}
	return common.FitHeight(strings.Join(lines, "\n"), m.height)
}
