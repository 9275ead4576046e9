package config

import (
	"slices"
	"strings"
	"testing"
)

func TestEventsSettings(t *testing.T) {
	for in, want := range map[string]string{
		`"8090"`:           "127.0.0.1:8090",
		`":8090"`:          "127.0.0.1:8090",
		`"0.0.0.0:8090"`:   "0.0.0.0:8090",
		`"10.1.2.3:9000"`:  "10.1.2.3:9000",
		`" [::1]:8090 "`:   "[::1]:8090",
		`"127.0.0.1:8090"`: "127.0.0.1:8090",
	} {
		c, _, err := loadFile(t, "[events]\nlisten = "+in+"\npublic_url = \"https://console.example.com/hook?k=1\"\n")
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if c.Events != (Events{Listen: want, PublicURL: "https://console.example.com/hook?k=1"}) {
			t.Errorf("%s: events = %+v, want listen %s", in, c.Events, want)
		}
	}
	c, _, err := loadFile(t, "[profiles.a]\npoll_interval = \"9s\"\n")
	if err != nil || c.Events != (Events{}) {
		t.Errorf("without [events]: %+v, %v", c.Events, err)
	}
}

func TestEventsProblems(t *testing.T) {
	c, path, err := loadFile(t, `[events]
listen = "nope"
public_url = "ftp://x.example/"
[events.more]
`)
	want := []string{
		`FILE:2: listen: "nope" is not a port or host:port (like "8090", "127.0.0.1:8090" or "0.0.0.0:8090")`,
		`FILE:3: public_url: "ftp://x.example/" is not an http:// or https:// URL (where WasenderAPI reaches this console's receiver)`,
		`FILE:4: unknown table [events.more]`,
	}
	if got := errorLines(err, path); !slices.Equal(got, want) {
		t.Errorf("errors = %q\nwant %q (config %+v)", got, want, c)
	}
	for _, bad := range []string{`forward = "ftp://x/"`, "listen = \"8090\"\nforward = \"http://localhost:8090/x\"", `listen = 8090`, `listen = ":0"`, `listen = ""`, `listen = ":99999"`, `public_url = "https://x.example/#f"`, `public_url = 3`, `lisen = ":8090"`} {
		_, path, err := loadFile(t, "[events]\n"+bad+"\n")
		if err == nil || !strings.HasPrefix(err.Error(), path+":2: ") && !strings.HasPrefix(err.Error(), path+":3: forward http://localhost:8090/x is this receiver's own address") {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

func TestEventsSummary(t *testing.T) {
	c, _, err := loadFile(t, "[events]\nlisten = \"8090\"\npublic_url = \"https://u:secretpw@console.example.com/w\"\n")
	if err != nil {
		t.Fatal(err)
	}
	s := c.Summary()
	for _, want := range []string{
		"events listen:    127.0.0.1:8090\n",
		"events public:    https://u:xxxxx@console.example.com/w\n",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
	if strings.Contains(s, "secretpw") {
		t.Errorf("summary shows the password:\n%s", s)
	}
	c, _, _ = loadFile(t, "")
	if s := c.Summary(); !strings.Contains(s, "events listen:    off (") || !strings.Contains(s, "events public:    (not set)\n") {
		t.Errorf("summary without [events]:\n%s", s)
	}
}
