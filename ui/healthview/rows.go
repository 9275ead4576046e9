package healthview

import (
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/wasender-tui/wasender-tui/api/health"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/components/table"
	"github.com/wasender-tui/wasender-tui/ui/healthtext"
)

const (
	colVerdict = iota
	colID
	colName
	colState
	colReasons
	colSentFailed
	colSpark
	colChanges
	colSince
	colActive
)

// maxName is the most a session's name takes before it is cut.
const maxName = 24

// sparkCells is the most cells a sparkline takes at a width: a longer
// window adds neighbouring 5-minute counts together.
func sparkCells(width int) int {
	if width < 100 {
		return 12
	}
	return 24
}

func columns(window time.Duration, width int) []table.Column {
	n := int((window + health.Bucket - 1) / health.Bucket)
	_, per := healthtext.Spark(make([]int, n), sparkCells(width))
	return []table.Column{
		colVerdict:    {Title: "VERDICT", Width: 11},
		colID:         {Title: "ID", Width: 3, Right: true, MinTerm: 100},
		colName:       {Title: "SESSION", Width: 12},
		colState:      {Title: "STATE", Width: 14, MinTerm: 160},
		colReasons:    {Title: "REASONS", Width: 16, Flex: 2},
		colSentFailed: {Title: "SENT/FAILED", Width: 11, Right: true},
		colSpark:      {Title: "FAILED/" + health.FormatWindow(per), Width: min(n, sparkCells(width))},
		colChanges:    {Title: "CHANGES", Width: 7, Right: true, MinTerm: 120},
		colSince:      {Title: "SINCE", Width: 5, Right: true},
		colActive:     {Title: "ACTIVE", Width: 6, Right: true, MinTerm: 140},
	}
}

// rowsView is the rows as the table shows them, each cell written once
// per build; it implements table.Source and table.Measured.
type rowsView struct {
	rows   []health.Row
	cells  [][]string
	widths []int
	st     func(row, col int) (lipgloss.Style, bool)
}

func newRowsView(ctx *common.Context, rows []health.Row, window time.Duration, width int, now time.Time) rowsView {
	st := ctx.Styles
	cols := columns(window, width)
	v := rowsView{rows: rows, cells: make([][]string, len(rows))}
	for i, r := range rows {
		mark, word := healthtext.Mark(r)
		spark, _ := healthtext.Spark(r.Failures, sparkCells(width))
		v.cells[i] = []string{
			colVerdict:    mark + " " + word,
			colID:         common.Clean(r.ID),
			colName:       healthtext.Name(r),
			colState:      st.Status(common.Clean(r.Status)).Plain(),
			colReasons:    reasons(r),
			colSentFailed: strconv.Itoa(r.Sent) + "/" + strconv.Itoa(r.Failed),
			colSpark:      spark,
			colChanges:    strconv.Itoa(r.Changes),
			colSince:      healthtext.Since(now, r),
			colActive:     common.Ago(now, r.LastActivity),
		}
	}
	v.widths = table.CellWidths(len(cols), len(rows), func(i int) []string { return v.cells[i] })
	v.widths[colName] = min(v.widths[colName], maxName) // the reasons have the rest
	v.st = func(row, col int) (lipgloss.Style, bool) {
		r := rows[row]
		switch col {
		case colVerdict:
			switch {
			case healthtext.Reading(r):
				return st.Dim, true
			case r.Verdict == health.Down:
				return st.Error, true
			case r.Verdict == health.Attention:
				return st.Warn, true
			}
			return st.OK, true
		case colState:
			return st.Status(r.Status).Style, true
		case colSpark:
			if strings.Trim(v.cells[row][colSpark], "· ") != "" {
				return st.Error, true
			}
			return st.Dim, true
		}
		return lipgloss.Style{}, false
	}
	return v
}

// reasons is the reasons column: what made the verdict, or while the logs
// are read, that they are.
func reasons(r health.Row) string {
	if healthtext.Reading(r) {
		return "reading its logs…"
	}
	return healthtext.Reasons(r)
}

func (v rowsView) Len() int                                { return len(v.rows) }
func (v rowsView) Cells(i int) []string                    { return v.cells[i] }
func (v rowsView) Widths() []int                           { return v.widths }
func (v rowsView) Style(i, col int) (lipgloss.Style, bool) { return v.st(i, col) }
