package config

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestFileProblems(t *testing.T) {
	tests := []struct {
		name string
		file string
		want []string
	}{
		{
			name: "syntax error",
			file: "[profiles.work]\nbase_url = \"https://x\"\npoll_interval = \"5s\n",
			want: []string{"FILE:3: invalid TOML: strings cannot contain newlines"},
		},
		{
			name: "duplicate key",
			file: "[profiles.work]\ntoken = \"1|aaaaaaaaaaaa\"\ntoken = \"1|aaaaaaaaaaaa\"\n",
			want: []string{"FILE:3: profiles.work.token is set twice (first on line 2); keep one"},
		},
		{
			name: "duplicate profile table",
			file: "[profiles.a]\ntoken_env = \"A_TOKEN\"\n\n[profiles.a]\nbase_url = \"https://x.example/api\"\n",
			want: []string{"FILE:4: table [profiles.a] is defined twice (first on line 1); merge the two into one"},
		},
		{
			name: "duplicate serve table",
			file: "[serve]\nlisten = \":2222\"\n[serve]\n",
			want: []string{"FILE:3: table [serve] is defined twice (first on line 1); merge the two into one"},
		},
		{
			name: "unknown key in a profile",
			file: "[profiles.work]\nbase_url = \"https://x.example/api\"\ntokn = \"1|aaaaaaaaaaaa\"\n",
			want: []string{`FILE:3: unknown key "tokn" in [profiles.work] (did you mean token?)`},
		},
		{
			name: "unknown key at the top",
			file: "# comment\n\ncolour = \"red\"\n",
			want: []string{`FILE:3: unknown key "colour"`},
		},
		{
			name: "unknown table",
			file: "[profile.work]\ntoken = \"x\"\n",
			want: []string{`FILE:1: unknown table [profile] (did you mean profiles?)`},
		},
		{
			name: "unknown key in serve",
			file: "[serve]\nlisten = \":2222\"\n  idle = \"5m\"\n",
			want: []string{`FILE:3: unknown key "idle" in [serve]`},
		},
		{
			name: "unknown dotted key",
			file: "default_profile = \"w\"\nprofiles.w.base_url = \"https://x.example\"\nprofiles.w.tokn = \"abc\"\n",
			want: []string{`FILE:3: unknown key "tokn" in [profiles.w] (did you mean token?)`},
		},
		{
			name: "unknown key in a quoted profile",
			file: "[profiles.\"my work\"]\n\n\"poll interval\" = \"5s\"\n",
			want: []string{`FILE:3: unknown key "poll interval" in [profiles."my work"] (did you mean poll_interval?)`},
		},
		{
			name: "duration given as a number",
			file: "[profiles.work]\npoll_interval = 5\n",
			want: []string{`FILE:2: poll_interval: expected a duration string like "5s", got integer`},
		},
		{
			name: "hidden log poll given as a boolean",
			file: "[profiles.work]\nhidden_log_poll = false\n",
			want: []string{`FILE:2: hidden_log_poll: expected a duration string like "30s" or "off", got boolean`},
		},
		{
			name: "not a duration",
			file: "[profiles.work]\nlog_poll_interval = \"2 seconds\"\n",
			want: []string{`FILE:2: log_poll_interval: "2 seconds" is not a duration; expected a duration string like "2s"`},
		},
		{
			name: "poll interval below its floor",
			file: "[profiles.work]\npoll_interval = \"1s\"\n",
			want: []string{`FILE:2: poll_interval: "1s" is below the minimum of 2s`},
		},
		{
			name: "log poll interval below its floor",
			file: "[profiles.work]\nlog_poll_interval = \"500ms\"\n",
			want: []string{`FILE:2: log_poll_interval: "500ms" is below the minimum of 1s`},
		},
		{
			name: "durations above their ceilings",
			file: "[profiles.work]\npoll_interval = \"2562047h\"\nlog_poll_interval = \"2h\"\nhidden_log_poll = \"61m\"\nrequest_timeout = \"11m\"\n" +
				"[serve]\nidle_timeout = \"25h\"\nmax_session = \"169h\"\nlogin_grace_time = \"11m\"\nmax_unauthenticated = 0\n",
			want: []string{
				`FILE:2: poll_interval: "2562047h" is above the maximum of 1h`,
				`FILE:3: log_poll_interval: "2h" is above the maximum of 1h`,
				`FILE:4: hidden_log_poll: "61m" is above the maximum of 1h`,
				`FILE:5: request_timeout: "11m" is above the maximum of 10m`,
				`FILE:7: idle_timeout: "25h" is above the maximum of 24h`,
				`FILE:8: max_session: "169h" is above the maximum of 168h`,
				`FILE:9: login_grace_time: "11m" is above the maximum of 10m`,
				`FILE:10: max_unauthenticated: 0 is out of range: use 1 to 1000`,
			},
		},
		{
			name: "poll interval off is not allowed",
			file: "[profiles.work]\npoll_interval = \"off\"\n",
			want: []string{`FILE:2: poll_interval: "off" is not a duration; expected a duration string like "5s"`},
		},
		{
			name: "negative request timeout",
			file: "[profiles.work]\nrequest_timeout = \"-5s\"\n",
			want: []string{`FILE:2: request_timeout: "-5s" is below the minimum of 1s`},
		},
		{
			name: "log buffer out of range",
			file: "[profiles.work]\nlog_buffer = 99\n",
			want: []string{`FILE:2: log_buffer: 99 is out of range: use 100 to 1000000`},
		},
		{
			name: "request budget out of range or not a number",
			file: "[profiles.work]\nrequest_budget = 500\n[profiles.b]\nrequest_budget = \"fast\"\n",
			want: []string{`FILE:2: request_budget: 500 is out of range: use 0.2 to 50`, `FILE:4: request_budget: expected a number, got string`},
		},
		{
			name: "quiet poll below its floor",
			file: "[profiles.work]\nquiet_poll = \"1s\"\n",
			want: []string{`FILE:2: quiet_poll: "1s" is below the minimum of 10s`},
		},
		{
			name: "log buffer as a float",
			file: "[profiles.work]\nlog_buffer = 1e4\n",
			want: []string{`FILE:2: log_buffer: expected an integer, got float`},
		},
		{
			name: "base URL without a scheme",
			file: "[profiles.work]\nbase_url = \"www.wasenderapi.com/api\"\n",
			want: []string{`FILE:2: base_url: "www.wasenderapi.com/api" is not an http:// or https:// URL`},
		},
		{
			name: "base URL with a password",
			file: "[profiles.work]\nbase_url = \"ftp://me:hunter2@example.com\"\n",
			want: []string{`FILE:2: base_url: "ftp://me:xxxxx@example.com" is not an http:// or https:// URL`},
		},
		{
			name: "base URL that does not parse, with a password",
			file: "[profiles.work]\nbase_url = \"https://me:pw@exa mple.com\"\n",
			want: []string{`FILE:2: base_url: "…@exa mple.com" is not a URL`},
		},
		{
			name: "base URL with a query",
			file: "[profiles.work]\nbase_url = \"https://x.example/api?a=1\"\n",
			want: []string{`FILE:2: base_url: "https://x.example/api?a=1": the base URL takes no query or fragment`},
		},
		{
			name: "empty profile name",
			file: "[profiles.\"\"]\n",
			want: []string{`FILE:1: [profiles.""]: a profile needs a name`},
		},
		{
			name: "session keys not a table",
			file: "[profiles.work]\nsession_keys = [\"a\"]\n",
			want: []string{`FILE:2: session_keys: expected a table of session id = api key, got array`},
		},
		{
			name: "datetime",
			file: "[profiles.work]\nrequest_timeout = 1979-05-27\n",
			want: []string{`FILE:2: request_timeout: expected a duration string like "20s", got datetime`},
		},
		{
			name: "empty serve path",
			file: "[serve]\naudit_file = \"\"\n",
			want: []string{`FILE:2: audit_file is empty`},
		},
		{
			name: "two token sources",
			file: "[profiles.work]\ntoken = \"1|aaaaaaaaaaaaaaaa\"\n\ntoken_env = \"WORK_TOKEN\"\n",
			want: []string{`FILE:4: token_env: [profiles.work] already has token (line 2); keep only one of token, token_env and token_command`},
		},
		{
			name: "three token sources",
			file: "[profiles.work]\ntoken_command = \"pass x\"\ntoken_env = \"T\"\ntoken = \"1|aaaaaaaaaaaaaaaa\"\n",
			want: []string{
				`FILE:3: token_env: [profiles.work] already has token_command (line 2); keep only one of token, token_env and token_command`,
				`FILE:4: token: [profiles.work] already has token_command (line 2); keep only one of token, token_env and token_command`,
			},
		},
		{
			name: "empty token",
			file: "[profiles.work]\ntoken = \"\"\n",
			want: []string{`FILE:2: token is empty`},
		},
		{
			name: "token with a space",
			file: "[profiles.work]\ntoken = \"1|abc def\"\n",
			want: []string{`FILE:2: token contains spaces or control characters`},
		},
		{
			name: "token as a number",
			file: "[profiles.work]\ntoken = 12345\n",
			want: []string{`FILE:2: token: expected a string, got integer`},
		},
		{
			name: "bad token_env name",
			file: "[profiles.work]\ntoken_env = \"MY TOKEN\"\n",
			want: []string{`FILE:2: token_env: "MY TOKEN" is not an environment variable name`},
		},
		{
			name: "empty token_command",
			file: "[profiles.work]\ntoken_command = \"  \"\n",
			want: []string{`FILE:2: token_command is empty`},
		},
		{
			name: "unknown default profile",
			file: "default_profile = \"home\"\n[profiles.work]\n[profiles.play]\n",
			want: []string{`FILE:1: default_profile: no profile named "home"; known profiles: work, play`},
		},
		{
			name: "profile is not a table",
			file: "[profiles]\nwork = \"x\"\n",
			want: []string{`FILE:2: work: expected a table [profiles.work], got string`},
		},
		{
			name: "profiles as an array of tables",
			file: "[[profiles]]\nname = \"work\"\n",
			want: []string{`FILE:1: profiles: expected a table of profiles like [profiles.NAME], got array of tables`},
		},
		{
			name: "session key in an inline table",
			file: "[profiles.work]\nsession_keys = { \"12\" = \"" + strings.Repeat("a", 64) + "\", \"13\" = 5 }\n",
			want: []string{`FILE:2: session key "13": expected a string, got integer`},
		},
		{
			name: "session key in its own table",
			file: "[profiles.work.session_keys]\n\"12\" = \"k1aaaaaaaaaaaa\"\n13 = \"\"\n",
			want: []string{`FILE:3: session key "13" is empty`},
		},
		{
			name: "serve listen without a port",
			file: "[serve]\nlisten = \"2222\"\n",
			want: []string{`FILE:2: listen: "2222" is not host:port (like ":2222" or "127.0.0.1:2222")`},
		},
		{
			name: "serve limits",
			file: "[serve]\nmax_sessions = 0\nidle_timeout = \"0\"\nmax_session = \"forever\"\n",
			want: []string{
				`FILE:2: max_sessions: 0 is out of range: use 1 to 2147483647`,
				`FILE:3: idle_timeout: "0" is below the minimum of 1s`,
				`FILE:4: max_session: "forever" is not a duration; expected a duration string like "8h"`,
			},
		},
		{
			name: "health thresholds",
			file: `[health]
window = "2d"
flapping_changes = 0
failing_rate = 20
failing_messages = "five"
unreadable = 3
`,
			want: []string{
				`FILE:2: window: "2d" is not a duration; expected a duration string like "1h"`,
				`FILE:3: flapping_changes: 0 is out of range: use 1 to 1000`,
				`FILE:4: failing_rate: 20 is out of range: use 0.01 to 1 (0.2 is 20%)`,
				`FILE:5: failing_messages: expected an integer, got string`,
				`FILE:6: unknown key "unreadable" in [health]`,
			},
		},
		{
			name: "a health window out of bounds",
			file: "[health]\nwindow = \"30s\"\n",
			want: []string{`FILE:2: window: "30s" is below the minimum of 1m`},
		},
		{
			name: "every problem in one pass, in file order",
			file: `default_profile = "nope"
[profiles.a]
poll_interval = "1s"
tokn = "x"
[profiles.b]
log_buffer = "big"
base_url = "mailto:x"
[serve]
max_sessions = -1
`,
			want: []string{
				`FILE:1: default_profile: no profile named "nope"; known profiles: a, b`,
				`FILE:3: poll_interval: "1s" is below the minimum of 2s`,
				`FILE:4: unknown key "tokn" in [profiles.a] (did you mean token?)`,
				`FILE:6: log_buffer: expected an integer, got string`,
				`FILE:7: base_url: "mailto:x" is not an http:// or https:// URL`,
				`FILE:9: max_sessions: -1 is out of range: use 1 to 2147483647`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, path, err := loadFile(t, tt.file)
			if err == nil {
				t.Fatalf("Load succeeded (%+v); want %q", c, tt.want)
			}
			if got := errorLines(err, path); !slices.Equal(got, tt.want) {
				t.Errorf("errors:\n got %q\nwant %q", got, tt.want)
			}
			problems := Problems(err)
			if len(problems) != len(tt.want) {
				t.Fatalf("Problems = %d, want %d", len(problems), len(tt.want))
			}
			for _, p := range problems {
				if p.File != path || p.Line <= 0 {
					t.Errorf("problem %q: File %q Line %d, want %q and a line", p.Msg, p.File, p.Line, path)
				}
			}
		})
	}
}

func TestErrorFormat(t *testing.T) {
	tests := []struct {
		err  *Error
		want string
	}{
		{&Error{File: "/c.toml", Line: 12, Col: 3, Msg: "bad"}, "/c.toml:12: bad"},
		{&Error{File: "/c.toml", Msg: "bad"}, "/c.toml: bad"},
		{&Error{Line: 4, Msg: "bad"}, "line 4: bad"},
		{&Error{Msg: "bad"}, "bad"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestLoadErrorTypes(t *testing.T) {
	_, _, err := loadFile(t, "[profiles.a]\npoll_interval = 1\n")
	var one *Error
	if !errors.As(err, &one) || one.Line != 2 {
		t.Errorf("single problem: %T %v, want *Error at line 2", err, err)
	}
	_, _, err = loadFile(t, "[profiles.a]\npoll_interval = 1\nlog_buffer = 1\n")
	var list ErrorList
	if !errors.As(err, &list) || len(list) != 2 {
		t.Errorf("two problems: %T %v, want an ErrorList of 2", err, err)
	}
	if !errors.As(err, &one) || one.Line != 2 {
		t.Errorf("errors.As(*Error) on a list should give the first problem, got %v", one)
	}
	if Problems(errors.New("other")) != nil {
		t.Errorf("Problems of a foreign error should be nil")
	}
}

// Secrets written in the wrong place must not come back in messages.
func TestSecretsStayOutOfMessages(t *testing.T) {
	const secret = "7|Zq8xK2vR9mW4tY6uP1sD3f"
	files := []string{
		"[profiles.work]\ntoken = " + secret + "\n",
		"[profiles.work]\ntoken = Zq8xK2vR9mW4tY6uP1sD3f\n",
		"[profiles.work]\ntoken = \"Zq8xK2vR9mW4tY6uP1sD3f\n",
		"[profiles.work]\napi_key = 1234567890123456789012345678901234567890\n",
		"[profiles.work]\ntoken = \"" + secret + " \"\n",
		"[profiles.work]\ntoken = \"" + secret + "\"\ntoken_env = \"X\"\n",
		"[profiles.work]\ntoken = \"" + secret + "\"\npoll_interval = 1\n",
		"[profiles.work.session_keys]\n\"1\" = Zq8xK2vR9mW4tY6uP1sD3f\n",
		"[profiles.work]\ntokn = \"" + secret + "\"\n",
	}
	for _, file := range files {
		_, _, err := loadFile(t, file)
		if err == nil {
			t.Errorf("Load(%q) succeeded, want an error", file)
			continue
		}
		for _, s := range []string{secret, "Zq8xK2vR9mW4tY6uP1sD3f", "1234567890123456789012345678901234567890"} {
			if strings.Contains(err.Error(), s) {
				t.Errorf("error shows the secret:\n%v", err)
			}
		}
	}
}
