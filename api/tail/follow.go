package tail

import "context"

// Follow polls until ctx ends, handing each non-empty batch to emit, and
// errors to onErr; it waits Delay between polls. For plain commands.
//
// Polls are sequential: the next starts only after emit returned and the
// delay passed. Follow returns nil when ctx ends (ctrl+c is a clean exit);
// errors of single polls go to onErr (nil = ignore) and following goes on.
func Follow[T any](ctx context.Context, t *Tail[T], emit func(Batch[T]), onErr func(error)) error {
	for {
		b, err := t.Poll(ctx)
		switch {
		case err == nil:
			if emit != nil && (len(b.New) > 0 || len(b.Updated) > 0 || len(b.Gaps) > 0) {
				emit(b)
			}
		case ctx.Err() == nil && onErr != nil:
			onErr(err)
		}
		if ctx.Err() != nil {
			return nil
		}
		if t.sleep(ctx, t.Delay(err)) != nil {
			return nil
		}
	}
}
