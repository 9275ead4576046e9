package serve

import (
	"net"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
	"github.com/wasender-tui/wasender-tui/ui/common"
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
	refused int         // over the cap, not yet logged
	flush   *time.Timer // logs refused, at most every refusalLogEvery
}

// refusalLogEvery bounds the log of a flood over the cap to a line per 10 s.
const refusalLogEvery = 10 * time.Second

type guardKey struct{}

// admit is the server's ConnCallback: it wraps conn so that it is closed if
// it does not authenticate in time, or refuses it (nil) when too many are
// authenticating already.
func (p *preauth) admit(ctx ssh.Context, conn net.Conn) net.Conn {
	p.mu.Lock()
	if p.pending >= p.max {
		if p.flush == nil {
			p.logf("refused %s: %s authenticating, the cap (max_unauthenticated)", conn.RemoteAddr(), isAre(p.max))
			p.flush = time.AfterFunc(refusalLogEvery, p.logRefused)
		} else {
			p.refused++
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

// logRefused logs the refusals since the last line, if any.
func (p *preauth) logRefused() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.flush = nil
	if p.refused > 0 {
		p.logf("refused %d more connections in %s: %d were authenticating, the cap (max_unauthenticated)", p.refused, refusalLogEvery, p.max)
		p.refused = 0
		p.flush = time.AfterFunc(refusalLogEvery, p.logRefused)
	}
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

// isAre is "1 connection is" or "10 connections are".
func isAre(n int) string {
	if n == 1 {
		return "1 connection is"
	}
	return common.Plural(n, "connection", "connections") + " are"
}
