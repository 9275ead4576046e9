package sessions

import (
	"cmp"
	"slices"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/table"
)

const (
	colID = iota
	colName
	colPhone
	colStatus
	colHealth
	colWebhook
	colUpdated
	colProtect
	colLogs
	colCreated
)

func columns() []table.Column {
	return []table.Column{
		colID:      {Title: "ID", Width: 4, Right: true},
		colName:    {Title: "NAME", Width: 12, Flex: 1},
		colPhone:   {Title: "PHONE", Width: 15},
		colStatus:  {Title: "STATUS", Width: 14},
		colHealth:  {Title: "HEALTH", Width: 6},
		colWebhook: {Title: "WEBHOOK", Width: 7},
		colUpdated: {Title: "UPDATED", Width: 7, Right: true},
		colProtect: {Title: "PROTECT", Width: 7, MinTerm: 110},
		colLogs:    {Title: "MSG LOG", Width: 7, MinTerm: 120},
		colCreated: {Title: "CREATED", Width: 10, MinTerm: 140},
	}
}

// statusRank orders sessions by how much attention they need last: up first.
var statusRank = map[string]int{
	api.StatusConnected: 0, api.StatusConnecting: 1, api.StatusInitialized: 1,
	api.StatusNeedScan: 2, api.StatusNeedPasskey: 2, api.StatusDisconnected: 3,
	api.StatusLoggedOut: 4, api.StatusExpired: 4,
}

// row is a session with its display text computed once per refresh, so
// drawing and filtering do no formatting.
type row struct {
	s      api.Session
	cells  []string
	search string // lower-case haystack for the filter
}

// rowsView is the filtered, sorted rows; it implements table.Source.
type rowsView struct {
	rows   []*row
	widths []int // the widest cell of each column, over every session
	styles func(status string) lipgloss.Style
	health func(mark string) lipgloss.Style
}

func (v rowsView) Widths() []int { return v.widths }

func (v rowsView) Len() int             { return len(v.rows) }
func (v rowsView) Cells(i int) []string { return v.rows[i].cells }
func (v rowsView) Style(i, col int) (lipgloss.Style, bool) {
	switch col {
	case colStatus:
		return v.styles(string(v.rows[i].s.Status)), true
	case colHealth:
		return v.health(v.rows[i].cells[colHealth]), true
	}
	return lipgloss.Style{}, false
}

func (m *Model) buildRows(list []api.Session) []*row {
	now := m.ctx.Now()
	rows := make([]*row, len(list))
	keyOnly := m.ctx.KeyOnly() // then only state and number are known
	for i, s := range list {
		if keyOnly {
			rows[i] = keyOnlyRow(m, s)
			continue
		}
		webhook := "off"
		if s.WebhookEnabled {
			webhook = "on"
		}
		created := "-"
		if !s.CreatedAt.IsZero() {
			created = s.CreatedAt.Local().Format("2006-01-02")
		}
		cells := []string{
			colID:      common.Clean(string(s.ID)),
			colName:    common.Clean(string(s.Name)),
			colPhone:   common.Clean(string(s.PhoneNumber)),
			colStatus:  m.ctx.Styles.Status(string(s.Status)).Plain(),
			colHealth:  m.mark(s.ID),
			colWebhook: webhook,
			colUpdated: common.Ago(now, s.UpdatedAt.Time),
			colProtect: common.YesNo(bool(s.AccountProtection)),
			colLogs:    common.YesNo(bool(s.LogMessages)),
			colCreated: created,
		}
		rows[i] = &row{s: s, cells: cells, search: haystack(cells)}
	}
	m.widths = table.CellWidths(len(columns()), len(rows), func(i int) []string { return rows[i].cells })
	return rows
}

// unknown is how a list shows what only the personal token can read.
const unknown = "?"

// keyOnlyRow is a session known from its API key alone: its state and
// number; the rest is unknown, and shown so, never guessed.
func keyOnlyRow(m *Model, s api.Session) *row {
	or := func(v string) string {
		if v = common.Clean(v); v == "" {
			return unknown
		}
		return v
	}
	cells := []string{
		colID:      or(string(s.ID)),
		colName:    or(string(s.Name)),
		colPhone:   or(string(s.PhoneNumber)),
		colStatus:  m.ctx.Styles.Status(string(s.Status)).Plain(),
		colHealth:  m.mark(s.ID),
		colWebhook: unknown,
		colUpdated: unknown,
		colProtect: unknown,
		colLogs:    unknown,
		colCreated: unknown,
	}
	return &row{s: s, cells: cells, search: haystack(cells)}
}

// haystack is what the filter searches in a row: id, name, phone, status
// and health mark, lower case.
func haystack(cells []string) string { return strings.ToLower(strings.Join(cells[:colWebhook], " ")) }

// refreshView applies the filter and sort, keeping the selected session
// selected when it is still shown.
func (m *Model) refreshView() {
	selected := m.selectedID()
	q := strings.ToLower(strings.TrimSpace(m.filter.Value()))
	rows := make([]*row, 0, len(m.rows))
	for _, r := range m.rows {
		if q == "" || strings.Contains(r.search, q) {
			rows = append(rows, r)
		}
	}
	slices.SortStableFunc(rows, func(a, b *row) int {
		c := compareBy(m.sortCol, a, b)
		if c == 0 {
			c = a.s.ID.Compare(b.s.ID)
		}
		if m.sortDesc {
			return -c
		}
		return c
	})
	m.view = rowsView{rows: rows, widths: m.widths, styles: func(st string) lipgloss.Style { return m.ctx.Styles.Status(st).Style }, health: m.markStyle}
	m.table.SortCol, m.table.SortDesc = m.sortCol, m.sortDesc
	m.table.SetSource(m.view)
	for i, r := range rows {
		if r.s.ID == selected {
			m.table.SetCursor(i)
			break
		}
	}
}

func compareBy(col int, a, b *row) int {
	switch col {
	case colID:
		return a.s.ID.Compare(b.s.ID)
	case colStatus:
		ra, ok := statusRank[a.s.Status.Norm()]
		if !ok {
			ra = 9
		}
		rb, ok := statusRank[b.s.Status.Norm()]
		if !ok {
			rb = 9
		}
		return cmp.Compare(ra, rb)
	case colUpdated:
		return b.s.UpdatedAt.Compare(a.s.UpdatedAt.Time) // newest first
	case colCreated:
		return b.s.CreatedAt.Compare(a.s.CreatedAt.Time)
	default:
		return common.Natural(a.cells[col], b.cells[col])
	}
}

// sortable columns in the order "s" cycles through them.
var sortCycle = []int{colID, colName, colPhone, colStatus, colWebhook, colUpdated}

func (m *Model) nextSort() {
	i := slices.Index(sortCycle, m.sortCol)
	m.sortCol = sortCycle[(i+1)%len(sortCycle)]
	m.refreshView()
}

func (m *Model) selected() *row {
	if len(m.view.rows) == 0 {
		return nil
	}
	return m.view.rows[m.table.Cursor()]
}

func (m *Model) selectedID() api.ID {
	if r := m.selected(); r != nil {
		return r.s.ID
	}
	return ""
}
