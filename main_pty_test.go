//go:build linux || darwin

package main

import (
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/wasender-tui/wasender-tui/ui/qrtext"
	"github.com/wasender-tui/wasender-tui/ui/qrtext/qrtexttest"
)

// TestMain lets the test binary stand in for the real one, with the same
// packages and the same init order: WASENDER_TUI_AS_BINARY=1 runs main.
func TestMain(m *testing.M) {
	if os.Getenv("WASENDER_TUI_AS_BINARY") == "1" {
		main()
	}
	os.Exit(m.Run())
}

// terminal is the program running in a pseudo-terminal that answers no
// query, as a terminal that knows neither OSC 11 nor CSI 6n.
type terminal struct {
	t       *testing.T
	f       *os.File
	cmd     *exec.Cmd
	out     syncBuffer
	started time.Time
}

func startInTerminal(t *testing.T, cols, rows uint16, args ...string) *terminal {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = []string{"WASENDER_TUI_AS_BINARY=1", "TERM=xterm-256color", "HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH"),
		"XDG_CONFIG_HOME=" + t.TempDir(), "XDG_STATE_HOME=" + t.TempDir()}
	term := &terminal{t: t, cmd: cmd, started: time.Now()}
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: cols, Rows: rows})
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	term.f = f
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait(); f.Close() })
	go func() {
		buf := make([]byte, 32<<10)
		for {
			n, err := f.Read(buf)
			term.out.Write(buf[:n])
			if err != nil {
				return
			}
		}
	}()
	return term
}

// waitFor waits (a wait, not a timing assertion) until the output holds s.
func (term *terminal) waitFor(s string) string {
	term.t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if out := term.out.String(); strings.Contains(out, s) {
			return out
		}
	}
	term.t.Fatalf("%q never came; the output was %q", s, term.out.String())
	return ""
}

// Bubble Tea's init asks the terminal for its background and waits 5 s
// for an answer; every command paid that before main ran. Now the
// question is asked once, and a terminal that never answers costs at
// most termbg.Timeout (200 ms).
func TestStartsAtOnceOnATerminalThatAnswersNoQuery(t *testing.T) {
	term := startInTerminal(t, 80, 24, "version")
	term.waitFor("wasender-tui ")
	if d := time.Since(term.started); d >= 4*time.Second {
		t.Errorf("the first output came after %s: a terminal query was waited out", d.Round(time.Millisecond))
	}
	if n := strings.Count(term.out.String(), "\x1b]11;?"); n != 1 {
		t.Errorf("%d background queries, want 1", n)
	}
}

var controls = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]`)

// The real `qr` at 80x24 says the size it needs; when the window grows
// (the kernel sends SIGWINCH) the code is drawn, whole and scannable.
func TestQRInARealTerminalDrawsWhenTheWindowGrows(t *testing.T) {
	term := startInTerminal(t, 80, 24, "qr", "14", "--demo", "--timeout", "60s")
	out := term.waitFor("The QR code needs 61x32 cells; this terminal is 80x24.")
	frame := out[strings.LastIndex(out, "\x1b[H"):]
	for _, l := range strings.Split(controls.ReplaceAllString(frame, ""), "\r\n") {
		if strings.ContainsAny(l, "▀▄█") || len([]rune(l)) > 80 {
			t.Fatalf("a clipped code or a line over 80 cells: %q", l)
		}
	}
	mark := len(out)
	if err := pty.Setsize(term.f, &pty.Winsize{Cols: 120, Rows: 40}); err != nil {
		t.Fatal(err)
	}
	out = term.waitFor("WhatsApp → Linked devices")[mark:]
	frame = out[strings.LastIndex(out, "\x1b[H"):]
	var lines []string
	for _, l := range strings.Split(strings.ReplaceAll(frame, "\x1b[K", ""), "\r\n") {
		l = strings.TrimPrefix(strings.TrimSuffix(l, "\x1b[J"), "\x1b[H")
		if strings.HasPrefix(l, "\x1b[") {
			lines = append(lines, l)
		}
	}
	grid, err := qrtexttest.Grid(lines, qrtext.Options{Colors: qrtext.ANSI256})
	if err != nil {
		t.Fatalf("%v in %q", err, frame)
	}
	if got, err := qrtexttest.Decode(grid, false); err != nil || !strings.HasPrefix(got, "2@") {
		t.Fatalf("decoded %q, %v", got, err)
	}
	if n := strings.Count(frame, "\r\n") + 1; n > 40 {
		t.Errorf("%d lines on a 40-row terminal", n)
	}
}

// On a terminal, a slow token_command says it runs; ctrl-C stops it, and the
// program exits 1 with one clean line: the note and the echoed ^C erased.
func TestCtrlCDuringTokenCommandOnATerminal(t *testing.T) {
	path := t.TempDir() + "/c.toml"
	os.WriteFile(path, []byte("[profiles.a]\ntoken_command = \"sleep 30\"\n"), 0o600)
	term := startInTerminal(t, 40, 10, "--config", path)
	term.waitFor("running token_command…")
	term.f.Write([]byte{3}) // ctrl-C: the terminal sends SIGINT
	done := make(chan error, 1)
	go func() { done <- term.cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(20 * time.Second): // a hang guard, not a timing assertion
		t.Fatalf("still running; the output was %q", term.out.String())
	}
	if code := term.cmd.ProcessState.ExitCode(); code != exitRuntime {
		t.Errorf("exit %d (%v), want 1", code, err)
	}
	out := term.waitFor("token_command\r\n")
	last := out[strings.LastIndex(out, "\r\x1b[K")+len("\r\x1b[K"):]
	if last != "wasender-tui: interrupted while running token_command\r\n" {
		t.Errorf("after the note, %q; the whole output %q", last, out)
	}
}
