// Package picker is a small dialog to choose one item from a list, with
// type-to-filter.
package picker

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/input"
	"github.com/wasender-tui/wasender-tui/ui/components/table"
	"github.com/wasender-tui/wasender-tui/ui/styles"
)

// Option is one choice.
type Option struct {
	Key    string // what the caller gets back
	Label  string
	Detail string // shown dimmed after the label
}

// Model is the dialog.
type Model struct {
	Title string

	styles    *styles.Styles
	options   []Option
	shown     []int
	cursor    int
	filter    textinput.Model
	chosen    *Option
	cancelled bool
}

// New opens a picker on options with the cursor on the option keyed current.
func New(st *styles.Styles, title string, options []Option, current string) Model {
	m := Model{Title: title, styles: st, options: options}
	m.filter = input.New(st, "› ", "type to filter", 60)
	m.filter.Focus()
	m.apply()
	for i, idx := range m.shown {
		if options[idx].Key == current {
			m.cursor = i
		}
	}
	return m
}

// Chosen returns the choice once made.
func (m Model) Chosen() (Option, bool) {
	if m.chosen == nil {
		return Option{}, false
	}
	return *m.chosen, true
}

// Cancelled reports esc.
func (m Model) Cancelled() bool { return m.cancelled }

func (m *Model) apply() {
	q := strings.ToLower(strings.TrimSpace(m.filter.Value()))
	m.shown = m.shown[:0]
	for i, o := range m.options {
		if q == "" || strings.Contains(strings.ToLower(o.Label+" "+o.Detail), q) {
			m.shown = append(m.shown, i)
		}
	}
	m.cursor = max(0, min(m.cursor, len(m.shown)-1))
}

// Update handles keys.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return m, nil
	}
	switch k.String() {
	case "esc":
		m.cancelled = true
		return m, nil
	case "enter":
		if len(m.shown) > 0 {
			o := m.options[m.shown[m.cursor]]
			m.chosen = &o
		}
		return m, nil
	case "up", "ctrl+p":
		m.cursor = max(m.cursor-1, 0)
		return m, nil
	case "down", "ctrl+n":
		m.cursor = min(m.cursor+1, len(m.shown)-1)
		return m, nil
	}
	var cmd tea.Cmd
	m.filter, cmd = m.filter.Update(msg)
	m.apply()
	return m, cmd
}

// View renders the dialog within width x height; on a short terminal it
// drops its spacing and hint before any option.
func (m Model) View(width, height int) string {
	st := m.styles
	w := min(max(width-8, 20), 60)
	roomy := height >= 14
	chrome := 4 // border and the title and filter lines
	if roomy {
		chrome += 3 // blank lines and the hint
	}
	rows := max(min(height-chrome, len(m.shown)), 1)
	top := max(0, min(m.cursor-rows/2, len(m.shown)-rows))
	lines := []string{st.Title.Render(m.Title), m.filter.View()}
	if roomy {
		lines = append(lines, "")
	}
	if len(m.shown) == 0 {
		lines = append(lines, st.Dim.Render("nothing matches"))
	}
	for i := top; i < len(m.shown) && i < top+rows; i++ {
		o := m.options[m.shown[i]]
		label := table.Truncate(o.Label, w-2)
		detail := ""
		if room := w - 2 - len([]rune(label)) - 2; room > 3 && o.Detail != "" {
			detail = "  " + table.Truncate(o.Detail, room)
		}
		if i == m.cursor {
			lines = append(lines, st.TableSelected.Render(table.Fit("› "+label+detail, w)))
		} else {
			lines = append(lines, "  "+label+st.Dim.Render(detail))
		}
	}
	if roomy {
		lines = append(lines, "", st.Dim.Render("↑↓ move · enter choose · esc cancel"))
	}
	return st.Dialog.Render(strings.Join(lines, "\n"))
}

// AllSessions is the key of the "all sessions" option.
const AllSessions = "*"

// SessionOptions are the account's sessions as options, optionally with
// an "All sessions" option first.
func SessionOptions(st *styles.Styles, list []api.Session, withAll bool) []Option {
	var opts []Option
	if withAll {
		opts = append(opts, Option{Key: AllSessions, Label: "All sessions", Detail: strconv.Itoa(len(list)) + " interleaved"})
	}
	for _, s := range list {
		if s.ID == "" {
			continue
		}
		opts = append(opts, Option{Key: string(s.ID), Label: common.Clean(string(s.Name)), Detail: common.Clean(string(s.ID)) + " · " + st.Status(string(s.Status)).Plain()})
	}
	return opts
}

// Sessions opens a picker over the account's sessions, optionally with an
// "All sessions" option first.
func Sessions(st *styles.Styles, title string, list []api.Session, current string, withAll bool) Model {
	return New(st, title, SessionOptions(st, list, withAll), current)
}
