package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every --help goes to stdout with exit 0, so `wasender-tui --help | less`
// shows it, and nothing goes to stderr.
func TestHelpGoesToStdout(t *testing.T) {
	for _, args := range [][]string{
		{"--help"}, {"-h"}, {"help"},
		{"fake-api", "--help"}, {"qr", "--help"}, {"logs", "--help"}, {"serve", "--help"}, {"status", "--help"},
		{"config", "--help"}, {"config", "init", "--help"}, {"config", "check", "--help"}, {"config", "path", "--help"},
	} {
		code, out, errOut := runCLI(t, nil, args...)
		if code != 0 || !strings.Contains(out, "Usage:") || errOut != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
}

// Each config subcommand lists only its own flags.
func TestConfigSubcommandsListTheirOwnFlags(t *testing.T) {
	for sub, want := range map[string][2][]string{
		"init":  {{"-force", "-config"}, {"-profile"}},
		"check": {{"-profile", "-config"}, {"-force"}},
		"path":  {{"-config"}, {"-force", "-profile"}},
	} {
		_, out, _ := runCLI(t, nil, "config", sub, "--help")
		for _, f := range want[0] {
			if !strings.Contains(out, "  "+f+" ") && !strings.Contains(out, "  "+f+"\n") {
				t.Errorf("config %s --help lacks %s:\n%s", sub, f, out)
			}
		}
		for _, f := range want[1] {
			if strings.Contains(out, f) {
				t.Errorf("config %s --help lists %s:\n%s", sub, f, out)
			}
		}
	}
}

func TestUnknownFlagIsReportedOnce(t *testing.T) {
	for _, args := range [][]string{{"--nope"}, {"logs", "1", "--nope"}, {"config", "check", "--nope"}, {"serve", "--nope"}} {
		code, out, errOut := runCLI(t, nil, args...)
		if code != 2 || strings.Count(errOut, "flag provided but not defined") != 1 || strings.Count(errOut, "\n") != 1 || out != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
}

func TestLogsStatusMustBeKnown(t *testing.T) {
	code, _, errOut := runCLI(t, nil, "logs", "1", "--status", "bogus", "--demo")
	if code != 2 || !strings.Contains(errOut, `--status "bogus"`) || !strings.Contains(errOut, "sent, failed, in_progress") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	code, _, errOut = runCLI(t, nil, "logs", "1", "--messages", "--status", "bogus", "--demo")
	if code != 2 || !strings.Contains(errOut, "message logs (--messages) have the statuses sent, failed, in_progress") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	if code, _, errOut := runCLI(t, nil, "logs", "11", "--messages", "--status", "FAILED", "--demo"); code != 0 {
		t.Errorf("a valid status in capitals: exit %d, %q", code, errOut)
	}
	if code, _, errOut := runCLI(t, nil, "logs", "11", "--interval", "2h", "--demo"); code != 2 || !strings.Contains(errOut, "use 1s to 1h0m0s") {
		t.Errorf("--interval 2h: exit %d, %q", code, errOut)
	}
}

func TestSecondConfigInitIsAUsageError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.toml")
	if code, _, errOut := runCLI(t, nil, "config", "init", "--config", path); code != 0 {
		t.Fatalf("first init: %d %s", code, errOut)
	}
	code, _, errOut := runCLI(t, nil, "config", "init", "--config", path)
	if code != 2 || !strings.Contains(errOut, path) || !strings.Contains(errOut, "--force") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	if code, _, errOut := runCLI(t, nil, "config", "init", "--config", path, "--force"); code != 0 {
		t.Errorf("--force: %d %s", code, errOut)
	}
}

// Global flags may come before the subcommand.
func TestGlobalFlagsBeforeTheSubcommand(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.toml")
	os.WriteFile(path, []byte("[profiles.a]\ntoken = \"1|abcdefghijklmnop\"\n[profiles.b]\ntoken = \"2|abcdefghijklmnop\"\n"), 0o600)
	code, out, errOut := runCLI(t, nil, "--config", path, "--profile", "b", "config", "check")
	if code != 0 || !strings.Contains(out, "config file:      "+path) || !strings.Contains(out, "profile:          b ") {
		t.Errorf("--config F --profile b config check: exit %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut := runCLI(t, nil, "--config="+path, "config", "path"); code != 0 || strings.TrimSpace(out) != path {
		t.Errorf("--config=F config path: exit %d %q %q", code, out, errOut)
	}
	code, out, errOut = runCLI(t, nil, "--demo", "logs", "11")
	if code != 0 || !strings.Contains(out, "#") {
		t.Errorf("--demo logs 11: exit %d\n%.300s%s", code, out, errOut)
	}
	code, out, errOut = runCLI(t, nil, "--demo", "events", "--help")
	if code != 0 || !strings.Contains(out, "Usage: wasender-tui events") {
		t.Errorf("--demo events --help: exit %d\n%.300s%s", code, out, errOut)
	}
	// A stray word is still a stray word.
	if code, _, errOut := runCLI(t, nil, "--demo", "stray"); code != 2 || !strings.Contains(errOut, `unexpected argument "stray"`) {
		t.Errorf("--demo stray: exit %d %q", code, errOut)
	}
}

func TestHoistGlobals(t *testing.T) {
	for in, want := range map[string]string{
		"--config F config check":        "config check --config F",
		"-config=F --demo logs 1 --json": "logs -config=F --demo 1 --json",
		"--demo":                         "--demo",
		"--config F":                     "--config F",
		"--nope config check":            "--nope config check",
		"--demo stray":                   "--demo stray",
		"config check --config F":        "config check --config F",
		"--config":                       "--config",
	} {
		if got := strings.Join(hoistGlobals(strings.Fields(in)), " "); got != want {
			t.Errorf("%q → %q, want %q", in, got, want)
		}
	}
}

// ctrl-C while a token_command runs stops it: every command ends at once
// with exit 1 (not after the command's 10 s timeout, and not as a usage
// error) and one line that says what was stopped.
func TestInterruptStopsTokenCommand(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.toml")
	os.WriteFile(path, []byte("[profiles.a]\ntoken_command = \"sleep 30\"\n"), 0o600)
	for _, k := range []string{"WASENDER_TOKEN", "WASENDER_API_KEY", "WASENDER_API_URL", "WASENDER_PROFILE", "WASENDER_CONFIG"} {
		t.Setenv(k, "")
	}
	for _, args := range [][]string{{"config", "check"}, {}, {"status"}, {"logs", "12"}, {"qr", "12"}} {
		ctx, cancel := context.WithCancel(context.Background())
		cancel() // as if ctrl-C came while it ran
		var out, errOut syncBuffer
		code := run(ctx, append(args, "--config", path), &out, &errOut)
		if code != exitRuntime || errOut.String() != "wasender-tui: interrupted while running token_command\n" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut.String())
		}
	}
}

// config check prints a warning once, on stderr: a terminal shows both
// streams, so a warning on both would show twice.
func TestConfigCheckWarnsOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	os.WriteFile(path, []byte("[profiles.default]\ntoken = \"1|abcdefghijklmnopqrstuvwxyz\"\n"), 0o644)
	os.Chmod(path, 0o644)
	code, out, errOut := runCLI(t, nil, "config", "check", "--config", path)
	if code != 0 || !strings.Contains(out, "config OK") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if n := strings.Count(out+errOut, "chmod 600"); n != 1 || !strings.Contains(errOut, "warning: "+path+" is readable by others") {
		t.Errorf("the warning %d times; stdout %q, stderr %q", n, out, errOut)
	}
}
