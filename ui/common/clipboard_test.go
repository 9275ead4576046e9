package common

import (
	"bytes"
	"encoding/base64"
	"regexp"
	"testing"
)

// What goes to the clipboard is clean whatever its source: pasted into a
// shell, an escape would act there (a bracketed paste's end, a command).
func TestCopyCleansWhatItCopies(t *testing.T) {
	var out bytes.Buffer
	c := &Context{Output: &out}
	c.Copy("the key", "KEY\x1b[201~\x1b]0;pwned\a\u202erm -rf\u009b")()
	m := regexp.MustCompile(`\x1b\]52;c;([A-Za-z0-9+/=]*)\a`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no OSC52 write: %q", out.String())
	}
	got, _ := base64.StdEncoding.DecodeString(m[1])
	if string(got) != "KEY [201~ ]0;pwned rm -rf" {
		t.Errorf("copied %q", got)
	}
}
