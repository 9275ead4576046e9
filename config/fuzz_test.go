package config

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var fuzzSeeds = []string{
	Template(),
	threeProfiles,
	"[profiles.work]\npoll_interval = 5\ntokn = \"x\"\n",
	"profiles.a.token = \"1|abcdefabcdef\"\nprofiles.a.token_env = \"X\"\n",
	"[profiles.\"q\\\"x\"]\nsession_keys = { \"1\" = \"k\", 2 = 3 }\n",
	"[serve]\nlisten = \"[::1]:22\"\nhost_key = \"~\"\n",
	"x = \"\"\"\n[a]\n\"\"\"\ny = [\n[1],\n{a=1}]\n",
	"[[profiles]]\n",
	"default_profile = 1\n",
	"a = 1979-05-27T07:32:00Z\n",
	"\ufeff[profiles.w]\r\ntoken = \"1|x\"\r\n",
}

// FuzzLoad feeds arbitrary bytes as the config file: Load must not panic,
// and every error must be a config problem in the file with a positive line
// or none.
func FuzzLoad(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	path := filepath.Join(dir, "config.toml")
	getenv := envMap("HOME", dir, "X", "1|fromenvfromenv", "T", "tok")
	run := func(context.Context, string) (string, error) { return "1|fromcommand", nil }
	problem := regexp.MustCompile(`^` + regexp.QuoteMeta(path) + `(:[1-9][0-9]*)?: [^\n]+$`)

	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := Load(Options{Path: path, Getenv: getenv, RunCommand: run})
		if err == nil {
			if c == nil || c.Path != path {
				t.Fatalf("Load returned %+v without an error", c)
			}
			_ = c.Summary()
			return
		}
		problems := Problems(err)
		if len(problems) == 0 {
			t.Fatalf("error %T is not a config problem: %v", err, err)
		}
		var list ErrorList
		if len(problems) > 1 && !errors.As(err, &list) {
			t.Fatalf("several problems not in an ErrorList: %T", err)
		}
		for _, p := range problems {
			if p.Line < 0 || p.Col < 0 || p.Msg == "" || strings.Contains(p.Msg, "\n") {
				t.Fatalf("malformed problem %+v", p)
			}
			if p.File != path || !problem.MatchString(p.Error()) {
				t.Fatalf("problem %q does not read as file:line: msg", p.Error())
			}
		}
	})
}

// FuzzKeyPositions checks that every key of a valid document gets a line.
func FuzzKeyPositions(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		checkKeyPositions(t, doc)
	})
}
