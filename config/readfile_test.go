package config

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A config path that is a named pipe used to block the open forever (and
// the process with it, deaf to SIGINT); a device or a directory is refused
// too, before anything is opened.
func TestConfigThatIsNotARegularFileIsRefused(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.toml")
	if err := mkfifo(fifo); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	for _, tc := range []struct{ path, want string }{
		{fifo, "it is a named pipe, not a regular file"},
		{os.DevNull, "it is a character device, not a regular file"},
		{dir, "it is a directory, not a regular file"},
	} {
		done := make(chan error, 1)
		go func() {
			_, err := Load(Options{Path: tc.path, Getenv: envMap("HOME", dir)})
			done <- err
		}()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), tc.path+": cannot read config file: "+tc.want) || !errors.Is(err, ErrNotRegular) {
				t.Errorf("%s: %v", tc.path, err)
			}
		case <-time.After(10 * time.Second): // a hang guard, not a timing assertion
			t.Fatalf("loading %s hangs", tc.path)
		}
	}
}

func TestReadRegularFileLimit(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big")
	os.WriteFile(path, make([]byte, 2049), 0o600)
	if _, _, err := ReadRegularFile(path, 2048); err == nil || err.Error() != "it is larger than 2 KiB" {
		t.Errorf("err = %v", err)
	}
	if b, info, err := ReadRegularFile(path, 4096); err != nil || len(b) != 2049 || info.Size() != 2049 {
		t.Errorf("read %d bytes, %v", len(b), err)
	}
}

// ctrl-C (the context's end) stops a token_command at once instead of
// waiting for its 10 s timeout, and the error says it was interrupted.
func TestTokenCommandStopsOnInterrupt(t *testing.T) {
	dir := t.TempDir()
	path := writeConfig(t, dir, "[profiles.work]\ntoken_command = \"sleep 30\"\n")
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan struct{})
	runner := func(ctx context.Context, cmd string) (string, error) {
		close(started)
		return shellRunner(ctx, cmd)
	}
	go func() { <-started; cancel() }()
	done := make(chan error, 1)
	go func() {
		_, err := Load(Options{Path: path, Getenv: envMap("HOME", dir), RunCommand: runner, Context: ctx})
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "token_command failed: interrupted") {
			t.Errorf("err = %v", err)
		}
	case <-time.After(TokenCommandTimeout - time.Second): // a hang guard: without the fix it takes the full timeout
		t.Fatal("token_command was not stopped by the interrupt")
	}
}

// ctrl-C at a terminal reaches the command too: when it ends the command
// before the program hears of it, that is still an interrupt, not a
// failed command.
func TestTokenCommandEndedByCtrlCIsAnInterrupt(t *testing.T) {
	dir := t.TempDir()
	path := writeConfig(t, dir, "[profiles.work]\ntoken_command = \"kill -INT $$\"\n")
	_, err := Load(Options{Path: path, Getenv: envMap("HOME", dir), RunCommand: shellRunner, Context: context.Background()})
	if !errors.Is(err, ErrInterrupted) {
		t.Errorf("err = %v, want %v", err, ErrInterrupted)
	}
}
