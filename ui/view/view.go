// Package view is the one shape of everything the console shows: panes,
// detail views, dialogs, the pairing view and help. Each is a View;
// opening one pushes it on its pane's Stack, and esc pops it.
package view

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/ui/keys"
)

// View is one screen or dialog.
type View interface {
	// Update takes every message, so results of background work reach the
	// view that asked (views drop answers that are not theirs), and the
	// keys typed into a text field (see Focus).
	Update(msg tea.Msg) tea.Cmd
	// View renders exactly the size given; it changes no state.
	View() string
	// Actions are the view's keys: dispatch, help and role checks read them.
	Actions() []keys.Action
	SetSize(w, h int)
}

// Focus says which keys a view takes.
type Focus int

const (
	// Normal views take their actions and the console's global keys
	// (panes, command line, help, quit).
	Normal Focus = iota
	// Dialog views take their actions, help and quit, and keep the
	// operator in them: no pane switching, no command line.
	Dialog
	// Text views have a text field in focus: keys that are not their
	// actions are typed into it (only ctrl+c is global), and a bracketed
	// paste goes to it.
	Text
)

// Focuser is a view that is not Normal.
type Focuser interface{ Focus() Focus }

// FocusOf is v's focus.
func FocusOf(v View) Focus {
	if f, ok := v.(Focuser); ok {
		return f.Focus()
	}
	return Normal
}

// Fullscreener is a view that may ask for the whole terminal (the QR code
// needs every row): no header, tabs or footer while Fullscreen is true.
type Fullscreener interface{ Fullscreen() bool }

// IsFullscreen reports whether v asks for the whole terminal.
func IsFullscreen(v View) bool {
	f, ok := v.(Fullscreener)
	return ok && f.Fullscreen()
}

// Closer is a view with work to stop when it is popped (pairing).
type Closer interface{ Close() }

// Pane is a view the console has a tab for.
type Pane interface {
	View
	// Name is the command and the tab: "sessions" (:sessions, "Sessions").
	Name() string
	// SetActive tells the pane it came to the front or went behind, so it
	// can resume or pause its polling.
	SetActive(active bool) tea.Cmd
	// Status is the pane's line in the header and status bar.
	Status() Status
}

// Starter is a pane with work of its own from the console's start, in
// front or not (the Events pane takes its events); the console runs Start
// once its panes are built.
type Starter interface{ Start() tea.Cmd }

// Badger is a pane with a word for the header whichever pane is in front
// (the Events pane's count of refused webhooks); "" for none.
type Badger interface{ Badge() string }

// Status is what the header and the status line say about a pane.
type Status struct {
	Summary string    // "6 sessions · 3 connected"
	Updated time.Time // when its data was last read, for "updated 3s ago"
	Err     error     // the last attempt's failure
	Stale   bool      // Updated is older than it should be (not known to be failing): its age is told to the second
	Busy    string    // work under way, for the spinner; "" when idle
}

// Press is what key k does in v alone: the first of v's actions bound to
// it, else, in a Text view, the key typed into its field. The console adds
// its global keys and role checks around this; tests of one view use it
// as it is.
func Press(v View, k tea.KeyMsg) tea.Cmd {
	if !k.Paste {
		if a, ok := keys.Find(v.Actions(), k); ok {
			return a.Run()
		}
	}
	if FocusOf(v) == Text {
		return v.Update(k)
	}
	return nil
}

// Tables are the actions of a view that has a text field to type into:
// its own, and the field's while Typing (then the view's focus is Text).
// A view embeds them for its Focus and Actions.
type Tables struct {
	Own, Field []keys.Action
	Typing     bool
}

// Focus is Text while typing.
func (t *Tables) Focus() Focus {
	if t.Typing {
		return Text
	}
	return Normal
}

// Actions are the field's while typing, else the view's own.
func (t *Tables) Actions() []keys.Action {
	if t.Typing {
		return t.Field
	}
	return t.Own
}

// Commander is a pane whose command takes arguments (":health 15m").
type Commander interface {
	// CommandHelp is how help writes the arguments and what the command
	// does with them ("[WINDOW]", "show the Health pane, over WINDOW").
	CommandHelp() (args, desc string)
	// Command takes the arguments; the pane comes to the front after,
	// unless they are wrong: then the error says why, and nothing changed.
	Command(args []string) (tea.Cmd, error)
}
