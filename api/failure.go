package api

import (
	"context"
	"time"
)

// FailedReason finds in the session's message log (its newest page) why a
// message sent to `to` at or after since failed: the API's failed_reason.
// Message info says only that a message failed (status 0), and the log does
// not carry the msgId, so the entry is matched by recipient and time, and
// by its text when the log keeps content (log_messages); found is false
// when no entry matches, as when the log keeps no recipients.
func (c *Client) FailedReason(ctx context.Context, session ID, to, text string, since time.Time) (reason string, found bool, err error) {
	page, err := c.MessageLogs(ctx, session, LogQuery{Page: 1, PerPage: 100})
	if err != nil {
		return "", false, err
	}
	want := phoneDigits(to)
	since = since.Add(-5 * time.Second) // the server's clock may lag ours
	var best *MessageLog
	for i := range page.Data {
		l := &page.Data[i]
		if !l.Status.Is(StatusFailed) || l.CreatedAt.Before(since) || want == "" || phoneDigits(string(l.To)) != want {
			continue
		}
		if text != "" && l.Content.Text() == text {
			best = l
			break
		}
		if best == nil || l.CreatedAt.After(best.CreatedAt.Time) {
			best = l
		}
	}
	if best == nil {
		return "", false, nil
	}
	return string(best.FailedReason), true, nil
}
