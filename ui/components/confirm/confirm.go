// Package confirm is a yes/no dialog that starts on No; for the worst
// actions it also asks the operator to type a name, and then the name
// field is followed by the Yes button (Delete): typing the name and
// pressing enter lands on it, and only enter on it confirms.
package confirm

import (
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/input"
	"github.com/wasender-tui/wasender-tui/ui/keys"
	"github.com/wasender-tui/wasender-tui/ui/styles"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// Spec is what a dialog asks.
type Spec struct {
	Title    string
	Body     string
	YesLabel string // "Delete"; "Yes" when empty
	Require  string // text the operator must type to confirm; "" for none
	Danger   bool   // Yes is drawn as dangerous
}

// Dialog is a yes/no question over a pane. It starts on No (or on the name
// to type, when Require is set) and closes itself once answered.
type Dialog struct {
	Spec
	st       *styles.Styles
	stack    *view.Stack
	input    textinput.Model
	focus    int // 0 input (when Require), 1 No, 2 Yes
	mismatch bool
	yes, no  func() tea.Cmd
	actions  []keys.Action
	width    int
	height   int
}

const (
	focusInput = iota
	focusNo
	focusYes
)

// Open asks spec on stack: yes runs on Yes, no (may be nil) on No or esc.
func Open(stack *view.Stack, st *styles.Styles, spec Spec, yes, no func() tea.Cmd) *Dialog {
	if spec.YesLabel == "" {
		spec.YesLabel = "Yes"
	}
	d := &Dialog{Spec: spec, st: st, stack: stack, focus: focusNo, yes: yes, no: no}
	if spec.Require != "" {
		// No placeholder: without colours it would read as already typed.
		d.input = input.New(st, "> ", "", 200)
		d.input.Focus()
		d.focus = focusInput
	}
	onButtons := func() bool { return d.focus != focusInput }
	onInput := func() bool { return d.focus == focusInput }
	if spec.Require != "" {
		d.actions = append(d.actions, keys.New("to the "+spec.YesLabel+" button once the name is typed", "enter").Doing(d.checkName).When(onInput))
	}
	d.actions = append(d.actions,
		keys.New("choose", "enter").Does(d.choose).When(onButtons),
		keys.New("cancel", "esc").Does(d.cancel),
		keys.New("next", "tab", "down").Doing(func() { d.move(+1) }),
		keys.New("previous", "shift+tab", "up").Doing(func() { d.move(-1) }),
	)
	if spec.Require == "" {
		d.actions = append(d.actions, keys.New("yes", "y", "Y").Does(d.confirm))
	}
	d.actions = append(d.actions,
		keys.New("no", "n", "N").Does(d.cancel).When(onButtons),
		keys.New("button to the left", "left", "h").Doing(func() { d.side(-1) }).When(onButtons),
		keys.New("button to the right", "right", "l").Doing(func() { d.side(+1) }).When(onButtons),
	)
	stack.Push(d)
	return d
}

// Focus: typing the name, or choosing a button.
func (d *Dialog) Focus() view.Focus {
	if d.focus == focusInput {
		return view.Text
	}
	return view.Dialog
}

// Actions are the dialog's keys.
func (d *Dialog) Actions() []keys.Action { return d.actions }

// SetSize gives the dialog the pane's space; it is drawn centred in it.
func (d *Dialog) SetSize(w, h int) {
	d.width, d.height = w, h
	d.input.Width = d.bodyWidth() - 4
}

func (d *Dialog) bodyWidth() int { return min(max(d.width-6, 20), 64) }

// Update types into the name field.
func (d *Dialog) Update(msg tea.Msg) tea.Cmd {
	if _, ok := msg.(tea.KeyMsg); !ok || d.focus != focusInput {
		return nil
	}
	var cmd tea.Cmd
	d.input, cmd = d.input.Update(msg)
	d.mismatch = false
	return cmd
}

// order is the focus order, as drawn: the name field then Yes then No
// when a name is required (Yes is the step after typing it), else No
// then Yes.
func (d *Dialog) order() []int {
	if d.Require != "" {
		return []int{focusInput, focusYes, focusNo}
	}
	return []int{focusNo, focusYes}
}

func (d *Dialog) move(by int) {
	o := d.order()
	d.setFocus(o[(slices.Index(o, d.focus)+by+len(o))%len(o)])
}

// side moves between the buttons as drawn, left to right, without wrapping.
func (d *Dialog) side(by int) {
	o := d.order()
	if d.Require != "" {
		o = o[1:]
	}
	i := max(0, min(slices.Index(o, d.focus)+by, len(o)-1))
	d.setFocus(o[i])
}

// checkName is enter in the name field: on to the Yes button when the
// name is right, never a confirmation by itself.
func (d *Dialog) checkName() {
	if strings.TrimSpace(d.input.Value()) != d.Require {
		d.mismatch = true
		return
	}
	d.setFocus(focusYes)
}

// named reports whether the name to type has been typed.
func (d *Dialog) named() bool {
	return d.Require == "" || strings.TrimSpace(d.input.Value()) == d.Require
}

func (d *Dialog) setFocus(f int) {
	d.focus = f
	if d.Require == "" {
		return
	}
	if f == focusInput {
		d.input.Focus()
	} else {
		d.input.Blur()
	}
}

func (d *Dialog) choose() tea.Cmd {
	if d.focus == focusNo {
		return d.cancel()
	}
	return d.confirm()
}

func (d *Dialog) confirm() tea.Cmd {
	if d.Require != "" && strings.TrimSpace(d.input.Value()) != d.Require {
		d.mismatch = true
		d.setFocus(focusInput)
		return nil
	}
	d.stack.Close(d)
	return d.yes()
}

func (d *Dialog) cancel() tea.Cmd {
	d.stack.Close(d)
	if d.no == nil {
		return nil
	}
	return d.no()
}

// View draws the dialog box centred in its space.
func (d *Dialog) View() string {
	st := d.st
	w := d.bodyWidth()
	lines := []string{st.Title.Render(d.Title), "", st.Renderer.NewStyle().Width(w).Render(d.Body)}
	if d.Require != "" {
		lines = append(lines, "", st.Label.Render("Type ")+st.Bold.Render(d.Require)+st.Label.Render(" to confirm:"), d.input.View())
		if d.mismatch {
			lines = append(lines, st.FieldError.Render("✗ that is not the name"))
		}
	}
	no, yes := st.Button, st.Button
	switch d.focus {
	case focusNo:
		no = st.ButtonActive
	case focusYes:
		yes = st.ButtonActive
		if d.Danger {
			yes = st.ButtonDanger
		}
	}
	buttons := no.Render("No") + "  " + yes.Render(d.YesLabel)
	if d.Require != "" {
		buttons = yes.Render(d.YesLabel) + "  " + no.Render("No")
		if !d.named() {
			buttons += st.Dim.Render("  (type the name first)")
		}
	}
	lines = append(lines, "", buttons)
	return common.DialogBox(st, d.width, d.height, lines, d.kept())
}

// kept is how many of the dialog's last lines stay when it is too tall:
// the buttons, and the name to type with its field and error.
func (d *Dialog) kept() int {
	switch {
	case d.Require != "" && d.mismatch:
		return 6
	case d.Require != "":
		return 5
	}
	return 1
}
