package groups

import (
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/table"
	"github.com/wasender-tui/wasender-tui/ui/keys"
)

// groupDetail is what is known of one group. Metadata is limited to 10
// reads a minute per session, so it is read when a group is opened, kept,
// shown with its age, and read again only on r.
type groupDetail struct {
	group api.Group

	meta     *api.GroupMetadata
	metaAt   time.Time
	metaErr  error
	metaBusy bool
	metaWait time.Duration

	link     string
	linkErr  error
	linkBusy bool

	picture string
	picErr  error
	picBusy bool
}

type part int

const (
	partMeta part = iota
	partLink
	partPicture
)

// detailMsg is one part of a group's details, keyed by all it answers:
// the pane, the session and the group.
type detailMsg struct {
	gen     uint64
	session api.ID
	jid     string
	part    part
	meta    api.GroupMetadata
	text    string
	err     error
	at      time.Time
}

// openDetail shows a group, reading what is not cached yet. Moving the
// cursor in the list never reads anything: only enter and r do.
func (m *Model) openDetail(g api.Group) tea.Cmd {
	d, ok := m.cache[g.JID]
	if !ok {
		d = &groupDetail{group: g}
		m.cache[g.JID] = d
	}
	d.group = g
	v := &detailView{m: m, d: d}
	v.actions = append([]keys.Action{
		keys.Back.Doing(func() { m.stack.Close(v) }),
		copyJID.Does(func() tea.Cmd { return m.copyJID(d.group.JID) }),
		keys.New("copy invite link", "l").Does(func() tea.Cmd { return m.ctx.Copy("the invite link", d.link) }).When(func() bool { return d.link != "" }),
		keys.Reload.Described("read again (10/min)").Does(v.reload),
	}, keys.Navigation(&v.scroll)...)
	m.stack.Push(v)
	var cmds []tea.Cmd
	if d.meta == nil && !d.metaBusy {
		cmds = append(cmds, m.fetch(d, partMeta))
	}
	if d.link == "" && d.linkErr == nil && !d.linkBusy {
		cmds = append(cmds, m.fetch(d, partLink))
	}
	if d.picture == "" && d.picErr == nil && !d.picBusy {
		cmds = append(cmds, m.fetch(d, partPicture))
	}
	return tea.Batch(cmds...)
}

func (m *Model) fetch(d *groupDetail, p part) tea.Cmd {
	session := m.Session()
	sc, gen, ctx, jid, now := m.ctx.Client.Session(session), m.gen, m.ctx.Lifetime, d.group.JID, m.ctx.Now
	answer := func(msg detailMsg) tea.Msg {
		msg.gen, msg.session, msg.jid, msg.part, msg.at = gen, session, jid, p, now()
		return msg
	}
	switch p {
	case partMeta:
		d.metaBusy, d.metaErr = true, nil
		d.metaWait = m.ctx.Client.PaceDelay(session, api.EndpointGroupMetadata)
		return func() tea.Msg {
			meta, err := sc.GroupMetadata(ctx, jid)
			return answer(detailMsg{meta: meta, err: err})
		}
	case partLink:
		d.linkBusy = true
		return func() tea.Msg {
			link, err := sc.GroupInviteLink(ctx, jid)
			return answer(detailMsg{text: link, err: err})
		}
	default:
		d.picBusy = true
		return func() tea.Msg {
			url, err := sc.GroupPicture(ctx, jid)
			return answer(detailMsg{text: url, err: err})
		}
	}
}

func (m *Model) onDetail(msg detailMsg) {
	d, ok := m.cache[msg.jid]
	if msg.gen != m.gen || msg.session != m.Session() || !ok {
		return // another session's group, perhaps with the same jid
	}
	switch msg.part {
	case partMeta:
		d.metaBusy, d.metaWait, d.metaErr = false, 0, msg.err
		if msg.err == nil {
			meta := msg.meta
			d.meta, d.metaAt = &meta, msg.at
			m.Redraw() // the member count is known now
		}
	case partLink:
		d.linkBusy, d.link, d.linkErr = false, common.Clean(msg.text), msg.err
	case partPicture:
		d.picBusy, d.picture, d.picErr = false, common.Clean(msg.text), msg.err
	}
	for _, v := range m.stack.Views() {
		if v, ok := v.(*detailView); ok && v.d == d {
			v.layout()
		}
	}
}

// detailView shows one group.
type detailView struct {
	m             *Model
	d             *groupDetail
	actions       []keys.Action
	scroll        keys.Scroll // the members shown
	width, height int
}

func (v *detailView) Actions() []keys.Action { return v.actions }
func (v *detailView) Update(tea.Msg) tea.Cmd { return nil }

func (v *detailView) SetSize(w, h int) {
	v.width, v.height = w, h
	v.layout()
}

// layout fits the members list into what the rows above leave.
func (v *detailView) layout() {
	n := 0
	if v.d.meta != nil {
		n = len(v.d.meta.Participants)
	}
	v.scroll.Resize(n, max(v.height-len(v.head()), 1))
}

func (v *detailView) reload() tea.Cmd {
	d := v.d
	if d.metaBusy {
		return common.Notify(common.LevelInfo, "metadata is already being read")
	}
	d.link, d.linkErr, d.picture, d.picErr = "", nil, "", nil
	return tea.Batch(v.m.fetch(d, partMeta), v.m.fetch(d, partLink), v.m.fetch(d, partPicture))
}

// head is every line above the members.
func (v *detailView) head() []string {
	st := v.m.ctx.Styles
	d := v.d
	w := max(v.width-2, 20)
	row := func(label, value string) string {
		if value == "" {
			value = "-"
		}
		return "  " + st.Label.Render(table.Fit(label, 12)) + " " + table.Truncate(common.Clean(value), w-15)
	}
	errRow := func(label string, err error) string {
		return "  " + st.Label.Render(table.Fit(label, 12)) + " " + st.Error.Render(table.Truncate("✗ "+common.ErrorText(err), w-15))
	}
	name := d.group.Name
	if d.meta != nil && d.meta.Subject != "" {
		name = d.meta.Subject
	}
	lines := []string{st.Title.Render(common.Clean(name))}
	switch {
	case d.metaBusy && d.metaWait > 0:
		lines[0] += st.Warn.Render("  waiting " + d.metaWait.Round(time.Second).String() + " for the rate limit (10 metadata reads a minute)")
	case d.metaBusy:
		lines[0] += st.Dim.Render("  reading metadata…")
	case d.meta != nil:
		lines[0] += st.Dim.Render("  metadata read " + common.Since(v.m.ctx.Now(), d.metaAt) + " · r reads again")
	}
	lines = append(lines, "", row("jid", d.group.JID))
	if d.metaErr != nil {
		lines = append(lines, errRow("metadata", d.metaErr))
	}
	if meta := d.meta; meta != nil {
		created := "-"
		if !meta.Creation.IsZero() {
			created = meta.Creation.Local().Format("2006-01-02 15:04")
		}
		lines = append(lines,
			row("owner", ownerText(string(meta.Owner))),
			row("created", created),
			row("description", string(meta.Desc)),
		)
	}
	switch {
	case d.linkBusy:
		lines = append(lines, row("invite link", "reading…"))
	case d.linkErr != nil:
		lines = append(lines, errRow("invite link", d.linkErr))
	default:
		lines = append(lines, row("invite link", d.link))
	}
	switch {
	case d.picBusy:
		lines = append(lines, row("picture", "reading…"))
	case d.picErr != nil:
		lines = append(lines, errRow("picture", d.picErr))
	case d.picture == "":
		lines = append(lines, row("picture", "none"))
	default:
		lines = append(lines, row("picture", d.picture))
	}
	if meta := d.meta; meta != nil {
		admins := 0
		for _, p := range meta.Participants {
			if p.IsAdmin() {
				admins++
			}
		}
		lines = append(lines, "", st.Bold.Render("Members ("+common.Itoa(len(meta.Participants))+", "+common.Itoa(admins)+" admins)")+st.Dim.Render("  ★ superadmin · ☆ admin"))
	}
	return lines
}

func (v *detailView) View() string {
	lines := v.head()
	if meta := v.d.meta; meta != nil {
		ps := meta.Participants
		for i := v.scroll.Offset; i < len(ps) && i < v.scroll.Offset+v.scroll.H; i++ {
			lines = append(lines, "  "+participantLine(v.m.ctx.Styles.Warn.Render, ps[i]))
		}
	}
	return common.FitHeight(strings.Join(lines, "\n"), v.height)
}

func participantLine(mark func(...string) string, p api.Participant) string {
	phone := api.JIDPhone(p.JID)
	label := common.Clean(p.JID)
	if phone != "" {
		label = phone + "  " + label
	}
	switch p.Role {
	case "superadmin":
		return mark("★") + " " + label + "  superadmin"
	case "admin":
		return mark("☆") + " " + label + "  admin"
	}
	return "  " + label
}

func ownerText(jid string) string {
	jid = common.Clean(jid)
	if p := api.JIDPhone(jid); p != "" {
		return p + " (" + jid + ")"
	}
	return jid
}
