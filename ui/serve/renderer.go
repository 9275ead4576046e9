package serve

import (
	"io"
	"strings"

	"early.invalid/termbg"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/muesli/termenv"
)

// clientRenderer builds the lipgloss renderer of one client: its colour
// profile from the terminal type and the environment its ssh sent
// (TERM, COLORTERM, NO_COLOR), its background from COLORFGBG when the
// terminal sets it, else dark.
//
// It never queries the terminal: a client that does not answer (a script
// with ssh -tt, a minimal terminal) made the stock query wait forever, and
// an answer arriving late over a slow link would be read as keystrokes.
func clientRenderer(sess ssh.Session) *lipgloss.Renderer {
	pty, _, ok := sess.Pty()
	var out io.Writer = sess
	if ok {
		out = ptyOutput(sess, pty)
	}
	env := environ(sess.Environ())
	if !ok || pty.Term == "" || pty.Term == "dumb" {
		return lipgloss.NewRenderer(out, termenv.WithProfile(termenv.Ascii))
	}
	env = append(env, "TERM="+pty.Term)
	r := lipgloss.NewRenderer(out, termenv.WithEnvironment(env), termenv.WithColorCache(true), termenv.WithUnsafe())
	dark, ok := termbg.DarkFromCOLORFGBG(env.Getenv("COLORFGBG"))
	r.SetHasDarkBackground(dark || !ok) // without it, dark: the common case
	return r
}

type environ []string

func (e environ) Environ() []string { return e }

func (e environ) Getenv(k string) string {
	for i := len(e) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(e[i], k+"="); ok {
			return v
		}
	}
	return ""
}
