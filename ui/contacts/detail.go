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
	"github.com/wasender-tui/wasender-tui/ui/keys"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// detail is one contact: its details from the API, its picture, and the
// test message being written to it.
type detail struct {
	m       *Model
	gen     uint64
	session api.ID
	contact api.Contact
	full    *api.Contact
	err     error
	loading bool

	picture     string
	pictureErr  error
	pictureWait time.Duration
	pictureBusy bool

	text          textinput.Model
	view.Tables   // the contact's, and the message's while it is written
	width, height int
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

// openDetail shows c (writing a test message to it at once with compose)
// and asks the API for its details and picture. The picture endpoint is
// limited to 60 a minute per session: when the client would have to wait,
// the view says so rather than the API refusing.
func (m *Model) openDetail(c api.Contact, compose bool) tea.Cmd {
	d := &detail{m: m, gen: common.NextGen(), session: m.Session(), contact: c}
	self := func() api.Contact { return d.contact }
	d.Own = []keys.Action{
		keys.Back.Doing(func() { m.stack.Close(d) }),
		m.sendAction(self).Doing(d.compose),
		copyPhone.Does(func() tea.Cmd { return m.copyPhone(d.contact) }),
		keys.Reload.Described("reload details").Does(d.load),
	}
	d.Field = []keys.Action{
		keys.New("review and send", "enter").Does(d.review),
		keys.New("cancel", "esc").Doing(func() { d.Typing = false }),
	}
	m.stack.Push(d)
	if compose {
		d.compose()
	}
	return d.load()
}

func (d *detail) load() tea.Cmd {
	c := d.m.ctx.Client
	d.loading, d.pictureBusy, d.err, d.pictureErr = true, true, nil, nil
	d.pictureWait = c.PaceDelay(d.session, api.EndpointContactPicture)
	sc, gen, ctx, phone := c.Session(d.session), d.gen, d.m.ctx.Lifetime, d.contact.Phone()
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

func (d *detail) SetSize(w, h int) {
	d.width, d.height = w, h
	d.text.Width = max(w-22, 10)
}

func (d *detail) Update(msg tea.Msg) tea.Cmd {
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
			d.pictureBusy, d.pictureWait, d.picture, d.pictureErr = false, 0, common.Clean(msg.url), msg.err
		}
	case tea.KeyMsg:
		if d.Typing {
			var cmd tea.Cmd
			d.text, cmd = d.text.Update(msg)
			return cmd
		}
	}
	return nil
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
	phone := common.Clean(c.Phone())
	if name == "" {
		return phone
	}
	return name + " (" + phone + ")"
}

// compose opens the test message editor.
func (d *detail) compose() {
	d.Typing = true
	d.text = input.New(d.m.ctx.Styles, "› ", "message text", 4096)
	d.text.Width = max(d.width-22, 10)
	d.text.SetValue("Test message from wasender-tui")
	d.text.CursorEnd()
	d.text.Focus()
}

// review asks before sending: the dialog starts on No.
func (d *detail) review() tea.Cmd {
	text := strings.TrimSpace(d.text.Value())
	if text == "" {
		return common.Notify(common.LevelWarn, "the message is empty")
	}
	d.Typing = false
	m := d.m
	confirm.Open(m.stack, m.ctx.Styles, confirm.Spec{
		Title:    "Send to " + d.name() + "?",
		Body:     "“" + text + "”\n\nThis sends a real WhatsApp message from " + m.ctx.Sessions.Name(d.session) + ".",
		YesLabel: "Send",
	}, func() tea.Cmd {
		return m.send.start(d.session, d.contact, d.name(), text)
	}, func() tea.Cmd {
		return common.Notify(common.LevelInfo, "not sent")
	})
	return nil
}

func (d *detail) View() string {
	st := d.m.ctx.Styles
	c := d.contact
	if d.full != nil {
		c = *d.full
	}
	w := max(d.width-2, 20)
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
	s := &d.m.send
	switch {
	case d.Typing:
		lines = append(lines, st.Bold.Render("Test message to "+d.name()), d.text.View())
	case !s.shows(d.session, d.contact):
	case s.busy != "":
		lines = append(lines, st.Info.Render(s.busy+"…"))
	case s.err != nil:
		lines = append(lines, st.Error.Render("✗ not sent: "+common.ErrorText(s.err)))
	case s.sent != nil:
		lines = append(lines, st.Bold.Render("Test message "+common.Clean(string(s.sent.MsgID)))+st.Dim.Render(" to "+common.Clean(string(s.sent.JID))))
		var states []string
		for _, state := range s.delivery {
			states = append(states, st.Status(state).Render())
		}
		lines = append(lines, "  "+strings.Join(states, st.Dim.Render(" → ")))
		if s.trackErr != nil {
			lines = append(lines, "  "+st.Warn.Render("⚠ "+common.ErrorText(s.trackErr)))
		}
	}
	return common.FitHeight(strings.Join(lines, "\n"), d.height)
}
