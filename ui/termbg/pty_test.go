//go:build linux || darwin

package termbg

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/creack/pty"
)

// In a child, the test binary reports what this package's init decided
// and what lipgloss then believes (asking lipgloss must not query again).
func TestMain(m *testing.M) {
	if os.Getenv("TERMBG_CHILD") == "1" {
		fmt.Printf("source=%s dark=%v\n", Source, lipgloss.HasDarkBackground())
		os.Exit(0)
	}
	os.Exit(m.Run())
}

const bgQuery = "\x1b]11;?"

// child runs the test binary in a pseudo-terminal with env, writes answer
// when it sees the background query, and returns the child's report and
// how many background queries it wrote.
func child(t *testing.T, env []string, answer string) (report string, queries int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append([]string{"TERMBG_CHILD=1"}, env...)
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: 80, Rows: 24})
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	defer f.Close()
	got := make(chan []byte)
	go func() {
		var seen []byte
		buf := make([]byte, 4096)
		answered := false
		for {
			n, err := f.Read(buf)
			seen = append(seen, buf[:n]...)
			if !answered && answer != "" && bytes.Contains(seen, []byte(bgQuery)) {
				answered = true
				half := len(answer) / 2 // in two pieces, as a slow link delivers it
				f.WriteString(answer[:half])
				f.WriteString(answer[half:])
			}
			if err != nil || bytes.Contains(seen, []byte("dark=")) && bytes.HasSuffix(bytes.TrimRight(seen, "\r"), []byte("\n")) {
				got <- seen
				return
			}
		}
	}()
	select {
	case out := <-got:
		cmd.Wait()
		s := string(out)
		if i := strings.Index(s, "source="); i >= 0 {
			report = strings.TrimSpace(s[i:])
		}
		return report, strings.Count(s, bgQuery)
	case <-time.After(15 * time.Second):
		cmd.Process.Kill()
		t.Fatal("the child never reported")
	}
	return "", 0
}

func TestDecidesOnceAndLipglossNeverAsksAgain(t *testing.T) {
	term := "TERM=xterm-256color"
	for _, tc := range []struct {
		name    string
		env     []string
		answer  string
		report  string
		queries int
	}{
		{"a terminal that never answers", []string{term}, "", "source=timed out dark=true", 1},
		{"a light terminal", []string{term}, "\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[5;1R", "source=answered dark=false", 1},
		{"a dark terminal, BEL-terminated", []string{term}, "\x1b]11;rgb:1c1c/1c1c/1c1c\a\x1b[5;1R", "source=answered dark=true", 1},
		{"a terminal without OSC 11", []string{term}, "\x1b[5;1R", "source=no colour dark=true", 1},
		{"COLORFGBG says light", []string{term, "COLORFGBG=0;15"}, "", "source=COLORFGBG dark=false", 0},
		{"over SSH", []string{term, "SSH_CONNECTION=192.0.2.1 50000 192.0.2.2 22"}, "", "source=remote dark=true", 0},
		{"tmux", []string{"TERM=tmux-256color"}, "", "source=untouched dark=true", 0},
		{"CI", []string{term, "CI=true"}, "", "source=untouched dark=true", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			report, queries := child(t, tc.env, tc.answer)
			if report != tc.report || queries != tc.queries {
				t.Errorf("%q with %d background queries, want %q with %d", report, queries, tc.report, tc.queries)
			}
		})
	}
}

func TestNotATerminalIsLeftAlone(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = []string{"TERMBG_CHILD=1", "TERM=xterm-256color"}
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(out)); !strings.HasPrefix(got, "source=untouched") || strings.Contains(got, bgQuery) {
		t.Errorf("%q", got)
	}
}
