//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package termbg

import "testing"

func TestRepliesAreFoundAmongTypedAheadKeys(t *testing.T) {
	for in, want := range map[string]struct {
		done bool
		osc  string
	}{
		"\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[24;1R": {true, "\x1b]11;rgb:ffff/ffff/ffff"},
		"ls\r\x1b]11;rgb:00/00/00\a\x1b[1;1R":        {true, "\x1b]11;rgb:00/00/00"},
		"\x1b[A\x1b[12;80R":                          {true, ""}, // an arrow key typed ahead, then the cursor
		"\x1b]11;rgb:ffff/ffff/ffff\x1b\\":           {false, "\x1b]11;rgb:ffff/ffff/ffff"},
		"\x1b[24;1":                                  {false, ""},
	} {
		if got := cursorReply([]byte(in)); got != want.done {
			t.Errorf("%q: cursor reply %v", in, got)
		}
		if got := oscReply([]byte(in)); got != want.osc {
			t.Errorf("%q: OSC reply %q, want %q", in, got, want.osc)
		}
	}
}
