// Package form is a small scrolling form of text, yes/no and set
// fields, with room for the API's validation errors beside each
// field.
package form

import (
	"slices"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/mattn/go-runewidth"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/input"
	"github.com/wasender-tui/wasender-tui/ui/keys"
	"github.com/wasender-tui/wasender-tui/ui/styles"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// Kind is a field's type.
type Kind int

const (
	Text Kind = iota
	Bool
	Set // some of a list of options, chosen from a checklist
)

// Field is one input. Key is the API's field name, so 422 errors land on it.
type Field struct {
	Key   string
	Label string
	Kind  Kind
	Help  string

	input   textinput.Model
	start   string // value for a text field
	on      bool
	initial string // value() when the form opened, for Changed
	errs    []string

	// A Set field's options, the values chosen (in the spelling given:
	// options or another spelling of one), and how a value is spelt as
	// an option.
	options []string
	chosen  []string
	canon   func(string) string
}

// Model is the form, a view of its own.
type Model struct {
	Title string
	// Submit runs on ctrl+s (or enter on the last field); Cancel on esc.
	Submit func() tea.Cmd
	Cancel func()
	// Waiting holds the keys while a submitted form waits for its answer.
	Waiting bool

	styles  *styles.Styles
	fields  []Field
	focus   int
	offset  int
	width   int
	height  int
	general []string // errors not tied to a field
	actions []keys.Action

	choosing bool // the checklist of the Set field in focus is open
	pick     int  // the option under the cursor
}

// New builds a form.
func New(st *styles.Styles, title string, fields []Field) *Model {
	m := &Model{Title: title, styles: st, fields: fields}
	for i := range m.fields {
		f := &m.fields[i]
		if f.Kind != Bool {
			ti := input.New(st, "", f.Help, 2048)
			ti.SetValue(f.start)
			f.input = ti
		}
		f.initial = f.value()
	}
	m.focusField(0)
	ready := func() bool { return !m.Waiting && !m.choosing }
	onBool := func() bool { return ready() && m.fields[m.focus].Kind == Bool }
	onSet := func() bool { return ready() && m.fields[m.focus].Kind == Set }
	choosing := func() bool { return m.choosing }
	m.actions = []keys.Action{
		keys.New("check/uncheck", " ", "x").Doing(m.toggleOption).When(choosing),
		keys.New("previous option", "up", "k").Doing(func() { m.movePick(-1) }).When(choosing),
		keys.New("next option", "down", "j").Doing(func() { m.movePick(+1) }).When(choosing),
		keys.New("done", "enter", "esc").Doing(func() { m.choosing = false }).When(choosing),
		keys.New("choose from the list", "enter", " ").Doing(func() { m.choosing, m.pick = true, 0 }).When(onSet),
		keys.New("save", "ctrl+s").Does(m.submit).When(ready),
		keys.New("cancel", "esc").Doing(m.cancel).When(ready),
		keys.New("next field", "tab", "down").Doing(func() { m.focusField((m.focus + 1) % len(m.fields)) }).When(ready),
		keys.New("previous field", "shift+tab", "up").Doing(func() { m.focusField((m.focus - 1 + len(m.fields)) % len(m.fields)) }).When(ready),
		keys.New("next field, save on the last", "enter").Does(m.enter).When(ready),
		keys.New("toggle", " ", "x", "left", "right", "h", "l").Doing(func() { m.fields[m.focus].on = !m.fields[m.focus].on }).When(onBool),
		keys.New("yes", "y").Doing(func() { m.fields[m.focus].on = true }).When(onBool),
		keys.New("no", "n").Doing(func() { m.fields[m.focus].on = false }).When(onBool),
	}
	return m
}

// Focus: a form is typed into.
func (m *Model) Focus() view.Focus { return view.Text }

// Actions are the form's keys; the others are typed into the text field
// in focus.
func (m *Model) Actions() []keys.Action { return m.actions }

func (m *Model) submit() tea.Cmd {
	if m.Submit == nil {
		return nil
	}
	return m.Submit()
}

func (m *Model) cancel() {
	if m.Cancel != nil {
		m.Cancel()
	}
}

func (m *Model) enter() tea.Cmd {
	if m.focus == len(m.fields)-1 {
		return m.submit()
	}
	m.focusField(m.focus + 1)
	return nil
}

// TextField returns a text field.
func TextField(key, label, help, value string) Field {
	return Field{Key: key, Label: label, Kind: Text, Help: help, start: value}
}

// SetField returns a field of some of options, chosen from a checklist.
// canon spells a value as its option (another spelling of the same one);
// values that are no option are kept, shown as unknown, and refused by
// Validate.
func SetField(key, label, help string, options []string, canon func(string) string, values []string) Field {
	return Field{Key: key, Label: label, Kind: Set, Help: help, options: options, canon: canon, chosen: append([]string(nil), values...)}
}

// BoolField returns a yes/no field.
func BoolField(key, label, help string, on bool) Field {
	return Field{Key: key, Label: label, Kind: Bool, Help: help, on: on}
}

func (f *Field) value() string {
	if f.Kind == Set {
		return strings.Join(f.chosen, ", ")
	}
	if f.Kind == Bool {
		if f.on {
			return "yes"
		}
		return "no"
	}
	return f.input.Value()
}

func (m *Model) focusField(i int) {
	if len(m.fields) == 0 {
		return
	}
	m.focus = max(0, min(i, len(m.fields)-1))
	for j := range m.fields {
		f := &m.fields[j]
		if f.Kind == Bool || f.Kind == Set {
			continue
		}
		if j == m.focus {
			f.input.Focus()
		} else {
			f.input.Blur()
		}
	}
	m.scroll()
}

// SetSize sets the space the form may use.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.scroll()
	_, inputW := m.widths()
	for i := range m.fields {
		m.fields[i].input.Width = inputW
	}
}

// chosenOption is the value of f that spells option, and whether one does.
func (f *Field) chosenOption(option string) (int, bool) {
	for i, v := range f.chosen {
		if f.canon(v) == option {
			return i, true
		}
	}
	return -1, false
}

// unknown are the values of f that are no option.
func (f *Field) unknown() []string {
	var out []string
	for _, v := range f.chosen {
		if !slices.Contains(f.options, f.canon(v)) {
			out = append(out, v)
		}
	}
	return out
}

// checklist is what the open checklist lists: the options, then values
// that are none.
func (f *Field) checklist() []string { return append(slices.Clone(f.options), f.unknown()...) }

func (m *Model) movePick(by int) {
	n := len(m.fields[m.focus].checklist())
	m.pick = max(0, min(m.pick+by, n-1))
}

func (m *Model) toggleOption() {
	f := &m.fields[m.focus]
	list := f.checklist()
	if m.pick >= len(list) {
		return
	}
	item := list[m.pick]
	if i := slices.Index(f.chosen, item); i >= 0 { // an unknown value, as given
		f.chosen = slices.Delete(f.chosen, i, i+1)
		return
	}
	if i, ok := f.chosenOption(item); ok {
		f.chosen = slices.Delete(f.chosen, i, i+1)
		return
	}
	f.chosen = append(f.chosen, item)
}

// Validate puts an error beside every Set field holding values that are
// none of its options, naming them and the options, and reports whether
// the form is fit to send.
func (m *Model) Validate() bool {
	errs := map[string][]string{}
	for _, f := range m.fields {
		if f.Kind != Set {
			continue
		}
		if bad := f.unknown(); len(bad) > 0 {
			errs[f.Key] = []string{"not documented: " + strings.Join(bad, ", ") + ": uncheck it (enter lists the " + common.Itoa(len(f.options)) + " documented ones)"}
		}
	}
	if len(errs) == 0 {
		return true
	}
	m.SetErrors("", errs)
	return false
}

// widths are the label column's and the inputs'.
func (m *Model) widths() (int, int) {
	labelW := 0
	for _, f := range m.fields {
		labelW = max(labelW, runewidth.StringWidth(f.Label))
	}
	labelW = min(labelW, max(m.width/3, 8))
	return labelW, max(m.width-labelW-6, 10)
}

// String returns a text field's trimmed value.
func (m *Model) String(key string) string {
	if f := m.field(key); f != nil {
		return strings.TrimSpace(f.input.Value())
	}
	return ""
}

// Bool returns a yes/no field's value.
func (m *Model) Bool(key string) bool {
	if f := m.field(key); f != nil {
		return f.on
	}
	return false
}

// List returns a set field's values.
func (m *Model) List(key string) []string {
	if f := m.field(key); f != nil && f.Kind == Set {
		return slices.Clone(f.chosen)
	}
	return nil
}

// Changed reports whether the operator changed a field.
func (m *Model) Changed(key string) bool {
	if f := m.field(key); f != nil {
		return f.value() != f.initial
	}
	return false
}

func (m *Model) field(key string) *Field {
	for i := range m.fields {
		if m.fields[i].Key == key {
			return &m.fields[i]
		}
	}
	return nil
}

// SetErrors shows field errors from a 422 beside their fields; errors for
// unknown fields and the overall message go above the form. Focus moves to
// the first field in error.
func (m *Model) SetErrors(message string, fields map[string][]string) {
	m.general = nil
	for i := range m.fields {
		m.fields[i].errs = nil
	}
	if message != "" {
		m.general = append(m.general, message)
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	first := -1
	for _, k := range keys {
		if f := m.field(k); f != nil {
			f.errs = fields[k]
			continue
		}
		m.general = append(m.general, k+": "+strings.Join(fields[k], " "))
	}
	for i, f := range m.fields {
		if len(f.errs) > 0 {
			first = i
			break
		}
	}
	if first >= 0 {
		m.focusField(first)
	}
}

// Update types a key or a paste into the text field in focus.
func (m *Model) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyMsg)
	if !ok || m.Waiting || len(m.fields) == 0 {
		return nil
	}
	f := &m.fields[m.focus]
	if f.Kind == Bool || f.Kind == Set {
		if k.Paste {
			what := "a yes/no field"
			if f.Kind == Set {
				what = "chosen from a list"
			}
			return common.Notify(common.LevelInfo, "paste ignored: "+f.Label+" is "+what)
		}
		return nil
	}
	var cmd tea.Cmd
	f.input, cmd = f.input.Update(k)
	return cmd
}

// lines per field: the input line, plus one per error.
func (f Field) height() int { return 1 + min(len(f.errs), 2) }

func (m *Model) bodyHeight() int {
	return max(m.height-3-min(len(m.general), 3), 1)
}

// scroll keeps the focused field visible.
func (m *Model) scroll() {
	h := m.bodyHeight()
	if m.focus < m.offset {
		m.offset = m.focus
	}
	for {
		used := 0
		for i := m.offset; i <= m.focus && i < len(m.fields); i++ {
			used += m.fields[i].height()
		}
		if used <= h || m.offset >= m.focus {
			break
		}
		m.offset++
	}
}

// View renders the form in exactly height lines.
func (m *Model) View() string {
	st := m.styles
	labelW, _ := m.widths()

	out := []string{st.Title.Render(m.Title)}
	for i, g := range m.general {
		if i == 3 {
			break
		}
		out = append(out, st.FieldError.Render("✗ "+runewidth.Truncate(g, m.width-2, "…")))
	}
	h := m.bodyHeight()
	var body []string
	for i := m.offset; i < len(m.fields) && len(body) < h; i++ {
		f := m.fields[i]
		marker := "  "
		label := st.Label.Render(padRight(runewidth.Truncate(f.Label, labelW, "…"), labelW))
		if i == m.focus {
			marker = st.Bold.Render("› ")
			label = st.Bold.Render(padRight(runewidth.Truncate(f.Label, labelW, "…"), labelW))
		}
		var val string
		if f.Kind == Set {
			val = m.setValue(&f, i == m.focus)
		} else if f.Kind == Bool {
			box := "[ ] no"
			if f.on {
				box = "[x] yes"
			}
			if i == m.focus {
				val = st.InputFocused.Render(box) + st.Dim.Render("  space toggles")
			} else {
				val = st.Input.Render(box)
			}
		} else {
			val = f.input.View()
		}
		body = append(body, marker+label+"  "+val)
		if i == m.focus && m.choosing {
			body = append(body, m.checklistLines(&f, labelW+4, h-len(body))...)
		}
		for j, e := range f.errs {
			if j == 2 || len(body) >= h {
				break
			}
			body = append(body, strings.Repeat(" ", labelW+4)+st.FieldError.Render("✗ "+runewidth.Truncate(e, max(m.width-labelW-8, 10), "…")))
		}
	}
	for len(body) < h {
		body = append(body, "")
	}
	out = append(out, body...)
	more := ""
	if m.offset > 0 || len(m.fields) > 0 && m.lastVisible() < len(m.fields)-1 {
		more = "more fields ↕"
	}
	out = append(out, "", st.Dim.Render(more))
	return strings.Join(out, "\n")
}

// setValue is a Set field's line: the values chosen, unknown ones marked.
func (m *Model) setValue(f *Field, focused bool) string {
	st := m.styles
	var parts []string
	for _, v := range f.chosen {
		if slices.Contains(f.options, f.canon(v)) {
			parts = append(parts, v)
		} else {
			parts = append(parts, v+" (unknown)")
		}
	}
	text := strings.Join(parts, ", ")
	if text == "" {
		text = "none"
	}
	_, w := m.widths()
	text = runewidth.Truncate(text, w, "…")
	if !focused {
		return st.Input.Render(text)
	}
	hint := "  enter chooses"
	if m.choosing {
		hint = "  space checks · enter done"
	}
	return st.InputFocused.Render(text) + st.Dim.Render(hint)
}

// checklistLines are the open checklist, scrolled to the cursor, in at
// most h lines.
func (m *Model) checklistLines(f *Field, indent, h int) []string {
	st := m.styles
	list := f.checklist()
	h = max(h, 1)
	first := max(0, min(m.pick-h/2, len(list)-h))
	var out []string
	for i := first; i < len(list) && len(out) < h; i++ {
		box := "[ ] "
		if _, ok := f.chosenOption(list[i]); ok || slices.Contains(f.chosen, list[i]) {
			box = "[x] "
		}
		line := strings.Repeat(" ", indent) + box + list[i]
		if i >= len(f.options) {
			line += " (unknown)"
		}
		if i == m.pick {
			line = st.Bold.Render(strings.Repeat(" ", indent-2) + "› " + box + list[i])
		}
		out = append(out, line)
	}
	return out
}

func (m *Model) lastVisible() int {
	h, used := m.bodyHeight(), 0
	for i := m.offset; i < len(m.fields); i++ {
		used += m.fields[i].height()
		if used > h {
			return i - 1
		}
	}
	return len(m.fields) - 1
}

func padRight(s string, w int) string {
	if g := w - runewidth.StringWidth(s); g > 0 {
		return s + strings.Repeat(" ", g)
	}
	return s
}
