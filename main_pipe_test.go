package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// A reader that has had enough (`| head`) closes the pipe: the commands
// that stream stop quietly (no error line) and exit 0, never 141 by
// SIGPIPE.
func TestAClosedPipeEndsTheStreamWithZero(t *testing.T) {
	for _, args := range [][]string{
		{"logs", "--all", "--messages", "--json", "--demo"},
		{"logs", "--all", "--follow", "--demo"},
		{"status", "--watch", "--demo"},
		{"qr", "Marketing Bot", "--demo"},
		{"events", "--json", "--demo", "--listen", "127.0.0.1:0"}, // the demo's first webhook
	} {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		r.Close() // the reader is gone before the first line
		cmd := exec.Command(os.Args[0], args...)
		cmd.Env = []string{"WASENDER_TUI_AS_BINARY=1", "HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH"),
			"XDG_CONFIG_HOME=" + t.TempDir(), "XDG_STATE_HOME=" + t.TempDir()}
		var errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = w, &errOut
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		w.Close()
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err = <-done:
		case <-time.After(30 * time.Second): // a bound on a hang, not a timing check
			cmd.Process.Kill()
			t.Fatalf("%q: still running after its stdout closed", args)
		}
		var exit *exec.ExitError
		if errors.As(err, &exit) || err != nil {
			t.Errorf("%q into a closed pipe: %v, stderr %q", args, err, errOut.String())
		} else if e := errOut.String(); strings.Contains(e, "wasender-tui:") || strings.Contains(e, "pipe") {
			t.Errorf("%q into a closed pipe: an error on stderr %q", args, e)
		}
	}
}
