package groups

import (
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/ratewait"
	"github.com/wasender-tui/wasender-tui/ui/components/table"
	"github.com/wasender-tui/wasender-tui/ui/keys"
	"github.com/wasender-tui/wasender-tui/ui/styles"
)

// groupDetail is what is known of one group. Metadata is limited to 10
// reads a minute per session, so it is read when a group is opened, kept,
// shown with its age, and read again only on r.
type groupDetail struct {
	group api.Group
	reads [3]*ratewait.Read // by part: each waits out the rate limit by itself

	meta     *api.GroupMetadata
	metaAt   time.Time
	metaErr  error
	metaBusy bool

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
		for i := range d.reads {
			d.reads[i] = ratewait.New(m.ctx)
			d.reads[i].YieldTo(func() bool { return m.shownWaits(d) })
		}
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
	// The read waits for the rate limit here, on screen, not in the client.
	sc, gen, ctx, jid, now := m.ctx.Client.Session(session), m.gen, api.NoWait(m.ctx.Lifetime), d.group.JID, m.ctx.Now
	answer := func(msg detailMsg) tea.Msg {
		msg.gen, msg.session, msg.jid, msg.part, msg.at = gen, session, jid, p, now()
		return msg
	}
	var ep api.Endpoint // paced endpoints wait their turn; any waits out a hold
	var call tea.Cmd
	switch p {
	case partMeta:
		d.metaBusy, d.metaErr, ep = true, nil, api.EndpointGroupMetadata
		call = func() tea.Msg {
			meta, err := sc.GroupMetadata(ctx, jid)
			return answer(detailMsg{meta: meta, err: err})
		}
	case partLink:
		d.linkBusy, d.linkErr = true, nil
		call = func() tea.Msg {
			link, err := sc.GroupInviteLink(ctx, jid)
			return answer(detailMsg{text: link, err: err})
		}
	default:
		d.picBusy, d.picErr = true, nil
		call = func() tea.Msg {
			url, err := sc.GroupPicture(ctx, jid)
			return answer(detailMsg{text: url, err: err})
		}
	}
	client := m.ctx.Client
	return d.reads[p].Start(func() time.Duration { return client.PaceDelay(session, ep) }, func() tea.Cmd { return call })
}

func (m *Model) onDetail(msg detailMsg) tea.Cmd {
	d, ok := m.cache[msg.jid]
	if msg.gen != m.gen || msg.session != m.Session() || !ok {
		return nil // another session's group, perhaps with the same jid
	}
	if cmd, again := d.reads[msg.part].Retry(msg.err); again {
		m.relayout(d)
		return cmd // rate limited: it tries again when the wait is over
	}
	switch msg.part {
	case partMeta:
		d.metaBusy, d.metaErr = false, msg.err
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
	m.relayout(d)
	return nil
}

// relayout fits the open views of d to what is known now.
func (m *Model) relayout(d *groupDetail) {
	for _, v := range m.stack.Views() {
		if v, ok := v.(*detailView); ok && v.d == d {
			v.layout()
		}
	}
}

// shownWaits reports whether a group other than d is on screen with a
// read waiting or under way: a read for a group closed meanwhile gives
// that one the slot, so the rate limit is spent where the operator looks.
func (m *Model) shownWaits(d *groupDetail) bool {
	v, ok := m.stack.Top().(*detailView)
	if !ok || v.d == d {
		return false
	}
	o := v.d
	return o.metaBusy || o.linkBusy || o.picBusy
}

// onTick moves the countdowns of the reads waiting for the rate limit, and
// starts those whose wait is over.
func (m *Model) onTick(msg tea.Msg) (tea.Cmd, bool) {
	for _, d := range m.cache {
		for _, r := range d.reads {
			if cmd, ok := r.Update(msg); ok {
				return cmd, true
			}
		}
	}
	return nil, false
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
	case d.metaBusy && d.reads[partMeta].Waiting():
		lines[0] += st.Warn.Render("  " + d.reads[partMeta].Text() + " (10 metadata reads a minute)")
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
			row("owner", ownerText(string(meta.Owner), v.m.ctx.Contacts.Name(v.m.Session(), string(meta.Owner)))),
			row("created", created),
			row("description", string(meta.Desc)),
			row("messages", setting(meta.Announce, "only admins send (announce)", "everyone sends")),
			row("group info", setting(meta.Restrict, "only admins edit it (restrict)", "everyone edits it")),
		)
	}
	switch {
	case d.linkBusy && d.reads[partLink].Waiting():
		lines = append(lines, row("invite link", d.reads[partLink].Text()))
	case d.linkBusy:
		lines = append(lines, row("invite link", "reading…"))
	case d.linkErr != nil:
		lines = append(lines, errRow("invite link", d.linkErr))
	default:
		lines = append(lines, row("invite link", d.link))
	}
	switch {
	case d.picBusy && d.reads[partPicture].Waiting():
		lines = append(lines, row("picture", d.reads[partPicture].Text()))
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
		lines = append(lines, "", st.Bold.Render("Members ("+common.Itoa(len(meta.Participants))+", "+common.Plural(admins, "admin", "admins")+")")+st.Dim.Render("  ★ superadmin · ☆ admin"))
	}
	return lines
}

func (v *detailView) View() string {
	lines := v.head()
	if meta := v.d.meta; meta != nil {
		ps := meta.Participants
		names, session := v.m.ctx.Contacts, v.m.Session()
		w := max(v.width-4, 20)
		for i := v.scroll.Offset; i < len(ps) && i < v.scroll.Offset+v.scroll.H; i++ {
			lines = append(lines, "  "+participantLine(v.m.ctx.Styles, ps[i], names.Name(session, ps[i].JID), w))
		}
	}
	return common.FitHeight(strings.Join(lines, "\n"), v.height)
}

// participantLine is one member: its mark, number, the name the console
// knows it by (its contacts), and its role.
func participantLine(st *styles.Styles, p api.Participant, name string, w int) string {
	jid := common.Clean(p.JID)
	who := jid
	if phone := api.JIDPhone(jid); phone != "" {
		who = table.Fit(phone, 16) + " " + table.Fit(name, 24) + " " + st.Dim.Render(jid)
	} else if name != "" {
		who = name + "  " + jid
	}
	mark, role := "  ", ""
	switch p.Role {
	case "superadmin":
		mark, role = st.Warn.Render("★")+" ", "  superadmin"
	case "admin":
		mark, role = st.Warn.Render("☆")+" ", "  admin"
	}
	return ansi.Truncate(mark+who+role, w, "…")
}

// ownerText is the owner's number, with the name the console knows.
func ownerText(jid, name string) string {
	jid = common.Clean(jid)
	p := api.JIDPhone(jid)
	switch {
	case p != "" && name != "":
		return p + " " + name + " (" + jid + ")"
	case p != "":
		return p + " (" + jid + ")"
	}
	return jid
}

// setting describes a group setting the API may not send: what on and off
// mean, or "-".
func setting(v *api.Bool, on, off string) string {
	switch {
	case v == nil:
		return ""
	case bool(*v):
		return on
	}
	return off
}
