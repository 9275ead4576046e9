package contacts

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/confirm"
	"github.com/wasender-tui/wasender-tui/ui/components/input"
	"github.com/wasender-tui/wasender-tui/ui/components/table"
)

// How a sent test message is followed: every trackEvery until it is
// delivered, fails, or trackFor has passed.
const (
	trackEvery = 2 * time.Second
	trackFor   = 2 * time.Minute
)

// detail is one contact: its details from the API, its picture, and a test
// message being composed, confirmed, sent and followed.
type detail struct {
	gen     uint64
	contact api.Contact
	full    *api.Contact
	err     error
	loading bool

	picture     string
	pictureErr  error
	pictureWait time.Duration
	pictureBusy bool

	composing  bool
	text       textinput.Model
	confirming bool
	dialog     confirm.Model
	busy       string
	sendWait   time.Duration
	sendNo     uint64 // the current send; answers for an older one are dropped
	sent       *api.SendResult
	sentAt     time.Time
	sendErr    error
	delivery   []string // states seen, in order
	trackErr   error
}

type contactMsg struct {
	gen uint64
	c   api.Contact
	err error
}

type pictureMsg struct {
	gen uint64
	url string
	err error
}

type sentMsg struct {
	gen, send uint64
	to        string // who it was for, for the notice
	res       api.SendResult
	err       error
}

type deliveryMsg struct {
	gen, send uint64
	info      api.MessageInfo
	err       error
}

type trackMsg struct{ gen, send uint64 }

// openDetail shows c and asks the API for its details and picture. The
// picture endpoint is limited to 60 a minute per session: when the client
// would have to wait, the view says so rather than the API refusing.
func (m *Model) openDetail(c api.Contact) tea.Cmd {
	m.mode = modeDetail
	d := &m.detail
	*d = detail{gen: common.NextGen(), contact: c, loading: true, pictureBusy: true}
	d.pictureWait = m.ctx.Client.PaceDelay(m.session, api.EndpointContactPicture)
	sc, gen, ctx, phone := m.ctx.Client.Session(m.session), d.gen, m.ctx.Lifetime, c.Phone()
	return tea.Batch(
		func() tea.Msg {
			full, err := sc.Contact(ctx, phone)
			return contactMsg{gen: gen, c: full, err: err}
		},
		func() tea.Msg {
			url, err := sc.ContactPicture(ctx, phone)
			return pictureMsg{gen: gen, url: url, err: err}
		},
	)
}

func (d *detail) capturing() bool { return d.composing || d.confirming }

func (d *detail) update(m *Model, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case contactMsg:
		if msg.gen == d.gen {
			d.loading, d.err = false, msg.err
			if msg.err == nil {
				d.full = &msg.c
			}
		}
	case pictureMsg:
		if msg.gen == d.gen {
			d.pictureBusy, d.pictureWait, d.picture, d.pictureErr = false, 0, msg.url, msg.err
		}
	case sentMsg:
		notice := common.Notify(common.LevelOK, "✓ message "+string(msg.res.MsgID)+" queued for "+msg.to)
		if msg.err != nil {
			notice = common.Notify(common.LevelError, "✗ send to "+msg.to+": "+common.ErrorText(msg.err))
		}
		if msg.gen != d.gen || msg.send != d.sendNo {
			return notice // another contact is shown now: just say how it went
		}
		d.busy, d.sendWait = "", 0
		if msg.err != nil {
			d.sendErr = msg.err
			return notice
		}
		d.sent, d.sentAt = &msg.res, m.ctx.Now()
		d.delivery = []string{msg.res.Status.Norm()}
		return tea.Batch(notice, d.track(m))
	case trackMsg:
		if msg.gen != d.gen || msg.send != d.sendNo || d.sent == nil {
			return nil
		}
		sc, gen, send, ctx, id := m.ctx.Client.Session(m.session), d.gen, d.sendNo, m.ctx.Lifetime, d.sent.MsgID
		return func() tea.Msg {
			info, err := sc.MessageInfo(ctx, id)
			return deliveryMsg{gen: gen, send: send, info: info, err: err}
		}
	case deliveryMsg:
		if msg.gen != d.gen || msg.send != d.sendNo || len(d.delivery) == 0 {
			return nil
		}
		d.trackErr = msg.err
		if msg.err == nil {
			if s := msg.info.DeliveryStatus(); s != d.delivery[len(d.delivery)-1] {
				d.delivery = append(d.delivery, s)
			}
			if msg.info.Status == 0 || msg.info.Status >= 3 {
				return nil // failed, delivered, read or played: done
			}
		}
		if m.ctx.Now().Sub(d.sentAt) < trackFor {
			return d.track(m)
		}
	}
	return nil
}

func (d *detail) track(m *Model) tea.Cmd {
	gen, send := d.gen, d.sendNo
	return m.ctx.After(trackEvery, func(time.Time) tea.Msg { return trackMsg{gen: gen, send: send} })
}

func (d *detail) name() string {
	c := d.contact
	if d.full != nil {
		c = *d.full
	}
	name := common.Clean(string(c.Name))
	if name == "" {
		name = common.Clean(string(c.Notify))
	}
	if name == "" {
		return c.Phone()
	}
	return name + " (" + c.Phone() + ")"
}

// compose opens the test message editor.
func (d *detail) compose(m *Model) {
	d.composing = true
	d.text = input.New(m.ctx.Styles, "› ", "message text", 4096)
	d.text.SetValue("Test message from wasender-tui")
	d.text.CursorEnd()
	d.text.Focus()
}

func (d *detail) onKey(m *Model, k tea.KeyMsg) tea.Cmd {
	switch {
	case d.confirming:
		var cmd tea.Cmd
		d.dialog, cmd = d.dialog.Update(k)
		switch {
		case d.dialog.Confirmed():
			d.confirming = false
			return d.send(m)
		case d.dialog.Cancelled():
			d.confirming = false
			return common.Notify(common.LevelInfo, "not sent")
		}
		return cmd
	case d.composing:
		switch k.String() {
		case "esc":
			d.composing = false
			return nil
		case "enter":
			text := strings.TrimSpace(d.text.Value())
			if text == "" {
				return common.Notify(common.LevelWarn, "the message is empty")
			}
			d.composing, d.confirming = false, true
			d.dialog = confirm.New(m.ctx.Styles, "Send to "+d.name()+"?",
				"“"+text+"”\n\nThis sends a real WhatsApp message from "+m.ctx.Sessions.Name(m.session)+".", "Send", "", false)
			return nil
		}
		var cmd tea.Cmd
		d.text, cmd = d.text.Update(k)
		return cmd
	}
	c, keys := m.ctx, m.keys
	switch {
	case c.Matches(k, keys.Back):
		m.mode = modeList
	case c.Matches(k, keys.Send):
		d.compose(m)
	case c.Matches(k, keys.Copy):
		return c.Copy("the phone number", d.contact.Phone())
	case c.Matches(k, keys.Reload):
		return m.openDetail(d.contact)
	}
	return nil
}

// send sends the confirmed text. Sending is paced (1 per 5 s per session
// by default) and never retried: a retry could deliver twice.
func (d *detail) send(m *Model) tea.Cmd {
	d.sendWait = m.ctx.Client.PaceDelay(m.session, api.EndpointSendMessage)
	d.busy = "sending to " + d.name()
	if d.sendWait > 0 {
		d.busy = "waiting " + d.sendWait.Round(time.Second).String() + " for the rate limit, then sending to " + d.name()
	}
	d.sent, d.sendErr, d.delivery = nil, nil, nil
	d.sendNo++
	sc, gen, send, ctx, to, name, text := m.ctx.Client.Session(m.session), d.gen, d.sendNo, m.ctx.Lifetime, d.contact.Phone(), d.name(), strings.TrimSpace(d.text.Value())
	return func() tea.Msg {
		res, err := sc.SendText(ctx, to, text)
		return sentMsg{gen: gen, send: send, to: name, res: res, err: err}
	}
}

func (d *detail) actions(m *Model) []common.Action {
	if d.capturing() {
		return nil
	}
	k := m.keys
	reload := k.Reload
	reload.SetHelp("r", "reload details")
	return []common.Action{k.Back, k.Send, k.Copy, reload}
}

func (d *detail) view(m *Model) string {
	st := m.ctx.Styles
	if d.confirming {
		return common.Center(m.ctx.Styles, m.width, m.height, d.dialog.View(m.width))
	}
	c := d.contact
	if d.full != nil {
		c = *d.full
	}
	w := max(m.width-2, 20)
	row := func(label, value string) string {
		if value == "" {
			value = "-"
		}
		return "  " + st.Label.Render(table.Fit(label, 14)) + " " + table.Truncate(common.Clean(value), w-17)
	}
	lines := []string{st.Title.Render(d.name())}
	switch {
	case d.loading:
		lines[0] += st.Dim.Render("  loading details…")
	case d.err != nil:
		lines[0] += "  " + st.Error.Render("✗ "+common.ErrorText(d.err))
	}
	lines = append(lines, "",
		row("jid", c.JID),
		row("phone", c.Phone()),
		row("name", string(c.Name)),
		row("notify name", string(c.Notify)),
		row("verified name", string(c.VerifiedName)),
		row("about", string(c.Status)),
	)
	switch {
	case d.pictureBusy && d.pictureWait > 0:
		lines = append(lines, row("picture", "waiting "+d.pictureWait.Round(time.Second).String()+" for the rate limit (60 a minute)"))
	case d.pictureBusy:
		lines = append(lines, row("picture", "loading…"))
	case d.pictureErr != nil:
		lines = append(lines, "  "+st.Label.Render(table.Fit("picture", 14))+" "+st.Error.Render(table.Truncate("✗ "+common.ErrorText(d.pictureErr), w-17)))
	case d.picture == "":
		lines = append(lines, row("picture", "none (or hidden by the contact's privacy settings)"))
	default:
		lines = append(lines, row("picture", d.picture))
	}
	lines = append(lines, "")
	switch {
	case d.composing:
		d.text.Width = max(w-20, 10)
		lines = append(lines, st.Bold.Render("Test message to "+d.name()), d.text.View(), st.Dim.Render("enter to review and send · esc cancel"))
	case d.busy != "":
		lines = append(lines, st.Info.Render(d.busy+"…"))
	case d.sendErr != nil:
		lines = append(lines, st.Error.Render("✗ not sent: "+common.ErrorText(d.sendErr)))
	case d.sent != nil:
		lines = append(lines, st.Bold.Render("Test message "+string(d.sent.MsgID))+st.Dim.Render(" to "+common.Clean(string(d.sent.JID))))
		var states []string
		for _, s := range d.delivery {
			states = append(states, st.Status(s).Render())
		}
		lines = append(lines, "  "+strings.Join(states, st.Dim.Render(" → ")))
		if d.trackErr != nil {
			lines = append(lines, "  "+st.Warn.Render("⚠ "+common.ErrorText(d.trackErr)))
		}
	}
	return common.FitHeight(strings.Join(lines, "\n"), m.height)
}
