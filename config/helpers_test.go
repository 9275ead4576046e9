package config

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// envMap is an injected environment.
func envMap(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

// writeConfig writes content to dir/config.toml with mode 0600.
func writeConfig(t *testing.T, dir, content string) string {
	t.Helper()
	path := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// loadFile loads content as an explicit --config file with an environment
// holding only HOME and the extra variables.
func loadFile(t *testing.T, content string, kv ...string) (*Config, string, error) {
	t.Helper()
	dir := t.TempDir()
	path := writeConfig(t, dir, content)
	c, err := Load(Options{
		Path:       path,
		Getenv:     envMap(append([]string{"HOME", dir}, kv...)...),
		RunCommand: noCommands(t),
	})
	return c, path, err
}

// noCommands is a runner that fails the test if token_command runs.
func noCommands(t *testing.T) CommandRunner {
	return func(context.Context, string) (string, error) {
		t.Helper()
		t.Errorf("token_command ran unexpectedly")
		return "", nil
	}
}

// errorLines is the error's text, one problem a line, with the file path
// replaced by "FILE".
func errorLines(err error, path string) []string {
	if err == nil {
		return nil
	}
	text := err.Error()
	if path != "" {
		text = strings.ReplaceAll(text, path, "FILE")
	}
	return strings.Split(text, "\n")
}
