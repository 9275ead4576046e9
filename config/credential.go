package config

import (
	"errors"
	"fmt"
	"os"
)

// ErrNoCredential is matched (errors.Is) by RequireCredential's error.
var ErrNoCredential = errors.New("no API token")

// RequireCredential returns nil when p has a personal access token or a
// session api key, or session_keys (enough for session-key-only use);
// otherwise an error
// saying every way to provide one. path is the config file to mention.
func (p Profile) RequireCredential(path string) error {
	if p.Token != "" || p.APIKey != "" || len(p.SessionKeys) > 0 {
		return nil
	}
	name := "NAME"
	if p.Name != "" {
		name = p.Name
	}
	where := ""
	if path != "" {
		where = " in " + path
	}
	demo := `, or try "wasender-tui --demo"`
	if _, err := os.Stat(path); path == "" || err != nil {
		demo = ` — run "wasender-tui config init" to create one — or try "wasender-tui --demo"`
	}
	return fmt.Errorf(`%w: set %s=<personal access token> (or %s=<session api key>), `+
		`or add token = "…" (or token_env / token_command) to %s%s%s`,
		ErrNoCredential, EnvToken, EnvAPIKey, displayTable([]string{"profiles", name}), where, demo)
}

// RequireCredential is Profile.RequireCredential naming the file this
// configuration came from, or would come from.
func (c *Config) RequireCredential() error {
	path := c.Path
	if path == "" {
		path = ResolvePath(c.opts)
	}
	return c.Profile.RequireCredential(path)
}
