package config

import (
	"os"
	"runtime"
	"slices"
	"testing"
)

func TestPermissionWarning(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no mode bits on Windows")
	}
	tests := []struct {
		name string
		file string
		mode os.FileMode
		warn bool
	}{
		{"token at 0644", "[profiles.w]\ntoken = \"1|abcdefabcdefabcdef\"\n", 0o644, true},
		{"api_key at 0640", "[profiles.w]\napi_key = \"abcdefabcdefabcdef\"\n", 0o640, true},
		{"session keys at 0604", "[profiles.w.session_keys]\n\"1\" = \"abcdefabcdefabcdef\"\n", 0o604, true},
		{"token at 0600", "[profiles.w]\ntoken = \"1|abcdefabcdefabcdef\"\n", 0o600, false},
		{"token at 0400", "[profiles.w]\ntoken = \"1|abcdefabcdefabcdef\"\n", 0o400, false},
		{"token_env at 0644", "[profiles.w]\ntoken_env = \"T\"\n", 0o644, false},
		{"token in an unused profile", "default_profile = \"a\"\n[profiles.a]\n[profiles.b]\ntoken = \"1|abcdefabcdefabcdef\"\n", 0o644, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := writeConfig(t, dir, tt.file)
			if err := os.Chmod(path, tt.mode); err != nil {
				t.Fatal(err)
			}
			c, err := Load(Options{Path: path, Getenv: envMap("HOME", dir, "T", "tok")})
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			if tt.warn {
				want = []string{path + " is readable by others (mode 0" + octal(tt.mode) + ") and holds a token: run chmod 600 " + path}
			}
			if !slices.Equal(c.Warnings, want) {
				t.Errorf("warnings = %q\nwant %q", c.Warnings, want)
			}
		})
	}
}

func octal(m os.FileMode) string {
	return string([]byte{'0' + byte(m>>6&7), '0' + byte(m>>3&7), '0' + byte(m&7)})
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		"/home/a/.config/wasender-tui/config.toml": "/home/a/.config/wasender-tui/config.toml",
		"/home/a b/config.toml":                    "'/home/a b/config.toml'",
		"/tmp/it's.toml":                           `'/tmp/it'\''s.toml'`,
	} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %q, want %q", in, got, want)
		}
	}
}
