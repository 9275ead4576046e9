// Package confirm is a yes/no dialog that starts on No; for the worst
// actions it also asks the operator to type a name.
package confirm

import (
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/wasender-tui/wasender-tui/ui/components/input"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/wasender-tui/wasender-tui/ui/styles"
)

// Model is the dialog.
type Model struct {
	Title    string
	Body     string
	Require  string // text the operator must type to confirm; "" for none
	YesLabel string
	Danger   bool

	styles    *styles.Styles
	input     textinput.Model
	focus     int // 0 input (when Require), 1 No, 2 Yes
	mismatch  bool
	confirmed bool
	cancelled bool
}

// New returns a dialog focused on No (or on the name input when require is set).
func New(st *styles.Styles, title, body, yesLabel, require string, danger bool) Model {
	m := Model{Title: title, Body: body, Require: require, YesLabel: yesLabel, Danger: danger, styles: st, focus: 1}
	if require != "" {
		// No placeholder: without colours it would read as already typed.
		ti := input.New(st, "> ", "", 200)
		ti.Focus()
		m.input = ti
		m.focus = 0
	}
	if m.YesLabel == "" {
		m.YesLabel = "Yes"
	}
	return m
}

// Confirmed reports that the operator chose Yes.
func (m Model) Confirmed() bool { return m.confirmed }

// Cancelled reports that the operator chose No or pressed esc.
func (m Model) Cancelled() bool { return m.cancelled }

func (m Model) typedOK() bool {
	return m.Require == "" || strings.TrimSpace(m.input.Value()) == m.Require
}

// Update handles keys.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		if m.focus == 0 {
			var cmd tea.Cmd
			m.input, cmd = m.input.Update(msg)
			return m, cmd
		}
		return m, nil
	}
	first := 1
	if m.Require != "" {
		first = 0
	}
	switch k.String() {
	case "esc", "ctrl+c":
		m.cancelled = true
		return m, nil
	case "tab", "down":
		m.setFocus(m.focus + 1)
		if m.focus > 2 {
			m.setFocus(first)
		}
		return m, nil
	case "shift+tab", "up":
		m.setFocus(m.focus - 1)
		if m.focus < first {
			m.setFocus(2)
		}
		return m, nil
	case "enter":
		switch m.focus {
		case 0, 2:
			if m.typedOK() {
				m.confirmed = true
			} else {
				m.mismatch = true
				m.setFocus(first)
			}
		case 1:
			m.cancelled = true
		}
		return m, nil
	}
	if m.focus == 0 {
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg)
		m.mismatch = false
		return m, cmd
	}
	switch k.String() {
	case "left", "h":
		m.setFocus(1)
	case "right", "l":
		m.setFocus(2)
	case "n", "N":
		m.cancelled = true
	case "y", "Y":
		if m.Require == "" {
			m.confirmed = true
		}
	}
	return m, nil
}

func (m *Model) setFocus(f int) {
	m.focus = f
	if m.Require == "" {
		return
	}
	if f == 0 {
		m.input.Focus()
	} else {
		m.input.Blur()
	}
}

// View renders the dialog box, at most width cells wide.
func (m Model) View(width int) string {
	st := m.styles
	w := min(max(width-6, 20), 64)
	var lines []string
	lines = append(lines, st.Title.Render(m.Title), "")
	lines = append(lines, lipgloss.NewStyle().Width(w).Render(m.Body))
	if m.Require != "" {
		lines = append(lines, "", st.Label.Render("Type ")+st.Bold.Render(m.Require)+st.Label.Render(" to confirm:"))
		m.input.Width = w - 4
		lines = append(lines, m.input.View())
		if m.mismatch {
			lines = append(lines, st.FieldError.Render("✗ that is not the name"))
		}
	}
	no, yes := st.Button, st.Button
	if m.focus == 1 {
		no = st.ButtonActive
	}
	if m.focus == 2 {
		yes = st.ButtonActive
		if m.Danger {
			yes = st.ButtonDanger
		}
	}
	buttons := no.Render("No") + "  " + yes.Render(m.YesLabel)
	hint := st.Dim.Render("  tab switch · enter choose · esc cancel")
	lines = append(lines, "", buttons+hint)
	return st.Dialog.Render(strings.Join(lines, "\n"))
}
