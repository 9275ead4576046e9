package sessionops

import (
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/webhook"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/table"
	"github.com/wasender-tui/wasender-tui/ui/keys"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// webhookView shows where a session's webhook goes now and where it
// would go, and lets the operator choose the events.
type webhookView struct {
	o       *Ops
	session api.Session
	on      map[string]bool // event -> chosen
	cursor  int             // into webhook.Known
	offset  int             // first event drawn
	actions []keys.Action

	width, height int
}

func newWebhookView(o *Ops, s api.Session) *webhookView {
	v := &webhookView{o: o, session: s, on: map[string]bool{}}
	for _, e := range defaultEvents(s, o.ctx.Webhooks.PublicURL) {
		v.on[e] = true
	}
	v.actions = append([]keys.Action{
		keys.New("continue", "enter").Does(func() tea.Cmd { return o.askWebhook(v) }),
		keys.New("cancel", "esc").Does(func() tea.Cmd { o.stack.Close(v); return o.cancelled() }),
		keys.New("toggle event", " ", "x").Doing(func() { e := webhook.Known[v.cursor]; v.on[e] = !v.on[e] }),
		keys.New("all events", "a").Doing(func() { v.setAll(true) }),
		keys.New("no events", "c").Doing(func() { v.setAll(false) }),
	}, keys.Navigation(v)...)
	return v
}

func (v *webhookView) setAll(on bool) {
	for _, e := range webhook.Known {
		v.on[e] = on
	}
}

// chosen are the events checked, in the documented order.
func (v *webhookView) chosen() []string {
	var out []string
	for _, e := range webhook.Known {
		if v.on[e] {
			out = append(out, e)
		}
	}
	return out
}

func (v *webhookView) Focus() view.Focus      { return view.Dialog }
func (v *webhookView) Actions() []keys.Action { return v.actions }
func (v *webhookView) Update(tea.Msg) tea.Cmd { return nil }

func (v *webhookView) SetSize(w, h int) {
	v.width, v.height = w, h
	v.Move(0)
}

// The cursor moves through the events.

func (v *webhookView) Move(n int) {
	v.cursor = max(0, min(v.cursor+n, len(webhook.Known)-1))
	rows := v.listRows()
	v.offset = max(0, min(v.offset, v.cursor, len(webhook.Known)-rows))
	if v.cursor >= v.offset+rows {
		v.offset = v.cursor - rows + 1
	}
}

func (v *webhookView) Page() int { return max(v.listRows()-1, 1) }
func (v *webhookView) Home()     { v.Move(-len(webhook.Known)) }
func (v *webhookView) End()      { v.Move(len(webhook.Known)) }

// head is what comes above the events: the URL now, and the one to be.
func (v *webhookView) head() []string {
	st := v.o.ctx.Styles
	url, was := v.o.ctx.Webhooks.PublicURL, strings.TrimSpace(string(v.session.WebhookURL))
	w := max(v.width-11, 10)
	field := func(label, value string) string {
		return st.Label.Render(table.Fit(label, 10)) + " " + table.Truncate(value, w)
	}
	// A note under the fields is wrapped, never cut: the warning is the
	// one consequence of this action worth reading whole.
	note := func(style lipgloss.Style, text string) []string {
		var out []string
		for _, l := range strings.Split(ansi.Wrap(text, w, ""), "\n") {
			out = append(out, strings.Repeat(" ", 11)+style.Render(l)) // as wide as w, no cut
		}
		return out
	}
	state := "disabled"
	if v.session.WebhookEnabled {
		state = "enabled"
	}
	if n := len(v.session.WebhookEvents); n > 0 {
		state += " · " + common.Plural(n, "event", "events")
	}
	lines := []string{st.Title.Render("Point the webhook of " + Name(v.session) + " at this console"), ""}
	switch {
	case was == "":
		lines = append(lines, field("now", "no webhook URL"))
	case was == url:
		lines = append(lines, field("now", common.RedactURL(common.Clean(was))+" (this console; "+state+")"))
	case forwardsTo(v.o.ctx.Webhooks, was):
		lines = append(lines, field("now", common.RedactURL(common.Clean(was))+" ("+state+")"),
			field("", "replaced, and still receives every event: [events] forward relays them to it"))
	default:
		warn := "⚠ replaced: a session has one webhook URL; what receives it now gets nothing"
		if !v.session.WebhookEnabled {
			warn = "⚠ replaced: a session has one webhook URL (this one is disabled now)"
		}
		lines = append(lines, field("now", common.RedactURL(common.Clean(was))+" ("+state+")"))
		lines = append(lines, note(st.Warn, warn)...)
		if v.session.WebhookEnabled && v.o.ctx.Webhooks.Forwarder == nil {
			lines = append(lines, note(st.Dim, "(forward = \"URL\" under [events] relays every event to it, signed)")...)
		}
	}
	lines = append(lines, field("new", common.RedactURL(url)+" (enabled)"), "",
		st.Label.Render("Events to send")+st.Dim.Render(" · "+common.Itoa(len(v.chosen()))+" of "+common.Itoa(len(webhook.Known))+" · space toggles, a all, c none, enter goes on"))
	return lines
}

// listRows is how many events fit under the head.
func (v *webhookView) listRows() int { return max(v.height-len(v.head()), 3) }

func (v *webhookView) View() string {
	st := v.o.ctx.Styles
	lines := v.head()
	for i := v.offset; i < len(webhook.Known) && i < v.offset+v.listRows(); i++ {
		e := webhook.Known[i]
		box := "[ ] "
		if v.on[e] {
			box = "[x] "
		}
		line := "  " + box + e
		if i == v.cursor {
			line = st.TableSelected.Render(table.Fit(line, min(v.width, 40)))
		}
		lines = append(lines, line)
	}
	if slices.ContainsFunc(v.session.WebhookEvents, func(e string) bool { return !slices.Contains(webhook.Known, webhook.Canonical(e)) }) {
		lines = append(lines, st.Dim.Render("  (the session's undocumented event names are not kept)"))
	}
	lines = strings.Split(strings.Join(lines, "\n"), "\n")
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, v.width, "…") // the title and the URLs are long
	}
	return common.FitHeight(strings.Join(lines, "\n"), v.height)
}
