package main

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wasender-tui/wasender-tui/api/fake"
)

// No secret in any output: every secret a user can give (a literal token,
// one from token_env, one printed by token_command, the environment's
// token and API key, a profile's api_key and session keys, passwords in
// base URLs) is fed to every command that prints something about the
// configuration or fails while using it, and none appears in its stdout or
// stderr.
func TestNoSecretInAnyOutput(t *testing.T) {
	secrets := map[string]string{
		"token":            "1|literal-token-aaaaaaaaaaaa",
		"token_env":        "2|env-named-token-bbbbbbbbbbb",
		"token_command":    "3|command-token-cccccccccccc",
		"api_key":          "profile-api-key-dddddddddddd",
		"session key":      "session-key-eeeeeeeeeeeeeeee",
		"base_url pw":      "basepassword-ffff",
		"WASENDER_TOKEN":   "4|environment-token-ggggggggg",
		"WASENDER_API_KEY": "environment-api-key-hhhhhhhh",
		"WASENDER_API_URL": "envurlpassword-iiii",
		"rejected token":   "5|rejected-by-server-jjjjjjjj",
	}
	api := httptest.NewServer(fake.New(fake.Options{}))
	t.Cleanup(api.Close)
	dir := t.TempDir()
	path := filepath.Join(dir, "c.toml")
	os.WriteFile(path, []byte(`default_profile = "a"
[profiles.a]
base_url = "http://user:`+secrets["base_url pw"]+`@127.0.0.1:1/api"
token = "`+secrets["token"]+`"
api_key = "`+secrets["api_key"]+`"
[profiles.a.session_keys]
"7" = "`+secrets["session key"]+`"
[profiles.b]
base_url = "http://127.0.0.1:1/api"
token_command = "echo '`+secrets["token_command"]+`'"
[profiles.c]
base_url = "http://127.0.0.1:1/api"
token_env = "MY_TOKEN"
[profiles.rejected]
base_url = "`+api.URL+`/api"
token = "`+secrets["rejected token"]+`"
`), 0o644) // readable by others: the warning must not quote the token either
	broken := filepath.Join(dir, "broken.toml") // bad values beside secrets
	os.WriteFile(broken, []byte(`[profiles.broken]
token = "`+secrets["token"]+`"
api_key = "`+secrets["api_key"]+`"
poll_interval = 5
base_url = "ftp://user:`+secrets["base_url pw"]+`@x/api"
`), 0o600)
	unquoted := filepath.Join(dir, "unquoted.toml") // a secret the parser quotes back
	os.WriteFile(unquoted, []byte("[profiles.u]\ntoken = "+secrets["token"]+"\n"), 0o600)
	envOnly := map[string]string{
		"WASENDER_TOKEN": secrets["WASENDER_TOKEN"], "WASENDER_API_KEY": secrets["WASENDER_API_KEY"],
		"WASENDER_API_URL": "http://u:" + secrets["WASENDER_API_URL"] + "@127.0.0.1:1/api",
	}
	withFile := map[string]string{"MY_TOKEN": secrets["token_env"]}
	runs := []struct {
		env  map[string]string
		args []string
	}{
		{withFile, []string{"config", "check", "--config", path}},
		{withFile, []string{"config", "check", "--config", path, "--profile", "b"}},
		{withFile, []string{"config", "check", "--config", path, "--profile", "c"}},
		{withFile, []string{"config", "check", "--config", broken}},
		{withFile, []string{"--config", path, "config", "path"}},
		{withFile, []string{"logs", "1", "--config", path, "--timeout-is-not-a-flag"}},
		{withFile, []string{"logs", "1", "--config", path}},
		{withFile, []string{"logs", "1", "--config", path, "--profile", "b", "--messages"}},
		{withFile, []string{"qr", "1", "--config", path, "--profile", "c"}},
		{withFile, []string{"logs", "1", "--config", path, "--profile", "rejected"}},
		{withFile, []string{"qr", "1", "--config", path, "--profile", "rejected"}},
		{withFile, []string{"serve", "--config", path, "--authorized-keys", filepath.Join(dir, "none")}},
		{withFile, []string{"--config", broken}},
		{withFile, []string{"config", "check", "--config", unquoted}},
		{withFile, []string{"--config", path, "--profile", "nope"}},
		{envOnly, []string{"config", "check"}},
		{envOnly, []string{"logs", "1"}},
		{envOnly, []string{"qr", "1"}},
	}
	outputs := 0
	for _, r := range runs {
		code, out, errOut := runCLI(t, r.env, r.args...)
		if os.Getenv("SHOW") != "" {
			t.Logf("%v → %d\n%s%s", r.args, code, out, errOut)
		}
		for stream, text := range map[string]string{"stdout": out, "stderr": errOut} {
			outputs++
			for field, secret := range secrets {
				if strings.Contains(text, secret) {
					t.Errorf("%v: %s shows the %s:\n%s", r.args, stream, field, text)
				}
			}
		}
	}
	t.Logf("%d secret fields checked in %d outputs of %d commands", len(secrets), outputs, len(runs))
}
