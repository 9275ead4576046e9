//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package termbg

import (
	"bytes"
	"errors"
	"os"
	"time"

	"github.com/charmbracelet/x/term"
	"golang.org/x/sys/unix"
)

// foreground: only the terminal's foreground process group may set its
// mode and read from it (termenv asks the same).
func foreground(f *os.File) bool {
	pgrp, err := unix.IoctlGetInt(int(f.Fd()), unix.TIOCGPGRP)
	return err == nil && pgrp == unix.Getpgrp()
}

// query asks f's terminal for its background colour, then for the cursor
// position, which every terminal answers: that second answer marks the
// end, so a terminal that knows no OSC 11 costs one round trip, not the
// timeout. Terminals answer in order, so nothing is left unread unless the
// timeout passes first.
func query(f *os.File, timeout time.Duration) (dark bool, source string) {
	fd := int(f.Fd())
	old, err := term.MakeRaw(f.Fd())
	if err != nil {
		return true, Failed
	}
	defer term.Restore(f.Fd(), old)
	if _, err := f.WriteString("\x1b]11;?\x1b\\\x1b[6n"); err != nil {
		return true, Failed
	}
	deadline := time.Now().Add(timeout)
	var got []byte
	buf := make([]byte, 128)
	for {
		left := time.Until(deadline)
		if left <= 0 {
			return true, TimedOut
		}
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		n, err := unix.Poll(fds, int(left/time.Millisecond)+1)
		if errors.Is(err, unix.EINTR) || err == nil && n == 0 {
			continue
		}
		if err != nil {
			return true, Failed
		}
		k, err := unix.Read(fd, buf)
		if err != nil || k <= 0 {
			return true, Failed
		}
		got = append(got, buf[:k]...)
		if !cursorReply(got) {
			continue
		}
		if dark, ok := DarkFromReply(oscReply(got)); ok {
			return dark, Answered
		}
		return true, NoColour
	}
}

// cursorReply reports whether b holds an answer to CSI 6n: ESC [ row ; col R.
func cursorReply(b []byte) bool {
	for {
		i := bytes.Index(b, []byte("\x1b["))
		if i < 0 {
			return false
		}
		b = b[i+2:]
		j := 0
		for j < len(b) && (b[j] >= '0' && b[j] <= '9' || b[j] == ';') {
			j++
		}
		if j > 0 && j < len(b) && b[j] == 'R' {
			return true
		}
	}
}

// oscReply cuts the answer to OSC 11 out of b, or "".
func oscReply(b []byte) string {
	i := bytes.Index(b, []byte("\x1b]11;"))
	if i < 0 {
		return ""
	}
	b = b[i:]
	if j := bytes.IndexAny(b[1:], "\a\x1b"); j >= 0 {
		return string(b[:j+1])
	}
	return ""
}
