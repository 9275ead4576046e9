package uitest

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// Pane drives one pane and the views it opens over itself, without the
// console around it: keys go to the view in front through its actions
// (view.Press), every other message to the pane and every open view.
type Pane struct {
	Pane  view.Pane
	Stack *view.Stack
	*Driver
}

// NewPane drives the pane that build makes on a stack, sized w x h, and
// shows it (SetActive), running what that starts.
func (e *Env) NewPane(t testing.TB, w, h int, build func(*view.Stack) view.Pane) *Pane {
	t.Helper()
	p := &Pane{Stack: &view.Stack{}}
	p.Pane = build(p.Stack)
	p.Driver = e.Driver(t, p.update)
	p.Pane.SetSize(w, h)
	p.Stack.Resize(w, h, h)
	p.Run(p.Pane.SetActive(true))
	return p
}

// Front is the view in front.
func (p *Pane) Front() view.View {
	if v := p.Stack.Top(); v != nil {
		return v
	}
	return p.Pane
}

// View is what the view in front shows.
func (p *Pane) View() string { return p.Front().View() }

func (p *Pane) update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyMsg); ok {
		return view.Press(p.Front(), k)
	}
	cmds := []tea.Cmd{p.Pane.Update(msg)}
	for _, v := range p.Stack.Views() {
		cmds = append(cmds, v.Update(msg))
	}
	return tea.Batch(cmds...)
}

// Resize gives the pane and its views a new size, as a resized terminal.
func (p *Pane) Resize(w, h int) {
	p.Pane.SetSize(w, h)
	p.Stack.Resize(w, h, h)
}
