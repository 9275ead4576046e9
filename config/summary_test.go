package config

import (
	"strings"
	"testing"
)

func TestMask(t *testing.T) {
	for in, want := range map[string]string{
		"":                   "",
		"abc":                "***",
		"12345678901":        "***********",
		"123456789012":       "12…12",
		"1|abcdefghijklmnf9": "1|…f9",
		"ééééééééééééé":      "éé…éé",
	} {
		if got := Mask(in); got != want {
			t.Errorf("Mask(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSummary(t *testing.T) {
	const token = "1|abcdefghijklmnopqrstuvwxyz0123456789f9"
	c, path, err := loadFile(t, `[profiles.work]
base_url = "http://user:secretpw@api.example.com/api"
token = "`+token+`"
hidden_log_poll = "off"
[profiles.work.session_keys]
"7" = "sessionkeysessionkey"
"10" = "sessionkeysessionkey"
`)
	if err != nil {
		t.Fatal(err)
	}
	s := c.Summary()
	for _, want := range []string{
		"config file:      " + path + "\n",
		"profile:          work (profiles: work)\n",
		"base URL:         http://user:xxxxx@api.example.com/api\n",
		"token:            1|…f9 (40 chars) from token in config.toml\n",
		"api key:          none\n",
		"session keys:     2 (sessions 7, 10)\n",
		"poll intervals:   sessions 5s, log tail 2s, hidden logs off\n",
		"request timeout:  20s\n",
		"serve limits:     idle 15m, session 8h, 20 sessions at once\n",
		"serve login:      authenticate within 20s, at most 10 connections doing so at once\n",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, token) || strings.Contains(s, "sessionkeysessionkey") || strings.Contains(s, "secretpw") {
		t.Errorf("summary shows a secret:\n%s", s)
	}
}

func TestSummaryCountsOne(t *testing.T) {
	c, _, err := loadFile(t, `[profiles.work]
token = "1|abcdefghijklmnopqrstuvwxyz0123456789f9"
[serve]
max_sessions = 1
max_unauthenticated = 1
`)
	if err != nil {
		t.Fatal(err)
	}
	s := c.Summary()
	for _, want := range []string{"1 session at once", "at most 1 connection doing so"} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
}

func TestSessionKeysAloneAreACredential(t *testing.T) {
	c, _, err := loadFile(t, `[profiles.work.session_keys]
"12" = "sessionkeysessionkey"
`)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.RequireCredential(); err != nil {
		t.Errorf("session_keys refused: %v", err)
	}
}
