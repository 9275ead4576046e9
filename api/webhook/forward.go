package webhook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
)

// Forwarder relays verified events, body and signature unchanged, to
// another receiver, one at a time from its own subscription, so a slow or
// dead target costs only its own backlog. Events that were themselves
// forwarded are not relayed again.
type Forwarder struct {
	URL    string
	Client *http.Client // default: a client with a 10 s timeout

	sent, failed, skipped atomic.Uint64

	mu      sync.Mutex
	lastErr string
}

// ForwardStats counts what a Forwarder did.
type ForwardStats struct {
	Sent, Failed, Skipped uint64
	LastError             string
}

// Stats reads the counters.
func (f *Forwarder) Stats() ForwardStats {
	f.mu.Lock()
	defer f.mu.Unlock()
	return ForwardStats{Sent: f.sent.Load(), Failed: f.failed.Load(), Skipped: f.skipped.Load(), LastError: f.lastErr}
}

// Run relays what sub delivers until sub is closed and drained, or ctx ends.
func (f *Forwarder) Run(ctx context.Context, sub *Subscription) {
	client := f.Client
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	for {
		b, err := sub.Next(ctx)
		if err != nil {
			return
		}
		for _, e := range b.Events {
			if e.Forwarded {
				f.skipped.Add(1)
				continue
			}
			if err := f.send(ctx, client, e); err != nil {
				f.failed.Add(1)
				f.mu.Lock()
				f.lastErr = api.Clean(err.Error()) // it may quote the target's status line
				f.mu.Unlock()
				if errors.Is(err, context.Canceled) {
					return
				}
				continue
			}
			f.sent.Add(1)
		}
	}
}

func (f *Forwarder) send(ctx context.Context, client *http.Client, e *Event) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, f.URL, bytes.NewReader(e.Body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(SignatureHeader, e.signature)
	req.Header.Set(ForwardedHeader, "1")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s answered %s", req.URL.Redacted(), resp.Status) // no password of the URL in LastError
	}
	return nil
}

// CheckForward vets a forward target: http or https, and not the
// receiver's own address (listen), which would loop.
func CheckForward(raw, listen string) error {
	if raw == "" {
		return nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("forward %q: want an http:// or https:// URL", raw)
	}
	_, port, _ := net.SplitHostPort(listen)
	lhost, _, _ := net.SplitHostPort(listen)
	fport := u.Port()
	if fport == "" {
		fport = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	self := func(h string) bool {
		ip := net.ParseIP(h)
		return h == lhost || strings.EqualFold(h, "localhost") || (ip != nil && (ip.IsLoopback() || ip.IsUnspecified()))
	}
	if u.Scheme == "http" && fport == port && self(u.Hostname()) {
		return fmt.Errorf("forward %s is this receiver's own address: events would loop", raw)
	}
	return nil
}
