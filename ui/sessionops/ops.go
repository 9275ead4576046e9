// Package sessionops is what an operator can do to a session, from any
// pane that shows sessions: pair it by QR code, create, edit, delete,
// disconnect or restart it, regenerate its key, see its WhatsApp account,
// open its logs. A pane binds the actions to its selection (Actions); they
// open their dialogs on the pane's stack and report with DoneMsg, which
// every view sees.
package sessionops

import (
	"context"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/confirm"
	"github.com/wasender-tui/wasender-tui/ui/components/form"
	"github.com/wasender-tui/wasender-tui/ui/keys"
	"github.com/wasender-tui/wasender-tui/ui/pairview"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// Ops runs the session actions of one pane.
type Ops struct {
	ctx     *common.Context
	stack   *view.Stack
	gen     uint64
	busy    string
	pairing uint64 // the pairing started here, whose end is told here

	form   *form.Model // the create or edit form, while open
	formID api.ID      // the session edited; "" while creating
}

// New returns the actions of a pane whose views open on stack.
func New(ctx *common.Context, stack *view.Stack) *Ops {
	return &Ops{ctx: ctx, stack: stack, gen: common.NextGen()}
}

// Busy describes the action under way, for the status line; "" when idle.
func (o *Ops) Busy() string { return o.busy }

// Op is an action that changes a session.
type Op int

const (
	Create Op = iota
	Update
	Delete
	Disconnect
	Restart
	Regenerate
	Webhook // pointed at this console
)

// done is how a notice says the op succeeded: "✓ Sales EU restarted".
func (op Op) done() string {
	return [...]string{"created", "updated", "deleted", "disconnected", "restarted", "has a new API key", "sends its webhooks to this console"}[op]
}

// failure is how a notice says it failed: "✗ restart Sales EU: …".
func (op Op) failure(name string) string {
	switch op {
	case Create, Update:
		return "save failed"
	case Regenerate:
		return "regenerate the key of " + name
	case Webhook:
		return "point the webhook of " + name + " here"
	}
	return [...]string{"", "", "delete", "disconnect", "restart"}[op] + " " + name
}

// DoneMsg is the outcome of an op. Every view sees it: lists refresh,
// details of the session read it again (or close, once it is deleted).
type DoneMsg struct {
	gen     uint64
	Op      Op
	ID      api.ID
	Name    string
	Text    string       // the API's message on success
	Session *api.Session // the saved session (Create, Update)
	Key     string       // the new API key (Regenerate)
	Err     error
}

// Create is the action that opens the form for a new session.
func (o *Ops) Create() keys.Action {
	return keys.New("new session", "n").
		Mutating("create session", func() string { return "" }).
		When(o.ctx.Client.HasToken).
		Doing(func() { o.openForm(nil) })
}

// Actions are the actions on the session sel returns (false: none is
// selected), each applying only where it can work.
func (o *Ops) Actions(sel func() (api.Session, bool)) []keys.Action {
	connected := func() bool { s, ok := sel(); return ok && s.Status.Is(api.StatusConnected) }
	// Only a session with an id can be acted on: a path without one
	// would name another endpoint.
	manageable := func() bool { s, ok := sel(); return ok && s.ID != "" && o.ctx.Client.HasToken() }
	target := func() string { s, _ := sel(); return string(s.ID) }
	on := func(fn func(api.Session) tea.Cmd) func() tea.Cmd {
		return func() tea.Cmd { s, _ := sel(); return fn(s) }
	}
	return []keys.Action{
		keys.New("connect (QR)", "c").Mutating("connect session", target).
			When(manageable).When(func() bool { return !connected() }).Does(on(o.connect)),
		keys.New("edit", "e").Mutating("update session", target).
			When(manageable).Does(on(func(s api.Session) tea.Cmd { o.openForm(&s); return nil })),
		keys.New("delete", "d").Mutating("delete session", target).When(manageable).Does(on(o.askDelete)),
		keys.New("disconnect", "x").Mutating("disconnect session", target).When(manageable).Does(on(o.askDisconnect)),
		keys.New("restart", "R").Mutating("restart session", target).When(manageable).When(connected).Does(on(o.askRestart)),
		keys.New("regenerate API key", "K").Mutating("regenerate session key", target).When(manageable).Does(on(o.askRegenerate)),
		o.webhookAction(sel, manageable, target),
		keys.New("WhatsApp user", "u").When(connected).Does(on(o.user)),
		keys.New("logs", "l").When(func() bool { s, ok := sel(); return ok && s.ID != "" }).
			Does(on(func(s api.Session) tea.Cmd { return common.ShowLogs(s.ID, "") })),
	}
}

// Name is how notices and dialogs name a session.
func Name(s api.Session) string {
	if n := common.Clean(string(s.Name)); n != "" {
		return n
	}
	return "session " + common.Clean(string(s.ID))
}

// connect starts pairing s: "connecting…" in the pane, then the QR code
// full screen once the API sends one.
func (o *Ops) connect(s api.Session) tea.Cmd {
	p := pairview.New(o.ctx, o.stack, s)
	o.pairing = p.Gen()
	o.stack.Push(p)
	return p.Start()
}

func (o *Ops) cancelled() tea.Cmd { return common.Notify(common.LevelInfo, "cancelled") }

func (o *Ops) ask(spec confirm.Spec, busy string, run func() tea.Cmd) tea.Cmd {
	confirm.Open(o.stack, o.ctx.Styles, spec, func() tea.Cmd {
		o.busy = busy
		return run()
	}, o.cancelled)
	return nil
}

func (o *Ops) askDelete(s api.Session) tea.Cmd {
	name := Name(s)
	return o.ask(confirm.Spec{Title: "Delete session " + name + "?", Body: "This deletes the session and its settings on the server. It cannot be undone.", YesLabel: "Delete", Require: name, Danger: true},
		"deleting "+name, o.act(Delete, s.ID, name, func(ctx context.Context, c *api.Client, _ *DoneMsg) error {
			return c.DeleteSession(ctx, s.ID)
		}))
}

func (o *Ops) askDisconnect(s api.Session) tea.Cmd {
	name := Name(s)
	return o.ask(confirm.Spec{Title: "Disconnect " + name + "?", Body: "The WhatsApp account is logged out; pairing again needs a QR scan.", YesLabel: "Disconnect", Danger: true},
		"disconnecting "+name, o.act(Disconnect, s.ID, name, func(ctx context.Context, c *api.Client, out *DoneMsg) error {
			r, err := c.DisconnectSession(ctx, s.ID)
			out.Text = string(r.Message)
			return err
		}))
}

func (o *Ops) askRestart(s api.Session) tea.Cmd {
	name := Name(s)
	return o.ask(confirm.Spec{Title: "Restart " + name + "?", Body: "A soft restart reconnects the session to WhatsApp.", YesLabel: "Restart"},
		"restarting "+name, o.act(Restart, s.ID, name, func(ctx context.Context, c *api.Client, out *DoneMsg) error {
			text, err := c.RestartSession(ctx, s.ID)
			out.Text = text
			return err
		}))
}

func (o *Ops) askRegenerate(s api.Session) tea.Cmd {
	name := Name(s)
	return o.ask(confirm.Spec{Title: "Regenerate the API key of " + name + "?", Body: "The current key stops working at once: every script or server using it must be given the new one.", YesLabel: "Regenerate", Danger: true},
		"regenerating the key of "+name, o.act(Regenerate, s.ID, name, func(ctx context.Context, c *api.Client, out *DoneMsg) error {
			key, err := c.RegenerateKey(ctx, s.ID)
			out.Key = key
			return err
		}))
}

// act returns what runs one API call off the Update path and reports it;
// its inputs are copied before the command runs.
func (o *Ops) act(op Op, id api.ID, name string, fn func(ctx context.Context, c *api.Client, out *DoneMsg) error) func() tea.Cmd {
	client, gen, ctx := o.ctx.Client, o.gen, o.ctx.Lifetime
	return func() tea.Cmd {
		return func() tea.Msg {
			out := DoneMsg{gen: gen, Op: op, ID: id, Name: name}
			out.Err = fn(ctx, client, &out)
			return out
		}
	}
}

// Update takes the answers to the actions started here.
func (o *Ops) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case DoneMsg:
		if msg.gen != o.gen {
			return nil
		}
		o.busy = ""
		if msg.Op == Create || msg.Op == Update {
			return o.onSaved(msg)
		}
		if msg.Err != nil {
			return common.Notify(common.LevelError, "✗ "+msg.Op.failure(msg.Name)+": "+common.ErrorText(msg.Err))
		}
		text := "✓ " + msg.Name + " " + msg.Op.done()
		switch {
		case msg.Op == Regenerate:
			text += " (v in its details reveals it)"
		case msg.Text != "":
			text += ": " + msg.Text
		}
		return common.Notify(common.LevelOK, text)
	case userMsg:
		return o.onUser(msg)
	case webhookMsg:
		return o.onWebhook(msg)
	case pairview.DoneMsg:
		if msg.Gen != o.pairing {
			return nil
		}
		n := msg.Notice()
		return func() tea.Msg { return n }
	}
	return nil
}
