// Package serve serves the console over SSH to a team: public keys only,
// a role per key, each operator their own console with their own colours.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	bm "github.com/charmbracelet/wish/bubbletea"
	"github.com/muesli/termenv"
	"github.com/wasender-tui/wasender-tui/ui"
	"github.com/wasender-tui/wasender-tui/ui/common"
)

// Options configure a Server.
type Options struct {
	HostKeyPath string   // created (ed25519, mode 0600) when missing
	Keys        *Keyring // who may connect
	IdleTimeout time.Duration
	MaxSession  time.Duration
	MaxSessions int
	// NewContext builds the console context of one client, drawn with that
	// client's renderer. The server sets the role, actor and lifetime.
	NewContext func(r *lipgloss.Renderer) *common.Context
	Log        io.Writer // connections, refusals, panics; never secrets
	Version    string
}

// Server is the SSH server.
type Server struct {
	o      Options
	ssh    *ssh.Server
	active atomic.Int64
	wg     sync.WaitGroup
	logMu  sync.Mutex
}

// New builds the server; Serve starts it.
func New(o Options) (*Server, error) {
	if o.Keys == nil {
		return nil, errors.New("serve: no authorized keys")
	}
	if o.MaxSessions <= 0 {
		o.MaxSessions = 20
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	s := &Server{o: o}
	opts := []ssh.Option{
		wish.WithHostKeyPath(o.HostKeyPath),
		wish.WithVersion("wasender-tui " + o.Version),
		// Keys only, checked against the keyring; anything else is refused.
		wish.WithPublicKeyAuth(func(ctx ssh.Context, key ssh.PublicKey) bool {
			_, ok := o.Keys.Lookup(key)
			return ok
		}),
		wish.WithMiddleware(
			// Run last to first: recover wraps everything.
			bm.MiddlewareWithProgramHandler(s.program, termenv.Ascii),
			s.requirePTY,
			s.limit,
			s.recover,
		),
	}
	if o.MaxSession > 0 {
		// A backstop for a console that cannot end itself (a stuck client).
		opts = append(opts, wish.WithMaxTimeout(o.MaxSession+time.Minute))
	}
	if o.IdleTimeout > 0 {
		// Dead links: the console redraws every second, so only a link
		// that takes nothing for this long is cut here. Operators who stop
		// typing are ended by the console itself (IdleTimeout).
		opts = append(opts, wish.WithIdleTimeout(o.IdleTimeout+time.Minute))
	}
	srv, err := wish.NewServer(opts...)
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	srv.ConnectionFailedCallback = func(conn net.Conn, err error) {
		s.logf("refused %s: %v", conn.RemoteAddr(), err)
	}
	s.ssh = srv
	return s, nil
}

// Serve accepts connections on ln until Shutdown.
func (s *Server) Serve(ln net.Listener) error {
	err := s.ssh.Serve(ln)
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Active is the number of consoles open.
func (s *Server) Active() int { return int(s.active.Load()) }

// Shutdown stops accepting, closes every session, and waits for the
// consoles to end, or for ctx.
func (s *Server) Shutdown(ctx context.Context) error {
	err := s.ssh.Close() // closes listeners and connections: consoles end
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		return ctx.Err()
	}
	if errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

func (s *Server) logf(format string, args ...any) {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	fmt.Fprintf(s.o.Log, time.Now().UTC().Format(time.RFC3339)+" "+format+"\n", args...)
}

// recover keeps a panic in one session from taking down the server.
func (s *Server) recover(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		defer func() {
			if r := recover(); r != nil {
				s.logf("panic in the session of %s: %v\n%s", sess.User(), r, debug.Stack())
				fmt.Fprintln(sess.Stderr(), "\r\nwasender-tui: internal error; this session is closed (the server goes on).")
				_ = sess.Exit(1)
			}
		}()
		next(sess)
	}
}

// limit caps the number of consoles open at once.
func (s *Server) limit(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if n := s.active.Add(1); n > int64(s.o.MaxSessions) {
			s.active.Add(-1)
			s.logf("refused %s: %d consoles open, the cap", sess.User(), s.o.MaxSessions)
			wish.Fatalf(sess, "wasender-tui: the server is full (%d consoles open); try again later.\n", s.o.MaxSessions)
			return
		}
		s.wg.Add(1)
		defer func() { s.active.Add(-1); s.wg.Done() }()
		next(sess)
	}
}

// requirePTY turns away sessions without a terminal with a clear message.
func (s *Server) requirePTY(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		if _, _, ok := sess.Pty(); !ok {
			wish.Fatalln(sess, "wasender-tui is an interactive console and needs a terminal: connect with `ssh -t` (and no command).")
			return
		}
		next(sess)
	}
}

// program builds one client's console. Identity comes from the key that
// actually authenticated: sess.PublicKey(), which the SSH library takes
// from the permissions bound to the verified key, never from a key that
// was merely offered during authentication.
func (s *Server) program(sess ssh.Session) *tea.Program {
	grant, ok := s.o.Keys.Lookup(sess.PublicKey())
	if !ok {
		// The key was removed from the file after it authenticated.
		wish.Fatalln(sess, "wasender-tui: your key is no longer authorized.")
		return nil
	}
	ctx := s.o.NewContext(clientRenderer(sess))
	ctx.Role = grant.Role
	ctx.Actor = "ssh:" + sess.User() + " " + grant.Fingerprint
	ctx.Bind(sess.Context())
	ctx.IdleTimeout, ctx.MaxSession = s.o.IdleTimeout, s.o.MaxSession
	if pty, _, ok := sess.Pty(); ok && pty.Slave != nil {
		ctx.Output = pty.Slave
	} else {
		ctx.Output = sess
	}
	s.logf("console for %s (%s, %s) from %s", sess.User(), grant.Role, grant.Fingerprint, sess.RemoteAddr())
	opts := append(bm.MakeOptions(sess), tea.WithAltScreen(), tea.WithoutSignalHandler(), tea.WithContext(sess.Context()))
	return tea.NewProgram(ui.New(ctx, nil), opts...)
}
