package serve

import (
	"net"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// Defaults of the pre-authentication limits: OpenSSH's MaxStartups begins
// refusing at 10 unauthenticated connections; its LoginGraceTime is 120 s,
// far more than a key exchange and a public key need.
const (
	DefaultLoginGraceTime     = 20 * time.Second
	DefaultMaxUnauthenticated = 10
)

// preauth bounds connections that have not authenticated yet: each must
// authenticate within grace or is closed, and at most max are held at once;
// further ones are closed on arrival. Without it a silent TCP connection
// was held until the idle timeout (16 minutes), and any number of them.
type preauth struct {
	grace time.Duration
	max   int
	logf  func(format string, args ...any)

	mu      sync.Mutex
	pending int
	refused int       // over the cap since the last log line about it
	logged  time.Time // of the last such line
}

type guardKey struct{}

// admit is the server's ConnCallback: it wraps conn so that it is closed if
// it does not authenticate in time, or refuses it (nil) when too many are
// authenticating already.
func (p *preauth) admit(ctx ssh.Context, conn net.Conn) net.Conn {
	p.mu.Lock()
	if p.pending >= p.max {
		p.refused++
		now := time.Now()
		if now.Sub(p.logged) >= 10*time.Second {
			p.logf("refused %d connection(s), the latest from %s: %d are authenticating, the cap (max_unauthenticated)", p.refused, conn.RemoteAddr(), p.max)
			p.refused, p.logged = 0, now
		}
		p.mu.Unlock()
		return nil
	}
	p.pending++
	p.mu.Unlock()
	g := &guard{Conn: conn, p: p}
	g.mu.Lock() // expire waits until the timer is set
	g.timer = time.AfterFunc(p.grace, g.expire)
	g.mu.Unlock()
	ctx.SetValue(guardKey{}, g)
	return g
}

// config is the server's ServerConfigCallback: authentication's success
// ends the connection's pre-authentication deadline.
func (p *preauth) config(ctx ssh.Context) *gossh.ServerConfig {
	g, _ := ctx.Value(guardKey{}).(*guard)
	return &gossh.ServerConfig{
		AuthLogCallback: func(_ gossh.ConnMetadata, _ string, err error) {
			if err == nil && g != nil {
				g.leave()
			}
		},
	}
}

// Pending is the number of connections authenticating now.
func (p *preauth) Pending() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.pending
}

// guard is a connection until it authenticates.
type guard struct {
	net.Conn
	p     *preauth
	timer *time.Timer

	mu   sync.Mutex
	done bool // authenticated, expired or closed: no longer pending
}

// leave ends the pre-authentication phase once; it reports whether this
// call did.
func (g *guard) leave() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.done {
		return false
	}
	g.done = true
	g.timer.Stop()
	g.p.mu.Lock()
	g.p.pending--
	g.p.mu.Unlock()
	return true
}

func (g *guard) expire() {
	if g.leave() {
		g.p.logf("closed %s: not authenticated within %s (login_grace_time)", g.RemoteAddr(), g.p.grace)
		_ = g.Conn.Close()
	}
}

func (g *guard) Close() error {
	g.leave()
	return g.Conn.Close()
}
