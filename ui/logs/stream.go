package logs

import (
	"context"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/tail"
)

// source is where one session's log of one kind comes from. Only one
// poll runs at a time: the pane polls a selection's sources in one command
// and starts the next only when that one answered.
type source interface {
	poll(ctx context.Context) (streamResult, error)
	delay(err error) time.Duration
}

// stream is a source followed by its own tail engine.
type stream struct {
	session api.ID
	pollFn  func(ctx context.Context) (streamResult, error)
	delayFn func(error) time.Duration
}

func (s *stream) poll(ctx context.Context) (streamResult, error) { return s.pollFn(ctx) }
func (s *stream) delay(err error) time.Duration                  { return s.delayFn(err) }

// streamResult is one poll of one stream, turned into lines.
type streamResult struct {
	news    []entry
	updates []entry
	gaps    []entry
}

func newStream(c *api.Client, session api.ID, k kind, opts tail.Options) source {
	if k == kindMessage {
		return follow(tail.New(tail.MessageLogs(c, session), opts), session, fromMessageLog)
	}
	return follow(tail.New(tail.SessionLogs(c, session), opts), session, fromSessionLog)
}

// follow wraps one stream's tail, turning each poll into lines.
func follow[T any](t *tail.Tail[T], session api.ID, line func(api.ID, T) entry) *stream {
	return &stream{
		session: session,
		delayFn: t.Delay,
		pollFn: func(ctx context.Context) (streamResult, error) {
			b, err := t.Poll(ctx)
			var r streamResult
			for _, l := range b.New {
				r.news = append(r.news, line(session, l))
			}
			for _, l := range b.Updated {
				r.updates = append(r.updates, line(session, l))
			}
			for _, g := range b.Gaps {
				r.gaps = append(r.gaps, fromGap(session, g))
			}
			return r, err
		},
	}
}
