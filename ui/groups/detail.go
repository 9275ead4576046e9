package groups

import (
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/table"
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

	offset int // first participant shown
}

type part int

const (
	partMeta part = iota
	partLink
	partPicture
)

type detailMsg struct {
	gen  uint64
	jid  string
	part part
	meta api.GroupMetadata
	text string
	err  error
	at   time.Time
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
	m.open, m.mode = d, modeDetail
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
	sc, gen, ctx, jid, now := m.ctx.Client.Session(m.session), m.gen, m.ctx.Lifetime, d.group.JID, m.ctx.Now
	switch p {
	case partMeta:
		d.metaBusy, d.metaErr = true, nil
		d.metaWait = m.ctx.Client.PaceDelay(m.session, api.EndpointGroupMetadata)
		return func() tea.Msg {
			meta, err := sc.GroupMetadata(ctx, jid)
			return detailMsg{gen: gen, jid: jid, part: partMeta, meta: meta, err: err, at: now()}
		}
	case partLink:
		d.linkBusy = true
		return func() tea.Msg {
			link, err := sc.GroupInviteLink(ctx, jid)
			return detailMsg{gen: gen, jid: jid, part: partLink, text: link, err: err, at: now()}
		}
	default:
		d.picBusy = true
		return func() tea.Msg {
			url, err := sc.GroupPicture(ctx, jid)
			return detailMsg{gen: gen, jid: jid, part: partPicture, text: url, err: err, at: now()}
		}
	}
}

func (m *Model) onDetail(msg detailMsg) tea.Cmd {
	d, ok := m.cache[msg.jid]
	if msg.gen != m.gen || !ok {
		return nil
	}
	switch msg.part {
	case partMeta:
		d.metaBusy, d.metaWait, d.metaErr = false, 0, msg.err
		if msg.err == nil {
			meta := msg.meta
			d.meta, d.metaAt = &meta, msg.at
			m.table.SetSource(view{m}) // the member count is known now
		}
	case partLink:
		d.linkBusy, d.link, d.linkErr = false, msg.text, msg.err
	case partPicture:
		d.picBusy, d.picture, d.picErr = false, msg.text, msg.err
	}
	return nil
}

func (m *Model) onDetailKey(k tea.KeyMsg) tea.Cmd {
	c, keys, d := m.ctx, m.keys, m.open
	switch {
	case c.Matches(k, keys.Back):
		m.mode, m.open = modeList, nil
	case c.Matches(k, keys.Reload):
		if d.metaBusy {
			return common.Notify(common.LevelInfo, "metadata is already being read")
		}
		d.link, d.linkErr, d.picture, d.picErr = "", nil, "", nil
		return tea.Batch(m.fetch(d, partMeta), m.fetch(d, partLink), m.fetch(d, partPicture))
	case c.Matches(k, keys.CopyJID):
		return c.Copy("the group's jid", d.group.JID)
	case c.Matches(k, keys.CopyLink):
		if d.link == "" {
			return common.Notify(common.LevelWarn, "no invite link to copy")
		}
		return c.Copy("the invite link", d.link)
	case k.String() == "down" || k.String() == "j":
		d.offset++
	case k.String() == "up" || k.String() == "k":
		d.offset--
	case k.String() == "pgdown":
		d.offset += 10
	case k.String() == "pgup":
		d.offset -= 10
	}
	return nil
}

func (m *Model) detailActions() []common.Action {
	k := m.keys
	reload := k.Reload
	reload.SetHelp("r", "read again (10/min)")
	link := k.CopyLink
	link.SetEnabled(m.open != nil && m.open.link != "")
	return []common.Action{k.Back, k.CopyJID, link, reload}
}

func (m *Model) detailView() string {
	st := m.ctx.Styles
	d := m.open
	w := max(m.width-2, 20)
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
		lines[0] += st.Dim.Render("  metadata read " + common.Since(m.ctx.Now(), d.metaAt) + " · r reads again")
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
		ps := meta.Participants
		admins := 0
		for _, p := range ps {
			if p.IsAdmin() {
				admins++
			}
		}
		lines = append(lines, "", st.Bold.Render("Members ("+common.Itoa(len(ps))+", "+common.Itoa(admins)+" admins)")+st.Dim.Render("  ★ superadmin · ☆ admin · ↑↓ scroll"))
		room := max(m.height-len(lines), 1)
		d.offset = max(0, min(d.offset, len(ps)-room))
		for i := d.offset; i < len(ps) && i < d.offset+room; i++ {
			lines = append(lines, "  "+participantLine(st.Warn.Render, ps[i]))
		}
	}
	return common.FitHeight(strings.Join(lines, "\n"), m.height)
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
	if p := api.JIDPhone(jid); p != "" {
		return p + " (" + jid + ")"
	}
	return jid
}
