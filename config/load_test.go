package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestLoadFromEnvironmentOnly(t *testing.T) {
	home := t.TempDir() // no config file in it
	c, err := Load(Options{Getenv: envMap("HOME", home, EnvToken, "1|abcdefghijklmnop")})
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	want := defaultProfile("")
	want.Token, want.TokenSource = "1|abcdefghijklmnop", EnvToken
	if !profilesEqual(c.Profile, want) {
		t.Errorf("profile = %+v\nwant %+v", c.Profile, want)
	}
	if c.Path != "" || c.FileExists || c.ProfileName != "" || len(c.Profiles) != 0 || len(c.Warnings) != 0 {
		t.Errorf("config = %+v, want no file, profile or warning", c)
	}
	if got := c.Serve.HostKey; got != filepath.Join(home, ".config", "wasender-tui", "ssh_host_ed25519") {
		t.Errorf("default host key = %q", got)
	}
	if err := c.RequireCredential(); err != nil {
		t.Errorf("RequireCredential: %v", err)
	}
}

func TestLoadWithNothingAtAll(t *testing.T) {
	c, err := Load(Options{Getenv: envMap()})
	if err != nil {
		t.Fatalf("Load with an empty environment: %v", err)
	}
	if !errors.Is(c.RequireCredential(), ErrNoCredential) {
		t.Errorf("RequireCredential = %v, want ErrNoCredential", c.RequireCredential())
	}
}

func TestExplicitFileMustExist(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "nope.toml")
	tests := []struct {
		opts Options
		want string
	}{
		{Options{Path: missing, Getenv: envMap()}, missing + ": config file not found (named by --config)"},
		{Options{Getenv: envMap(EnvConfig, missing)}, missing + ": config file not found (named by WASENDER_CONFIG)"},
		{Options{Path: dir, Getenv: envMap()}, dir + ": cannot read config file: it is a directory, not a regular file"},
	}
	for _, tt := range tests {
		_, err := Load(tt.opts)
		if err == nil || err.Error() != tt.want {
			t.Errorf("Load(%+v) error = %v, want %q", tt.opts, err, tt.want)
		}
	}
}

func TestConfigPathResolution(t *testing.T) {
	home := t.TempDir()
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"default", Options{Getenv: envMap("HOME", home)}, filepath.Join(home, ".config/wasender-tui/config.toml")},
		{"XDG", Options{Getenv: envMap("HOME", home, "XDG_CONFIG_HOME", "/xdg")}, "/xdg/wasender-tui/config.toml"},
		{"relative XDG is ignored", Options{Getenv: envMap("HOME", home, "XDG_CONFIG_HOME", "xdg")}, filepath.Join(home, ".config/wasender-tui/config.toml")},
		{"environment", Options{Getenv: envMap("HOME", home, EnvConfig, "~/w.toml")}, filepath.Join(home, "w.toml")},
		{"flag", Options{Path: "/etc/w.toml", Getenv: envMap("HOME", home, EnvConfig, "/x.toml")}, "/etc/w.toml"},
		{"no home", Options{Getenv: envMap()}, ""},
	}
	for _, tt := range tests {
		if got := ResolvePath(tt.opts); got != tt.want {
			t.Errorf("%s: ResolvePath = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestDefaultFileIsRead(t *testing.T) {
	xdg := t.TempDir()
	if err := os.MkdirAll(filepath.Join(xdg, "wasender-tui"), 0o700); err != nil {
		t.Fatal(err)
	}
	path := writeConfig(t, filepath.Join(xdg, "wasender-tui"), "[profiles.only]\ntoken_env = \"T\"\n")
	c, err := Load(Options{Getenv: envMap("XDG_CONFIG_HOME", xdg, "T", "1|tokentokentoken")})
	if err != nil {
		t.Fatal(err)
	}
	if c.Path != path || !c.FileExists || c.ProfileName != "only" || c.Profile.Token != "1|tokentokentoken" {
		t.Errorf("config = %+v", c)
	}
}

const threeProfiles = `
[profiles.work]
token = "1|workworkworkwork"
[profiles.default]
token = "1|defaultdefaultdefault"
[profiles.play]
token = "1|playplayplayplay"
`

func TestProfileSelection(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		flag    string
		env     []string
		want    string
		warning bool
	}{
		{name: "flag beats everything", file: "default_profile = \"play\"\n" + threeProfiles, flag: "work", env: []string{EnvProfile, "play"}, want: "work"},
		{name: "WASENDER_PROFILE beats the file", file: "default_profile = \"play\"\n" + threeProfiles, env: []string{EnvProfile, "work"}, want: "work"},
		{name: "default_profile", file: "default_profile = \"play\"\n" + threeProfiles, want: "play"},
		{name: "a profile named default", file: threeProfiles, want: "default"},
		{name: "the only profile", file: "[profiles.solo]\n", want: "solo"},
		{name: "none among several", file: "[profiles.a]\n[profiles.b]\n", want: "", warning: true},
		{name: "no profiles", file: "[serve]\n", want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := writeConfig(t, dir, tt.file)
			c, err := Load(Options{Path: path, Profile: tt.flag, Getenv: envMap(append([]string{"HOME", dir}, tt.env...)...)})
			if err != nil {
				t.Fatal(err)
			}
			if c.ProfileName != tt.want || c.Profile.Name != tt.want {
				t.Errorf("profile = %q (%q), want %q", c.ProfileName, c.Profile.Name, tt.want)
			}
			if got := len(c.Warnings) > 0; got != tt.warning {
				t.Errorf("warnings = %q, want some: %v", c.Warnings, tt.warning)
			}
		})
	}
}

func TestProfileNamesInFileOrder(t *testing.T) {
	c, _, err := loadFile(t, "profiles.mid.poll_interval = \"3s\"\n[profiles.zeta]\n[profiles.alpha]\n[profiles.beta]\n", EnvProfile, "mid")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"mid", "zeta", "alpha", "beta"}; !slices.Equal(c.Profiles, want) {
		t.Errorf("Profiles = %q, want %q", c.Profiles, want)
	}
	if c.Profile.PollInterval != 3*time.Second {
		t.Errorf("PollInterval = %v", c.Profile.PollInterval)
	}
}

func TestUnknownProfile(t *testing.T) {
	c, path, err := loadFile(t, threeProfiles, EnvProfile, "home")
	if err == nil {
		t.Fatalf("Load = %+v, want an error", c)
	}
	want := path + `: WASENDER_PROFILE: no profile named "home"; known profiles: work, default, play`
	if err.Error() != want {
		t.Errorf("error = %q\nwant %q", err, want)
	}

	_, err = Load(Options{Profile: "work", Getenv: envMap("HOME", t.TempDir())})
	want = `--profile: no profile named "work": there is no config file (create one with "wasender-tui config init")`
	if err == nil || err.Error() != want {
		t.Errorf("no file: error = %v\nwant %q", err, want)
	}
}

func TestProfileValuesAndDefaults(t *testing.T) {
	c, _, err := loadFile(t, `
[profiles.work]
base_url = "http://localhost:8080/api/"
api_key = "abcdef0123456789abcdef0123456789"
poll_interval = "2s"
log_poll_interval = "1s"
hidden_log_poll = "off"
log_buffer = 1_000_000
request_timeout = "1m"
log_backlog = 500
quiet_poll = "30s"
request_budget = 2.5
[profiles.work.session_keys]
"12" = "k12k12k12k12k12"
"13" = "k13k13k13k13k13"
`)
	if err != nil {
		t.Fatal(err)
	}
	want := Profile{
		Name:            "work",
		BaseURL:         "http://localhost:8080/api",
		APIKey:          "abcdef0123456789abcdef0123456789",
		APIKeySource:    "api_key in config.toml",
		SessionKeys:     map[string]string{"12": "k12k12k12k12k12", "13": "k13k13k13k13k13"},
		PollInterval:    2 * time.Second,
		LogPollInterval: time.Second,
		HiddenLogPoll:   0,
		LogBuffer:       1_000_000,
		RequestTimeout:  time.Minute,
		LogBacklog:      500,
		QuietPoll:       30 * time.Second,
		RequestBudget:   2.5,
	}
	if !profilesEqual(c.Profile, want) {
		t.Errorf("profile = %+v\nwant %+v", c.Profile, want)
	}
	if err := c.RequireCredential(); err != nil {
		t.Errorf("an api key alone should do: %v", err)
	}

	c, _, err = loadFile(t, "[profiles.work]\nhidden_log_poll = \"0\"\n")
	if err != nil || c.Profile.HiddenLogPoll != 0 {
		t.Errorf(`hidden_log_poll = "0": %v, %v`, c, err)
	}
}

func TestEnvironmentOverridesTheFile(t *testing.T) {
	file := `[profiles.work]
base_url = "https://file.example/api"
token_command = "never run"
api_key = "filekeyfilekeyfilekey"
poll_interval = "9s"
`
	c, _, err := loadFile(t, file,
		EnvAPIURL, "https://env.example/api/",
		EnvToken, " 1|envenvenvenvenv\n",
		EnvAPIKey, "envkeyenvkeyenvkey")
	if err != nil {
		t.Fatal(err)
	}
	p := c.Profile
	if p.BaseURL != "https://env.example/api" || p.Token != "1|envenvenvenvenv" || p.TokenSource != EnvToken ||
		p.APIKey != "envkeyenvkeyenvkey" || p.APIKeySource != EnvAPIKey || p.PollInterval != 9*time.Second {
		t.Errorf("profile = %+v", p)
	}

	_, _, err = loadFile(t, file, EnvAPIURL, "ftp://x", EnvToken, "1|a b")
	want := []string{
		`WASENDER_API_URL: "ftp://x" is not an http:// or https:// URL`,
		`WASENDER_TOKEN contains spaces or control characters`,
	}
	if got := errorLines(err, ""); !slices.Equal(got, want) {
		t.Errorf("errors = %q\nwant %q", got, want)
	}
}

func TestServeSettings(t *testing.T) {
	dir := t.TempDir()
	path := writeConfig(t, dir, `[serve]
listen = "127.0.0.1:2200"
authorized_keys = "~/keys"
host_key = "host_key"
audit_file = "/var/log/w.log"
idle_timeout = "5m"
max_session = "1h30m"
max_sessions = 3
login_grace_time = "30s"
max_unauthenticated = 4
`)
	home := filepath.Join(dir, "home")
	c, err := Load(Options{Path: path, Getenv: envMap("HOME", home)})
	if err != nil {
		t.Fatal(err)
	}
	want := Serve{
		Listen:         "127.0.0.1:2200",
		AuthorizedKeys: filepath.Join(home, "keys"),
		HostKey:        filepath.Join(dir, "host_key"),
		AuditFile:      "/var/log/w.log",
		IdleTimeout:    5 * time.Minute,
		MaxSession:     90 * time.Minute,
		MaxSessions:    3,

		LoginGraceTime:     30 * time.Second,
		MaxUnauthenticated: 4,
	}
	if c.Serve != want {
		t.Errorf("serve = %+v\nwant %+v", c.Serve, want)
	}

	c, err = Load(Options{Path: writeConfig(t, dir, "[serve]\n"), Getenv: envMap("HOME", home, "XDG_STATE_HOME", "/state", "XDG_CONFIG_HOME", "/cfg")})
	if err != nil {
		t.Fatal(err)
	}
	want = Serve{
		Listen:         ":2222",
		AuthorizedKeys: "/cfg/wasender-tui/authorized_keys",
		HostKey:        "/cfg/wasender-tui/ssh_host_ed25519",
		AuditFile:      "/state/wasender-tui/audit.log",
		IdleTimeout:    15 * time.Minute,
		MaxSession:     8 * time.Hour,
		MaxSessions:    20,

		LoginGraceTime:     20 * time.Second,
		MaxUnauthenticated: 10,
	}
	if c.Serve != want {
		t.Errorf("default serve = %+v\nwant %+v", c.Serve, want)
	}
}

func TestTildeNeedsHome(t *testing.T) {
	dir := t.TempDir()
	path := writeConfig(t, dir, "[serve]\nhost_key = \"~/k\"\n")
	_, err := Load(Options{Path: path, Getenv: envMap()})
	if want := path + `:2: host_key: cannot expand "~": HOME is not set`; err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
	if got := expandTilde("~", "/h"); got != "/h" {
		t.Errorf(`expandTilde("~") = %q`, got)
	}
	if got := expandTilde("~bob/x", "/h"); got != "~bob/x" {
		t.Errorf(`expandTilde("~bob/x") = %q`, got)
	}
}

func TestWithProfile(t *testing.T) {
	dir := t.TempDir()
	path := writeConfig(t, dir, `default_profile = "work"
[profiles.work]
token = "1|workworkworkwork"
[profiles.home]
token_env = "HOME_TOKEN"
base_url = "https://home.example/api"
`)
	c, err := Load(Options{Path: path, Getenv: envMap("HOME", dir, "HOME_TOKEN", "2|homehomehomehome")})
	if err != nil {
		t.Fatal(err)
	}
	home, err := c.WithProfile("home")
	if err != nil {
		t.Fatal(err)
	}
	if home.ProfileName != "home" || home.Profile.Token != "2|homehomehomehome" ||
		home.Profile.TokenSource != "token_env HOME_TOKEN" || home.Profile.BaseURL != "https://home.example/api" {
		t.Errorf("home = %+v", home.Profile)
	}
	if c.ProfileName != "work" {
		t.Errorf("WithProfile changed the original: %q", c.ProfileName)
	}
	back, err := home.WithProfile("work")
	if err != nil || back.Profile.Token != "1|workworkworkwork" || back.Profile.TokenSource != "token in config.toml" {
		t.Errorf("back to work: %+v, %v", back, err)
	}
	_, err = c.WithProfile("play")
	if want := path + `: --profile: no profile named "play"; known profiles: work, home`; err == nil || err.Error() != want {
		t.Errorf("unknown profile: %v\nwant %q", err, want)
	}
	_, err = c.WithProfile(" ")
	if err == nil || !strings.Contains(err.Error(), "known profiles: work, home") {
		t.Errorf("empty name: %v", err)
	}
}

func TestRequireCredentialMessage(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "config.toml")
	err := Profile{}.RequireCredential(missing)
	want := `no API token: set WASENDER_TOKEN=<personal access token> (or WASENDER_API_KEY=<session api key>), ` +
		`or add token = "…" (or token_env / token_command) to [profiles.NAME] in ` + missing +
		` — run "wasender-tui config init" to create one — or try "wasender-tui --demo"`
	if err == nil || err.Error() != want {
		t.Errorf("no file:\n got %v\nwant %s", err, want)
	}
	existing := writeConfig(t, dir, "[profiles.work]\n")
	err = Profile{Name: "work"}.RequireCredential(existing)
	want = `no API token: set WASENDER_TOKEN=<personal access token> (or WASENDER_API_KEY=<session api key>), ` +
		`or add token = "…" (or token_env / token_command) to [profiles.work] in ` + existing +
		`, or try "wasender-tui --demo"`
	if err == nil || err.Error() != want {
		t.Errorf("file exists:\n got %v\nwant %s", err, want)
	}
	if !errors.Is(err, ErrNoCredential) {
		t.Errorf("errors.Is(ErrNoCredential) = false")
	}
	if err := (Profile{Token: "t"}).RequireCredential(""); err != nil {
		t.Errorf("with a token: %v", err)
	}
}

func profilesEqual(a, b Profile) bool {
	return reflect.DeepEqual(a, b)
}

// [health] sets the thresholds of the status verdicts; without it they are
// the documented defaults.
func TestHealthThresholds(t *testing.T) {
	c, _, err := loadFile(t, "[health]\nwindow = \"15m\"\nflapping_changes = 5\nfailing_rate = 0.5\nfailing_messages = 10\nunreadable_reads = 2\n")
	if err != nil {
		t.Fatal(err)
	}
	want := Health{Window: 15 * time.Minute, FlappingChanges: 5, FailingRate: 0.5, FailingMessages: 10, UnreadableReads: 2}
	if c.Health != want {
		t.Errorf("health %+v, want %+v", c.Health, want)
	}
	if !strings.Contains(c.Summary(), "over 15m: flapping at 5 state changes, failing at 50% of 10 messages or more, unreadable after 2 failed reads") {
		t.Errorf("summary:\n%s", c.Summary())
	}
	c, _, err = loadFile(t, "[serve]\n")
	if err != nil || c.Health != defaultHealth() || c.Health.Window != time.Hour || c.Health.FailingRate != 0.2 {
		t.Errorf("defaults: %+v %v", c.Health, err)
	}
}
