package follow

import (
	"cmp"
	"testing"
)

type pane struct {
	lines                  []uint64
	cursor, offset, unseen int
	follow, typing         bool
	term                   string
	list                   *List
}

func newPane(n, rows int) *pane {
	p := &pane{follow: true}
	p.list = &List{Lines: &p.lines, Cursor: &p.cursor, Offset: &p.offset, Unseen: &p.unseen, Follow: &p.follow,
		Typing: &p.typing, Term: &p.term, Rows: func() int { return rows }, Refilter: func() {}}
	for i := range n {
		p.lines = append(p.lines, uint64(i))
	}
	p.list.Added(n)
	return p
}

func TestMovingUpPausesAndNewLinesAreCounted(t *testing.T) {
	p := newPane(10, 4)
	if p.cursor != 9 || p.offset != 6 || p.unseen != 0 {
		t.Fatalf("following: cursor %d, offset %d, unseen %d", p.cursor, p.offset, p.unseen)
	}
	p.list.Move(-5)
	if p.follow || p.cursor != 4 || p.offset != 4 {
		t.Fatalf("after up 5: follow %v, cursor %d, offset %d", p.follow, p.cursor, p.offset)
	}
	p.lines = append(p.lines, 10, 11)
	p.list.Added(2)
	if p.unseen != 2 || p.cursor != 4 {
		t.Fatalf("paused: unseen %d, cursor %d", p.unseen, p.cursor)
	}
	p.list.Move(p.list.Page() * 3)
	if !p.follow || p.unseen != 0 || p.cursor != 11 || p.offset != 8 {
		t.Fatalf("back at the newest: follow %v, unseen %d, cursor %d, offset %d", p.follow, p.unseen, p.cursor, p.offset)
	}
}

func TestRefillKeepsTheCursorOnItsLine(t *testing.T) {
	p := newPane(10, 4)
	p.list.Move(-3) // on line 6
	evens := func(shown []uint64) []uint64 {
		for i := uint64(0); i < 10; i++ {
			if i%2 == 0 || i == 6 {
				shown = append(shown, i)
			}
		}
		return shown
	}
	p.list.Refill(evens, cmp.Compare[uint64])
	if got := p.lines[p.cursor]; got != 6 {
		t.Fatalf("cursor on line %d, want 6", got)
	}
	p.list.Drop(2)
	if got := p.lines[p.cursor]; got != 6 || p.offset < 0 {
		t.Fatalf("after a drop: cursor on line %d, offset %d", got, p.offset)
	}
}
