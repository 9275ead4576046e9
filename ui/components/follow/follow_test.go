package follow

import (
	"cmp"
	"testing"
)

type pane struct {
	list *List
}

func newPane(n, rows int) *pane {
	p := &pane{list: &List{Follow: true, Rows: func() int { return rows }, Refilter: func() {}}}
	for i := range n {
		p.list.Lines = append(p.list.Lines, uint64(i))
	}
	p.list.Added(n)
	return p
}

func TestMovingUpPausesAndNewLinesAreCounted(t *testing.T) {
	p := newPane(10, 4)
	if p.list.Cursor != 9 || p.list.Offset != 6 || p.list.Unseen != 0 {
		t.Fatalf("following: cursor %d, offset %d, unseen %d", p.list.Cursor, p.list.Offset, p.list.Unseen)
	}
	p.list.Move(-5)
	if p.list.Follow || p.list.Cursor != 4 || p.list.Offset != 4 {
		t.Fatalf("after up 5: follow %v, cursor %d, offset %d", p.list.Follow, p.list.Cursor, p.list.Offset)
	}
	p.list.Lines = append(p.list.Lines, 10, 11)
	p.list.Added(2)
	if p.list.Unseen != 2 || p.list.Cursor != 4 {
		t.Fatalf("paused: unseen %d, cursor %d", p.list.Unseen, p.list.Cursor)
	}
	p.list.Move(p.list.Page() * 3)
	if !p.list.Follow || p.list.Unseen != 0 || p.list.Cursor != 11 || p.list.Offset != 8 {
		t.Fatalf("back at the newest: follow %v, unseen %d, cursor %d, offset %d", p.list.Follow, p.list.Unseen, p.list.Cursor, p.list.Offset)
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
	if got := p.list.Lines[p.list.Cursor]; got != 6 {
		t.Fatalf("cursor on line %d, want 6", got)
	}
	p.list.Drop(2)
	if got := p.list.Lines[p.list.Cursor]; got != 6 || p.list.Offset < 0 {
		t.Fatalf("after a drop: cursor on line %d, offset %d", got, p.list.Offset)
	}
}
