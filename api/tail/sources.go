package tail

import (
	"context"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
)

// SessionLogs and MessageLogs are the two sources of a session.
func SessionLogs(c *api.Client, id api.ID) Source[api.SessionLog] {
	return Source[api.SessionLog]{
		Fetch: func(ctx context.Context, page, perPage int) (api.LogPage[api.SessionLog], error) {
			return c.SessionLogs(ctx, id, api.LogQuery{Page: page, PerPage: perPage})
		},
		ID:   func(l api.SessionLog) api.ID { return l.ID },
		Time: func(l api.SessionLog) time.Time { return l.OccurredAt.Time },
	}
}

// MessageLogs follows the messages a session sent. An entry changes when
// its status settles (in_progress -> sent or failed): Version is status and
// updated_at, and in_progress entries are watched until they settle.
func MessageLogs(c *api.Client, id api.ID) Source[api.MessageLog] {
	return Source[api.MessageLog]{
		Fetch: func(ctx context.Context, page, perPage int) (api.LogPage[api.MessageLog], error) {
			return c.MessageLogs(ctx, id, api.LogQuery{Page: page, PerPage: perPage})
		},
		ID:      func(l api.MessageLog) api.ID { return l.ID },
		Time:    func(l api.MessageLog) time.Time { return l.CreatedAt.Time },
		Version: messageVersion,
		Pending: func(l api.MessageLog) bool { return l.Status.Is(api.StatusInProgress) },
	}
}

func messageVersion(l api.MessageLog) string {
	return l.Status.Norm() + " " + l.UpdatedAt.UTC().Format(time.RFC3339Nano)
}
