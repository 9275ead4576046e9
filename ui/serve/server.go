// Package serve serves the console over SSH to a team: public keys only,
// a role per key, each operator their own console with their own colours.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	"github.com/wasender-tui/wasender-tui/config"
	"github.com/wasender-tui/wasender-tui/ui/common"
	gossh "golang.org/x/crypto/ssh"
)

// Options configure a Server.
type Options struct {
	HostKeyPath string   // created (ed25519, mode 0600) when missing
	Keys        *Keyring // who may connect
	IdleTimeout time.Duration
	MaxSession  time.Duration
	MaxSessions int
	// LoginGraceTime is how long a connection may take to authenticate
	// (default 20 s); MaxUnauthenticated is how many may be doing so at
	// once (default 10); further ones are closed on arrival.
	LoginGraceTime     time.Duration
	MaxUnauthenticated int
	// NewContext builds the console context of one client, drawn with that
	// client's renderer. The server sets the role, actor and lifetime.
	NewContext func(r *lipgloss.Renderer) *common.Context
	// Switch builds the context of profile name for `:profile NAME`, drawn
	// with r; the server sets the role, actor and lifetime as for
	// NewContext. Nil: the consoles cannot switch profile.
	Switch  func(name string, r *lipgloss.Renderer) (*common.Context, error)
	Log     io.Writer // connections, refusals, panics; never secrets
	Version string
}

// Server is the SSH server.
type Server struct {
	o      Options
	ssh    *ssh.Server
	pre    *preauth
	active atomic.Int64
	wg     sync.WaitGroup
	logMu  sync.Mutex

	// closing ends when Shutdown begins: every console gives its client
	// the terminal back and says why.
	closing  context.Context
	close    context.CancelFunc
	stopping atomic.Bool
	lnMu     sync.Mutex
	lns      []net.Listener
	serving  sync.WaitGroup // the Serve calls under way
}

// New builds the server; Serve starts it.
func New(o Options) (*Server, error) {
	if o.Keys == nil {
		return nil, errors.New("serve: no authorized keys")
	}
	if o.MaxSessions <= 0 {
		o.MaxSessions = 20
	}
	if o.LoginGraceTime <= 0 {
		o.LoginGraceTime = DefaultLoginGraceTime
	}
	if o.MaxUnauthenticated <= 0 {
		o.MaxUnauthenticated = DefaultMaxUnauthenticated
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	// The SSH library reads the host key with a plain open, which a named
	// pipe would block forever.
	if _, _, err := config.ReadRegularFile(o.HostKeyPath, maxKeysFile); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("serve: host key %s: %w", o.HostKeyPath, err)
	}
	s := &Server{o: o}
	s.closing, s.close = context.WithCancel(context.Background())
	s.pre = &preauth{grace: o.LoginGraceTime, max: o.MaxUnauthenticated, logf: s.logf}
	o.Keys.warn = s.logf
	opts := []ssh.Option{
		wish.WithHostKeyPath(o.HostKeyPath),
		wish.WithVersion("wasender-tui " + o.Version),
		// Keys only, checked against the keyring (with the client's address
		// for from=); anything else is refused.
		wish.WithPublicKeyAuth(s.allowKey),
		wish.WithMiddleware(
			// Run last to first: recover wraps everything.
			s.console,
			s.limit,
			s.recover,
		),
	}
	if o.MaxSession > 0 {
		// A backstop for a console that cannot end itself (a stuck client).
		opts = append(opts, wish.WithMaxTimeout(o.MaxSession+time.Minute))
	}
	if o.IdleTimeout > 0 {
		// Dead links: only a link that takes nothing for this long is cut
		// here. Operators who stop typing are ended by the console itself
		// (IdleTimeout), which says why.
		opts = append(opts, wish.WithIdleTimeout(o.IdleTimeout+time.Minute))
	}
	srv, err := wish.NewServer(opts...)
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	srv.ConnCallback = s.pre.admit
	srv.ServerConfigCallback = s.pre.config
	srv.ConnectionFailedCallback = func(conn net.Conn, err error) {
		if errors.Is(err, net.ErrClosed) {
			return // closed by us (login grace, shutdown), said where it happened
		}
		s.logf("refused %s: %v", conn.RemoteAddr(), err)
	}
	s.ssh = srv
	return s, nil
}

// allowKey is the public key check: the key must be listed, on a line whose
// from= and expiry-time= allow this client now.
func (s *Server) allowKey(ctx ssh.Context, key ssh.PublicKey) bool {
	_, err := s.o.Keys.Lookup(key, ctx.RemoteAddr(), time.Now())
	if err != nil && !errors.Is(err, ErrUnknownKey) {
		s.logf("refused the key %s of %q from %s: %v", fingerprint(key), ctx.User(), ctx.RemoteAddr(), err)
	}
	return err == nil
}

// Serve accepts connections on ln until Shutdown.
func (s *Server) Serve(ln net.Listener) error {
	s.lnMu.Lock()
	if s.stopping.Load() {
		s.lnMu.Unlock()
		ln.Close()
		return nil
	}
	s.lns = append(s.lns, ln)
	s.serving.Add(1)
	s.lnMu.Unlock()
	defer s.serving.Done()
	err := s.ssh.Serve(ln)
	if s.stopping.Load() || errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// Active is the number of consoles open.
func (s *Server) Active() int { return int(s.active.Load()) }

// Authenticating is the number of connections that have not authenticated
// yet (at most MaxUnauthenticated).
func (s *Server) Authenticating() int { return s.pre.Pending() }

// Shutdown stops accepting, ends every console (each client gets its
// terminal back and a line saying why), waits for them or for ctx, then
// closes every connection.
func (s *Server) Shutdown(ctx context.Context) error {
	s.lnMu.Lock()
	s.stopping.Store(true)
	for _, ln := range s.lns {
		_ = ln.Close()
	}
	s.lnMu.Unlock()
	// The library's Shutdown must not race a Serve that is still starting
	// (its listener count is a WaitGroup): with the listeners closed, each
	// returns at once.
	s.serving.Wait()
	s.close()
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	var waitErr error
	select {
	case <-done:
	case <-ctx.Done():
		waitErr = ctx.Err()
	}
	// Clients close their connections once told their session ended; give
	// them a moment, so they read the last line rather than a reset.
	grace, cancel := context.WithTimeout(ctx, time.Second)
	_ = s.ssh.Shutdown(grace)
	cancel()
	if err := s.ssh.Close(); err != nil && !errors.Is(err, ssh.ErrServerClosed) && !errors.Is(err, net.ErrClosed) {
		return err
	}
	return waitErr
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
				s.logf("panic in the session of %q: %v\n%s", sess.User(), r, debug.Stack())
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
		if s.stopping.Load() {
			wish.Fatalln(sess, "wasender-tui: the server is shutting down; try again later.")
			return
		}
		if n := s.active.Add(1); n > int64(s.o.MaxSessions) {
			s.active.Add(-1)
			s.logf("refused %q: %s open, the cap", sess.User(), common.Plural(s.o.MaxSessions, "console", "consoles"))
			wish.Fatalf(sess, "wasender-tui: the server is full (%s open); try again later.\n", common.Plural(s.o.MaxSessions, "console", "consoles"))
			return
		}
		s.wg.Add(1)
		defer func() { s.active.Add(-1); s.wg.Done() }()
		next(sess)
	}
}

func fingerprint(key ssh.PublicKey) string {
	if key == nil {
		return "(none)"
	}
	return gossh.FingerprintSHA256(key)
}
