package serve_test

import (
	"strings"
	"testing"
	"time"

	"github.com/wasender-tui/wasender-tui/ui/serve"
	gossh "golang.org/x/crypto/ssh"
)

// A client's terminal is never asked anything (background colour, cursor
// position, device attributes), so one that answers nothing, like this
// test's, is never waited for, and no late answer is read as keys.
func TestAClientIsNeverQueried(t *testing.T) {
	t.Parallel()
	w := start(t, serve.Options{})
	for _, env := range []map[string]string{nil, {"COLORTERM": "truecolor"}, {"COLORFGBG": "0;15"}} {
		c := open(t, w.addr, "alice", 120, 40, env, gossh.PublicKeys(w.operator))
		if !c.waitFor("Support Desk", 5*time.Second) {
			t.Fatalf("no console:\n%q", c.text())
		}
		for _, q := range []string{"\x1b]11;?", "\x1b]10;?", "\x1b[6n", "\x1b[c", "\x1b[>c", "\x1b[?u"} {
			if strings.Contains(c.text(), q) {
				t.Errorf("env %v: the console sent the query %q", env, q)
			}
		}
	}
}
