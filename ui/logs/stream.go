package logs

import (
	"context"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/tail"
)

// feed is one session's log as the pane reads it: a reader of the shared
// stream of the profile's hub, so that every pane and every console
// reading one log shares one tail and one request budget.
type feed interface {
	session() api.ID
	take() streamResult // what arrived since the last take
	status() tail.Status
	setVisible(bool)
	close()
}

// streamResult is what a feed brought, turned into lines.
type streamResult struct {
	news    []entry
	updates []entry
	gaps    []entry
}

func (r streamResult) empty() bool { return len(r.news)+len(r.updates)+len(r.gaps) == 0 }

// subscribe reads session's log of kind k from hub; the first result is
// what the stream already keeps. The reader leaves when life ends.
func subscribe(life context.Context, hub *tail.Hub, session api.ID, k kind, visible bool) (feed, streamResult) {
	if k == kindMessage {
		return subscribeTo(life, hub.Messages(session), session, visible, fromMessageLog)
	}
	return subscribeTo(life, hub.Sessions(session), session, visible, fromSessionLog)
}

func subscribeTo[T any](life context.Context, st *tail.Stream[T], session api.ID, visible bool, line func(api.ID, T) entry) (feed, streamResult) {
	sub, kept := st.SubscribeUntil(life.Done(), visible)
	f := &feedOf[T]{sub: sub, id: session, line: line}
	return f, f.lines(kept)
}

type feedOf[T any] struct {
	sub  *tail.Sub[T]
	id   api.ID
	line func(api.ID, T) entry
}

func (f *feedOf[T]) session() api.ID     { return f.id }
func (f *feedOf[T]) take() streamResult  { return f.lines(f.sub.Take()) }
func (f *feedOf[T]) status() tail.Status { return f.sub.Status() }
func (f *feedOf[T]) setVisible(v bool)   { f.sub.SetVisible(v) }
func (f *feedOf[T]) close()              { f.sub.Close() }

func (f *feedOf[T]) lines(b tail.Batch[T]) streamResult {
	var r streamResult
	for _, l := range b.New {
		r.news = append(r.news, f.line(f.id, l))
	}
	for _, l := range b.Updated {
		r.updates = append(r.updates, f.line(f.id, l))
	}
	for _, g := range b.Gaps {
		r.gaps = append(r.gaps, fromGap(f.id, g))
	}
	return r
}
