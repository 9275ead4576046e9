package ui

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/keys"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// legacyPane fits a pane that still dispatches its own keys into the view
// shape, while the panes move to action tables one by one.
type legacyPane struct{ p common.Pane }

func (l *legacyPane) Update(msg tea.Msg) tea.Cmd {
	np, cmd := l.p.Update(msg)
	l.p = np
	return cmd
}
func (l *legacyPane) View() string              { return l.p.View() }
func (l *legacyPane) SetSize(w, h int)          { l.p.SetSize(w, h) }
func (l *legacyPane) Name() string              { return l.p.Name() }
func (l *legacyPane) SetActive(on bool) tea.Cmd { return l.p.SetActive(on) }
func (l *legacyPane) Fullscreen() bool          { return l.p.Fullscreen() }
func (l *legacyPane) Status() view.Status {
	at, err := l.p.Freshness()
	return view.Status{Summary: l.p.Summary(), Updated: at, Err: err, Busy: l.p.Busy()}
}

func (l *legacyPane) Focus() view.Focus {
	if l.p.Capturing() {
		return view.Text
	}
	return view.Normal
}

// Actions describes the pane's own actions for help; the pane dispatches them.
func (l *legacyPane) Actions() []keys.Action {
	var out []keys.Action
	for _, a := range l.p.Actions() {
		if !a.Enabled() {
			continue
		}
		k := keys.New(a.Help().Desc, a.Keys()...).Labelled(a.Help().Key)
		if a.Mutates {
			desc := a.Help().Desc
			k = k.Mutating(desc, func() string { return "" })
		}
		out = append(out, k)
	}
	return out
}

func (m *Model) legacyKey(lp *legacyPane, k tea.KeyMsg) tea.Cmd {
	if lp.p.Capturing() {
		return lp.Update(k)
	}
	if k.Paste {
		return common.Notify(common.LevelInfo, "paste ignored: no text field has focus")
	}
	if a, ok := keys.Find(lp.Actions(), k); ok && !m.allowed(a) {
		return m.ctx.Refuse(a.Mutates(), a.Target(), a.Desc())
	}
	if a, ok := keys.Find(m.globals, k); ok {
		return a.Run()
	}
	return lp.Update(k)
}
