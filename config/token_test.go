package config

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestTokenEnv(t *testing.T) {
	file := "[profiles.work]\n\ntoken_env = \"WORK_TOKEN\"\n"
	c, _, err := loadFile(t, file, "WORK_TOKEN", "  1|fromtheenvironment\n")
	if err != nil {
		t.Fatal(err)
	}
	if c.Profile.Token != "1|fromtheenvironment" || c.Profile.TokenSource != "token_env WORK_TOKEN" {
		t.Errorf("token %q from %q", c.Profile.Token, c.Profile.TokenSource)
	}

	_, path, err := loadFile(t, file)
	if want := path + `:3: profile "work": token_env WORK_TOKEN is not set or empty`; err == nil || err.Error() != want {
		t.Errorf("unset: %v\nwant %s", err, want)
	}
	_, _, err = loadFile(t, file, "WORK_TOKEN", "1|two words")
	if err == nil || !strings.HasSuffix(err.Error(), `:3: profile "work": the value of token_env WORK_TOKEN contains spaces or control characters`) {
		t.Errorf("bad value: %v", err)
	}
}

func TestTokenCommandInjected(t *testing.T) {
	file := "[profiles.work]\ntoken_command = \"pass show wasender/work\"\n"
	tests := []struct {
		name    string
		out     string
		err     error
		want    string // token
		wantErr string // after "FILE:2: "
	}{
		{name: "trimmed output", out: "  1|fromthecommand\n", want: "1|fromthecommand"},
		{name: "failure", err: errors.New("exit status 1: gpg: decryption failed"),
			wantErr: `profile "work": token_command failed: exit status 1: gpg: decryption failed`},
		{name: "no output", out: " \n", wantErr: `profile "work": token_command failed: it printed nothing`},
		{name: "several lines", out: "1|secretsecretsecret\nmore\n",
			wantErr: `profile "work": token_command failed: it printed more than one line; it must print only the token`},
		{name: "control characters", out: "1|secret\x1bsecret",
			wantErr: `profile "work": token_command failed: its output contains spaces or control characters`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := writeConfig(t, dir, file)
			var ran []string
			run := func(ctx context.Context, command string) (string, error) {
				if _, ok := ctx.Deadline(); !ok {
					t.Errorf("token_command ran without a deadline")
				}
				ran = append(ran, command)
				return tt.out, tt.err
			}
			c, err := Load(Options{Path: path, Getenv: envMap("HOME", dir), RunCommand: run})
			if len(ran) != 1 || ran[0] != "pass show wasender/work" {
				t.Errorf("ran %q", ran)
			}
			if tt.wantErr != "" {
				if want := path + ":2: " + tt.wantErr; err == nil || err.Error() != want {
					t.Errorf("error = %v\nwant %s", err, want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Profile.Token != tt.want || c.Profile.TokenSource != "token_command" {
				t.Errorf("token %q from %q", c.Profile.Token, c.Profile.TokenSource)
			}
		})
	}
}

func TestTokenCommandOnlyForTheChosenProfile(t *testing.T) {
	file := "default_profile = \"a\"\n[profiles.a]\ntoken = \"1|aaaaaaaaaaaaaa\"\n[profiles.b]\ntoken_command = \"exit 1\"\n"
	if _, _, err := loadFile(t, file); err != nil { // noCommands fails the test if b's command runs
		t.Fatal(err)
	}
}

func TestTokenCommandReal(t *testing.T) {
	c, _, err := loadFileRunning(t, "[profiles.work]\ntoken_command = \"echo x\"\n")
	if err != nil {
		t.Fatal(err)
	}
	if c.Profile.Token != "x" {
		t.Errorf("token = %q, want x", c.Profile.Token)
	}

	_, path, err := loadFileRunning(t, "[profiles.work]\ntoken_command = '''echo \"1|secretsecretsecret\"; echo \"no such key\" >&2; echo second >&2; exit 3'''\n")
	want := path + `:2: profile "work": token_command failed: exit status 3: no such key`
	if err == nil || err.Error() != want {
		t.Errorf("failing command: %v\nwant %s", err, want)
	}
	if err != nil && strings.Contains(err.Error(), "secretsecret") {
		t.Errorf("error shows the command's output: %v", err)
	}
}

func TestShellRunnerCapsOutput(t *testing.T) {
	_, err := shellRunner(context.Background(), "head -c 200000 /dev/zero; echo err >&2")
	if err == nil || err.Error() != "it printed more than 64 KiB" {
		t.Errorf("error = %v", err)
	}
	_, err = shellRunner(context.Background(), "head -c 200000 /dev/zero | tr '\\0' x >&2; exit 2")
	if err == nil || len(err.Error()) > 250 || !strings.HasPrefix(err.Error(), "exit status 2: xxx") {
		t.Errorf("error = %.300v", err)
	}
}

// loadFileRunning is loadFile with the real `sh -c` runner.
func loadFileRunning(t *testing.T, content string) (*Config, string, error) {
	t.Helper()
	dir := t.TempDir()
	path := writeConfig(t, dir, content)
	c, err := Load(Options{Path: path, Getenv: envMap("HOME", dir)})
	return c, path, err
}

// Options.Notes says that token_command runs while it does, and erases the
// note when it ends; switching profile later (the console on screen) says
// nothing.
func TestTokenCommandNote(t *testing.T) {
	dir := t.TempDir()
	path := writeConfig(t, dir, "[profiles.a]\ntoken_command = \"a\"\n[profiles.b]\ntoken_command = \"b\"\n")
	var notes strings.Builder
	var during string
	runner := func(ctx context.Context, cmd string) (string, error) {
		during = notes.String()
		return "1|token-" + cmd + "-0123456789", nil
	}
	c, err := Load(Options{Path: path, Profile: "a", Getenv: envMap("HOME", dir), RunCommand: runner, Notes: &notes})
	if err != nil {
		t.Fatal(err)
	}
	if during != "running token_command…" || notes.String() != "running token_command…\r\x1b[K" {
		t.Errorf("while it ran %q, after %q", during, notes.String())
	}
	notes.Reset()
	if _, err := c.WithProfile("b"); err != nil || notes.Len() != 0 {
		t.Errorf("switching profile: %v, notes %q", err, notes.String())
	}
}
