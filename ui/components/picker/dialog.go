package picker

import (
	"strings"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/input"
	"github.com/wasender-tui/wasender-tui/ui/components/table"
	"github.com/wasender-tui/wasender-tui/ui/keys"
	"github.com/wasender-tui/wasender-tui/ui/styles"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// Dialog chooses one option over a pane, typing to filter; it closes
// itself once an option is chosen or it is cancelled.
type Dialog struct {
	Title   string
	st      *styles.Styles
	stack   *view.Stack
	options []Option
	shown   []int
	cursor  int
	filter  textinput.Model
	choose  func(Option) tea.Cmd
	actions []keys.Action
	width   int
	height  int
}

// Open opens a picker on stack with the cursor on the option keyed
// current; choose runs with the option chosen.
func Open(stack *view.Stack, st *styles.Styles, title string, options []Option, current string, choose func(Option) tea.Cmd) *Dialog {
	d := &Dialog{Title: title, st: st, stack: stack, options: options, choose: choose}
	d.filter = input.New(st, "› ", "type to filter", 60)
	d.filter.Focus()
	d.apply()
	for i, idx := range d.shown {
		if options[idx].Key == current {
			d.cursor = i
		}
	}
	d.actions = []keys.Action{
		keys.New("choose", "enter").Does(d.chosen).When(func() bool { return len(d.shown) > 0 }),
		keys.New("cancel", "esc").Doing(func() { stack.Close(d) }),
		keys.NavOf(keys.New("up", "up", "ctrl+p"), func() { d.cursor = max(d.cursor-1, 0) }),
		keys.NavOf(keys.New("down", "down", "ctrl+n"), func() { d.cursor = min(d.cursor+1, len(d.shown)-1) }),
	}
	stack.Push(d)
	return d
}

// Focus: a picker is typed into.
func (d *Dialog) Focus() view.Focus { return view.Text }

// Actions are the picker's keys; the others filter.
func (d *Dialog) Actions() []keys.Action { return d.actions }

// SetSize gives the picker the pane's space; it is drawn centred in it.
func (d *Dialog) SetSize(w, h int) { d.width, d.height = w, h }

func (d *Dialog) chosen() tea.Cmd {
	o := d.options[d.shown[d.cursor]]
	d.stack.Close(d)
	return d.choose(o)
}

func (d *Dialog) apply() {
	q := strings.ToLower(strings.TrimSpace(d.filter.Value()))
	d.shown = d.shown[:0]
	for i, o := range d.options {
		if q == "" || strings.Contains(strings.ToLower(o.Label+" "+o.Detail), q) {
			d.shown = append(d.shown, i)
		}
	}
	d.cursor = max(0, min(d.cursor, len(d.shown)-1))
}

// Update types into the filter (a paste too).
func (d *Dialog) Update(msg tea.Msg) tea.Cmd {
	if _, ok := msg.(tea.KeyMsg); !ok {
		return nil
	}
	var cmd tea.Cmd
	d.filter, cmd = d.filter.Update(msg)
	d.apply()
	return cmd
}

// View renders the dialog centred; on a short terminal it drops its
// spacing before any option.
func (d *Dialog) View() string {
	st := d.st
	w := min(max(d.width-8, 20), 60)
	roomy := d.height >= 14
	chrome := 4 // border and the title and filter lines
	if roomy {
		chrome++ // a blank line
	}
	rows := max(min(d.height-chrome, len(d.shown)), 1)
	top := max(0, min(d.cursor-rows/2, len(d.shown)-rows))
	lines := []string{st.Title.Render(d.Title), d.filter.View()}
	if roomy {
		lines = append(lines, "")
	}
	if len(d.shown) == 0 {
		lines = append(lines, st.Dim.Render("nothing matches"))
	}
	for i := top; i < len(d.shown) && i < top+rows; i++ {
		o := d.options[d.shown[i]]
		label := table.Truncate(o.Label, w-2)
		detail := ""
		if room := w - 2 - len([]rune(label)) - 2; room > 3 && o.Detail != "" {
			detail = "  " + table.Truncate(o.Detail, room)
		}
		if i == d.cursor {
			lines = append(lines, st.TableSelected.Render(table.Fit("› "+label+detail, w)))
		} else {
			lines = append(lines, "  "+label+st.Dim.Render(detail))
		}
	}
	return common.DialogBox(st, d.width, d.height, lines, 0)
}
