package common

import (
	"context"

	"github.com/wasender-tui/wasender-tui/api/health"
)

// HealthMonitor is the console's health board, kept from the profile's
// shared log streams (a stream another pane or console tails costs nothing
// more): made on first use, which must come after Bind, its readers hidden
// until a pane says they are looked at (SetVisible), and let go when the
// console's lifetime ends. The Health pane and the Sessions pane read the
// same one, and whichever is in front feeds it.
func (c *Context) HealthMonitor() *health.Monitor {
	c.healthOnce.Do(func() {
		m := health.NewMonitor(c.LogHub(), health.MonitorOptions{
			Thresholds: c.Settings.Health,
			Held:       c.Client.HeldUntil,
			Now:        c.Now,
			Done:       c.Lifetime.Done(),
		})
		context.AfterFunc(c.Lifetime, m.Close)
		c.health = m
	})
	return c.health
}

// noIDWithKey is why the session of WASENDER_API_KEY cannot be judged on
// its logs: they live under its id, which only the personal token reads.
const noIDWithKey = "its logs are under /whatsapp-sessions/{id}/, and only the personal token (WASENDER_TOKEN) tells this key's session id"

// HealthRows are the sessions' health now, worst first, as the panes show
// them: a console with API keys alone says why the session of
// WASENDER_API_KEY has no logs (the board knows only that it has no id).
func (c *Context) HealthRows() []health.Row {
	rows := c.HealthMonitor().Rows()
	if !c.KeyOnly() {
		return rows
	}
	for i := range rows {
		if rows[i].ID != "" {
			continue
		}
		for k, why := range rows[i].Reasons {
			if why.Kind == health.Unreadable {
				rows[i].Reasons[k].Detail = noIDWithKey
			}
		}
	}
	return rows
}
