package tail

import "context"

// Follow steps until ctx ends, handing each non-empty batch to emit and
// errors to onErr (nil = ignore): right away while a backlog is being read,
// else after Delay. For plain commands and tests; the console and `logs`
// share a budget through a scheduler instead.
//
// Follow returns nil when ctx ends (ctrl+c is a clean exit).
func Follow[T any](ctx context.Context, t *Tail[T], emit func(Batch[T]), onErr func(error)) error {
	for {
		b, err := t.Step(ctx)
		if emit != nil && !b.Empty() {
			emit(b)
		}
		if err != nil && ctx.Err() == nil && onErr != nil {
			onErr(err)
		}
		if ctx.Err() != nil {
			return nil
		}
		d := t.Delay(err)
		if err == nil && t.CatchingUp() {
			d = 0
		}
		if t.sleep(ctx, d) != nil {
			return nil
		}
	}
}
