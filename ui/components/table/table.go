// Package table is a windowed table: it renders only the rows that fit, so
// a hundred thousand rows cost the same per frame as a hundred.
package table

import (
	"slices"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/mattn/go-runewidth"
	"github.com/wasender-tui/wasender-tui/ui/styles"
)

// Column describes one column. Width is the minimum (never less than the
// title and its sort arrow); Flex marks a column of free text (names) that
// takes spare width after the others. MinTerm hides the column on narrow
// screens.
type Column struct {
	Title   string
	Width   int
	Flex    int
	MinTerm int
	Right   bool
}

// Source supplies rows lazily.
type Source interface {
	Len() int
	// Cells returns the plain text of row i, one string per column.
	Cells(i int) []string
	// Style may colour cell col of row i; ok=false leaves it plain. The
	// style must follow from the column and the cell's text.
	Style(i, col int) (lipgloss.Style, bool)
}

// Measured is a Source that knows its widest cell per column, over every
// row (not only those shown, so a filter does not move the columns). With
// it, spare width goes to the columns whose text would be cut, identifiers
// before free text, and no column grows past its widest cell; without it,
// flexible columns share the spare width.
type Measured interface {
	Widths() []int
}

// Model is the table state.
type Model struct {
	Columns []Column
	// SortCol marks the sorted column's title with an arrow; -1 for none.
	SortCol  int
	SortDesc bool
	// Empty is shown when there are no rows.
	Empty string

	styles  *styles.Styles
	src     Source
	cursor  int
	offset  int
	width   int
	height  int
	widths  []int // computed per width; 0 = hidden
	natural []int // the source's widest cells, when it is Measured
	styled  map[styledKey]string
}

// styledKey memoises styled cells: a column holds few distinct styled
// values (statuses), and lipgloss rendering dominates a frame otherwise.
// Sources must style a cell by its column and text alone.
type styledKey struct {
	col  int
	text string
}

const maxStyled = 512

// New returns a table over src.
func New(st *styles.Styles, cols []Column, src Source) Model {
	m := Model{Columns: cols, SortCol: -1, styles: st, styled: map[styledKey]string{}}
	m.SetSource(src)
	return m
}

// SetSource replaces the rows and keeps the cursor in range.
func (m *Model) SetSource(src Source) {
	m.src = src
	if ms, ok := src.(Measured); ok {
		if w := ms.Widths(); !slices.Equal(w, m.natural) {
			m.natural = slices.Clone(w)
			m.widths = m.layout(m.width)
		}
	}
	m.clamp()
}

// SetSize sets the space the table may use, header included.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.widths = m.layout(w)
	m.clamp()
}

// Cursor is the selected row index into the source.
func (m Model) Cursor() int { return m.cursor }

// SetCursor moves the selection to row i.
func (m *Model) SetCursor(i int) {
	m.cursor = i
	m.clamp()
}

func (m Model) rows() int {
	if m.src == nil {
		return 0
	}
	return m.src.Len()
}

func (m Model) bodyHeight() int { return max(m.height-1, 1) }

func (m *Model) clamp() {
	n := m.rows()
	m.cursor = max(0, min(m.cursor, n-1))
	h := m.bodyHeight()
	if m.cursor < m.offset {
		m.offset = m.cursor
	}
	if m.cursor >= m.offset+h {
		m.offset = m.cursor - h + 1
	}
	m.offset = max(0, min(m.offset, n-h))
}

// Move moves the cursor by rows. The table is a keys.Cursor: views bind
// it to the navigation keys with keys.Navigation.
func (m *Model) Move(rows int) {
	m.cursor += rows
	m.clamp()
}

// Page is how far a page key moves: the rows shown.
func (m *Model) Page() int { return m.bodyHeight() }

// Home selects the first row.
func (m *Model) Home() { m.SetCursor(0) }

// End selects the last row.
func (m *Model) End() { m.SetCursor(m.rows() - 1) }

// layout gives each visible column its width for a table w cells wide.
func (m Model) layout(w int) []int {
	widths := make([]int, len(m.Columns))
	used, shown := 0, 0
	for i, c := range m.Columns {
		if c.MinTerm > 0 && w < c.MinTerm {
			continue
		}
		widths[i] = max(c.Width, runewidth.StringWidth(c.Title)+1, 1) // room for ▲
		used += widths[i]
		shown++
	}
	used += max(shown-1, 0) // one space between columns
	spare := w - used
	if spare <= 0 {
		return widths
	}
	if m.natural == nil {
		m.shareFlex(widths, spare)
		return widths
	}
	// What each column lacks to show its widest cell: identifiers first,
	// then free text, each group cut by the same share when short.
	for _, flex := range []bool{false, true} {
		want := make([]int, len(widths))
		total := 0
		for i, c := range m.Columns {
			if widths[i] == 0 || (c.Flex > 0) != flex || i >= len(m.natural) {
				continue
			}
			want[i] = max(m.natural[i]-widths[i], 0)
			total += want[i]
		}
		if total == 0 {
			continue
		}
		give := min(spare, total)
		given := 0
		for i := range widths {
			add := want[i] * give / total
			widths[i] += add
			given += add
		}
		for i := len(widths) - 1; i >= 0 && given < give; i-- { // rounding
			if want[i] > 0 {
				widths[i]++
				given++
			}
		}
		spare -= give
	}
	return widths
}

// shareFlex gives spare to the flexible columns by their Flex, the
// rounding to the last of them.
func (m Model) shareFlex(widths []int, spare int) {
	flex := 0
	for i, c := range m.Columns {
		if widths[i] > 0 {
			flex += c.Flex
		}
	}
	if flex == 0 {
		return
	}
	given, last := 0, -1
	for i, c := range m.Columns {
		if widths[i] == 0 || c.Flex == 0 {
			continue
		}
		add := spare * c.Flex / flex
		widths[i] += add
		given += add
		last = i
	}
	widths[last] += spare - given
}

// View renders the header and the visible rows, exactly height lines.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	var b strings.Builder
	b.Grow((m.width + 16) * m.height)
	b.WriteString(m.headerLine())
	n := m.rows()
	h := m.bodyHeight()
	if n == 0 {
		b.WriteByte('\n')
		b.WriteString(m.styles.Dim.Render(Fit(m.Empty, m.width)))
		for i := 1; i < h; i++ {
			b.WriteByte('\n')
		}
		return b.String()
	}
	for r := 0; r < h; r++ {
		b.WriteByte('\n')
		i := m.offset + r
		if i >= n {
			continue
		}
		b.WriteString(m.rowLine(i))
	}
	return b.String()
}

func (m Model) headerLine() string {
	cells := make([]string, 0, len(m.Columns))
	for i, c := range m.Columns {
		if m.widths[i] == 0 {
			continue
		}
		title := c.Title
		if i == m.SortCol {
			if m.SortDesc {
				title += "▼"
			} else {
				title += "▲"
			}
		}
		cells = append(cells, pad(title, m.widths[i], c.Right))
	}
	return m.styles.TableHeader.Render(Fit(strings.Join(cells, " "), m.width))
}

func (m Model) rowLine(i int) string {
	texts := m.src.Cells(i)
	if i == m.cursor {
		cells := make([]string, 0, len(m.Columns))
		for c := range m.Columns {
			if m.widths[c] == 0 {
				continue
			}
			cells = append(cells, pad(cell(texts, c), m.widths[c], m.Columns[c].Right))
		}
		return m.styles.TableSelected.Render(Fit(strings.Join(cells, " "), m.width))
	}
	var b strings.Builder
	first, used := true, 0
	for c := range m.Columns {
		if m.widths[c] == 0 {
			continue
		}
		if !first {
			b.WriteByte(' ')
			used++
		}
		first = false
		used += m.widths[c]
		t := pad(cell(texts, c), m.widths[c], m.Columns[c].Right)
		if st, ok := m.src.Style(i, c); ok {
			t = m.render(c, t, st)
		}
		b.WriteString(t)
	}
	if used > m.width { // the columns' least widths do not fit: cut, and say so
		return ansi.Truncate(b.String(), m.width, "…")
	}
	return b.String()
}

func (m Model) render(col int, text string, st lipgloss.Style) string {
	k := styledKey{col, text}
	if out, ok := m.styled[k]; ok {
		return out
	}
	out := st.Render(text)
	if len(m.styled) >= maxStyled {
		clear(m.styled)
	}
	m.styled[k] = out
	return out
}

func cell(texts []string, c int) string {
	if c < len(texts) {
		return texts[c]
	}
	return ""
}

// pad truncates or pads s to exactly w cells.
func pad(s string, w int, right bool) string {
	s = Truncate(s, w)
	gap := w - runewidth.StringWidth(s)
	if gap <= 0 {
		return s
	}
	if right {
		return strings.Repeat(" ", gap) + s
	}
	return s + strings.Repeat(" ", gap)
}

// Fit pads or truncates plain text s to exactly w cells.
func Fit(s string, w int) string { return pad(s, w, false) }

// Truncate cuts text s to at most w cells, marking the cut with "…"; a
// styled s keeps its escapes whole and uncounted.
func Truncate(s string, w int) string {
	if w <= 0 {
		return ""
	}
	if strings.IndexByte(s, '\x1b') >= 0 {
		return ansi.Truncate(s, w, "…")
	}
	if isASCII(s) {
		if len(s) <= w {
			return s
		}
		return s[:w-1] + "…"
	}
	if runewidth.StringWidth(s) <= w {
		return s
	}
	return runewidth.Truncate(s, w, "…")
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || s[i] < 0x20 {
			return false
		}
	}
	return true
}

// CellWidths measures the widest cell of each of cols columns over n rows,
// for a Measured source.
func CellWidths(cols, n int, cells func(i int) []string) []int {
	w := make([]int, cols)
	for i := range n {
		Widen(w, cells(i))
	}
	return w
}

// Widen raises w to the widths of one row's cells.
func Widen(w []int, cells []string) {
	for c, s := range cells {
		if c >= len(w) {
			break
		}
		n := len(s)
		if !isASCII(s) {
			n = runewidth.StringWidth(s)
		}
		w[c] = max(w[c], n)
	}
}
