package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/wasender-tui/wasender-tui/config"
	"github.com/wasender-tui/wasender-tui/ui/backend"
	"github.com/wasender-tui/wasender-tui/ui/common"
	"github.com/wasender-tui/wasender-tui/ui/serve"
)

func serveCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newCommand("wasender-tui serve", "Usage: wasender-tui serve [--listen :2222] [--authorized-keys FILE] [--host-key FILE] [flags]", stdout)
	var src source
	src.flags(fs.FlagSet, true)
	src.eventFlags(fs.FlagSet)
	listen := fs.String("listen", "", "address to listen on (default: [serve] listen, else :2222)")
	keysPath := fs.String("authorized-keys", "", "OpenSSH authorized_keys file; role=\"operator\" marks who may act (default: [serve] authorized_keys)")
	hostKey := fs.String("host-key", "", "host key file, created when missing (default: [serve] host_key)")
	if err := fs.parse(args); err != nil {
		return err
	}
	b, err := src.open(ctx, stderr, false)
	if err != nil {
		return err
	}
	defer b.Close()
	cfg := b.Config
	if cfg == nil { // the demo reads no config, but [serve] applies to it too
		if cfg, err = config.Load(config.Options{Path: src.config, Profile: src.profile, Context: ctx, Notes: terminalNotes(stderr)}); err != nil {
			if errors.Is(err, context.Canceled) {
				return err
			}
			return usageError{err}
		}
	}
	set := cfg.Serve
	set.Listen = firstOf(*listen, set.Listen)
	set.AuthorizedKeys = firstOf(*keysPath, set.AuthorizedKeys)
	set.HostKey = firstOf(*hostKey, set.HostKey)
	keys, err := serve.LoadKeyring(set.AuthorizedKeys)
	if err != nil {
		return usageError{fmt.Errorf("%w\n(--authorized-keys or authorized_keys in [serve] names the file)", err)}
	}
	for _, p := range keys.Problems() {
		fmt.Fprintln(stderr, "warning:", p)
	}
	profiles := newServedProfiles(b)
	o := serve.Options{
		HostKeyPath:        set.HostKey,
		Keys:               keys,
		IdleTimeout:        set.IdleTimeout,
		MaxSession:         set.MaxSession,
		MaxSessions:        set.MaxSessions,
		LoginGraceTime:     set.LoginGraceTime,
		MaxUnauthenticated: set.MaxUnauthenticated,
		NewContext: func(r *lipgloss.Renderer) *common.Context {
			c, _ := profiles.context(b.Profile, r) // the first profile is always there
			return c
		},
		Log:     stderr,
		Version: buildVersion(),
	}
	if !b.Demo {
		o.Switch = profiles.context
	}
	srv, err := serve.New(o)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", set.Listen)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "serving the console of %s over SSH on %s\n", b.Profile, ln.Addr())
	fmt.Fprintf(stdout, "  host key %s (%s)\n  authorized keys %s\n  audit trail %s\n", set.HostKey, serve.HostKeyFingerprint(set.HostKey), set.AuthorizedKeys, b.Audit.Path())
	fmt.Fprintf(stdout, "  idle timeout %s, session limit %s, at most %s\n", set.IdleTimeout, set.MaxSession, common.Plural(set.MaxSessions, "console", "consoles"))
	fmt.Fprintf(stdout, "  authentication within %s, at most %s authenticating at once\n", set.LoginGraceTime, common.Plural(set.MaxUnauthenticated, "connection", "connections"))
	if w := b.Webhooks; w != nil {
		fmt.Fprintf(stdout, "  webhooks received at %s for every console%s\n", w.URL(), publicNote(w.PublicURL))
	}
	fmt.Fprintln(stdout, "SIGTERM or ctrl+c stops it.")
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	stopCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(stopCtx); err != nil {
		return fmt.Errorf("stopping: %w", err)
	}
	fmt.Fprintln(stdout, "stopped")
	return nil
}

// servedProfiles gives every console of a server the same backend per
// profile (one API client, so rate limits and 429 holds are server-wide,
// and one session-list reader, so twenty consoles cost one request), built
// the first time a console switches to it with :profile.
type servedProfiles struct {
	mu     sync.Mutex
	first  *backend.Backend
	byName map[string]*servedProfile
}

type servedProfile struct {
	b    *backend.Backend
	list *common.SharedList
}

func newServedProfiles(b *backend.Backend) *servedProfiles {
	p := &servedProfiles{first: b, byName: map[string]*servedProfile{}}
	p.byName[b.Profile] = &servedProfile{b: b, list: common.NewSharedList(common.Budgeted(b.Hub(), b.Client.ListSessions), 2*time.Second)}
	return p
}

// context is a new console context of profile name, drawn with r.
func (p *servedProfiles) context(name string, r *lipgloss.Renderer) (*common.Context, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	sp, ok := p.byName[name]
	if !ok {
		next, err := p.first.WithProfile(name)
		if err != nil {
			return nil, err
		}
		sp = &servedProfile{b: next, list: common.NewSharedList(common.Budgeted(next.Hub(), next.Client.ListSessions), 2*time.Second)}
		p.byName[name] = sp
	}
	c := sp.b.Context(r)
	c.Shared = sp.list
	return c, nil
}

func publicNote(public string) string {
	if public == "" {
		return " (no [events] public_url: sessions cannot be pointed here from the console)"
	}
	return " (public " + common.RedactURL(public) + ")"
}

func firstOf(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}
