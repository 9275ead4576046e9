package serve

import (
	"context"
	"errors"
	"fmt"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	bm "github.com/charmbracelet/wish/bubbletea"
	"github.com/wasender-tui/wasender-tui/ui"
	"github.com/wasender-tui/wasender-tui/ui/common"
)

// shutdownLine is what every client reads when the server stops.
const shutdownLine = "wasender-tui: the server is shutting down; this console is closed."

// console runs one client's console. Identity comes from the key that
// actually authenticated: sess.PublicKey(), which the SSH library takes
// from the permissions bound to the verified key, never from a key that
// was merely offered during authentication.
func (s *Server) console(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		grant, err := s.o.Keys.Lookup(sess.PublicKey(), sess.RemoteAddr(), time.Now())
		if err != nil {
			// The key was removed, or its line changed, after it authenticated.
			s.logf("refused %q from %s: %v", sess.User(), sess.RemoteAddr(), err)
			wish.Fatalln(sess, "wasender-tui: your key is no longer authorized.")
			return
		}
		if grant.NoPTY {
			s.logf("refused %q (%s): no-pty on line %d", sess.User(), grant.Fingerprint, grant.Line)
			wish.Fatalf(sess, "wasender-tui: this key may not open a terminal (no-pty or restrict on line %d of the authorized keys), and the console needs one.\n", grant.Line)
			return
		}
		pty, windows, ok := sess.Pty()
		if !ok {
			wish.Fatalln(sess, "wasender-tui is an interactive console and needs a terminal: connect with `ssh -t` (and no command).")
			return
		}
		s.run(sess, grant, pty, windows)
		next(sess)
	}
}

// run shows the console until the client leaves, the console ends itself
// (idle, time limit, quit) or the server shuts down. The program's context
// is the session's and the server's: either ending stops the program,
// which gives the terminal back (main screen, cursor, modes) while the
// connection is still open, so the line saying why can follow it.
func (s *Server) run(sess ssh.Session, grant Grant, pty ssh.Pty, windows <-chan ssh.Window) {
	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	defer context.AfterFunc(s.closing, cancel)()

	r := clientRenderer(sess)
	c := s.o.NewContext(r)
	s.personalise(c, sess, grant, ctx)
	out := ptyOutput(sess, pty)
	c.Output = out
	s.logf("console for %q (%s, %s) from %s", sess.User(), grant.Role, grant.Fingerprint, sess.RemoteAddr())
	opened := time.Now()

	model := ui.New(c, s.switcher(sess, grant, r, ctx))
	opts := append(bm.MakeOptions(sess), tea.WithAltScreen(), tea.WithoutSignalHandler(), tea.WithContext(ctx))
	p := tea.NewProgram(model, opts...)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case w, ok := <-windows:
				if !ok {
					return
				}
				p.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
			}
		}
	}()
	_, err := p.Run()
	why, reason := model.Farewell(), model.EndedBy()
	switch {
	case s.closing.Err() != nil:
		why, reason = shutdownLine, "server shutting down"
	case err != nil && !errors.Is(err, tea.ErrProgramKilled):
		s.logf("console of %q: %v", sess.User(), err)
		reason = "error"
	case reason != "":
	case sess.Context().Err() != nil:
		reason = "client gone"
	default:
		reason = "quit"
	}
	s.logf("console closed for %q (%s, %s) after %s: %s", sess.User(), grant.Role, grant.Fingerprint,
		time.Since(opened).Round(time.Second), reason)
	if why != "" {
		fmt.Fprint(out, "\r\x1b[0m"+why+"\r\n")
	}
}

// personalise makes c the console of this client: its role, its name in
// the audit trail, its lifetime and its limits.
func (s *Server) personalise(c *common.Context, sess ssh.Session, grant Grant, ctx context.Context) {
	c.Role = grant.Role
	c.Actor = "ssh:" + sess.User() + " " + grant.Fingerprint
	c.Bind(ctx)
	c.IdleTimeout, c.MaxSession = s.o.IdleTimeout, s.o.MaxSession
}

// switcher is `:profile NAME` for this client: another profile's context,
// drawn with the client's renderer and given the same role and lifetime.
func (s *Server) switcher(sess ssh.Session, grant Grant, r *lipgloss.Renderer, ctx context.Context) ui.ProfileSwitcher {
	if s.o.Switch == nil {
		return nil
	}
	return func(name string) (*common.Context, error) {
		c, err := s.o.Switch(name, r)
		if err != nil {
			return nil, err
		}
		s.personalise(c, sess, grant, ctx)
		s.logf("console of %q switched to profile %q", sess.User(), name)
		return c, nil
	}
}
