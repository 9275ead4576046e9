package table

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/wasender-tui/wasender-tui/ui/styles"
	"github.com/wasender-tui/wasender-tui/ui/uitest"
)

type src struct {
	rows   [][]string
	widths []int
}

func (s src) Len() int                              { return len(s.rows) }
func (s src) Cells(i int) []string                  { return s.rows[i] }
func (s src) Style(int, int) (lipgloss.Style, bool) { return lipgloss.Style{}, false }

type measured struct{ src }

func (m measured) Widths() []int { return m.widths }

func groupsTable(s Source, w int) Model {
	t := New(styles.New(uitest.Renderer()), []Column{
		{Title: "NAME", Width: 16, Flex: 1},
		{Title: "JID", Width: 20},
		{Title: "WEBHOOK", Width: 5, Right: true},
	}, s)
	t.SetSize(w, 5)
	return t
}

func TestSortArrowsAreNeverCut(t *testing.T) {
	tb := groupsTable(src{rows: [][]string{{"a", "b", "on"}}}, 60)
	tb.SortCol = 2
	if h := strings.Split(tb.View(), "\n")[0]; !strings.Contains(h, "WEBHOOK▲") {
		t.Errorf("header %q", h)
	}
}

func TestSpareWidthGoesWhereTextIsCut(t *testing.T) {
	jid := "120363041234567890-1612345678@g.us" // 34 cells
	rows := [][]string{{"Clear 2", jid, "on"}, {"A rather long group name here", "1@g.us", "off"}}
	s := measured{src{rows: rows, widths: CellWidths(3, len(rows), func(i int) []string { return rows[i] })}}

	wide := groupsTable(s, 250)
	if w := wide.widths; w[1] != 34 || w[0] != 29 {
		t.Errorf("at 250: widths %v, want the JID whole (34) and NAME only as wide as its longest (29)", w)
	}
	if v := wide.View(); !strings.Contains(v, jid) {
		t.Errorf("JID cut at 250:\n%s", v)
	}
	// Short of room: the identifier is served before the free text.
	narrow := groupsTable(s, 70)
	if w := narrow.widths; w[1] != 34 || w[0] != 70-34-8-2 {
		t.Errorf("at 70: widths %v", w)
	}
	// Without measurements the flexible column takes what is left.
	if w := groupsTable(s.src, 100).widths; w[0] != 100-20-8-2 {
		t.Errorf("unmeasured: widths %v", w)
	}
}

// A styled value is measured by what shows: its escapes are neither
// counted nor cut in half.
func TestTruncateKeepsEscapesWhole(t *testing.T) {
	styled := "\x1b[32m✓ delivered\x1b[0m"
	if got := Truncate(styled, 11); got != styled {
		t.Errorf("Truncate(%q, 11) = %q, want it whole", styled, got)
	}
	got := Truncate(styled, 6)
	if ansi.Strip(got) != "✓ del…" || strings.Count(got, "\x1b[") != strings.Count(got, "m") {
		t.Errorf("Truncate(%q, 6) = %q, want \"✓ del…\" with whole escapes", styled, got)
	}
}
