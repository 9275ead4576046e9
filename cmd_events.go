package main

import (
	"context"
	"fmt"
	"io"
	"net"

	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/api/webhook"
	"github.com/wasender-tui/wasender-tui/ui/backend"
	"github.com/wasender-tui/wasender-tui/ui/cli"
)

func eventsCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newCommand("wasender-tui events", "Usage: wasender-tui events [--listen 127.0.0.1:8090] [--json] [--forward URL] [flags]", stdout)
	var src source
	src.flags(fs.FlagSet, false)
	listen := fs.String("listen", webhook.DefaultListen, "address to receive webhooks on (a bare port or :PORT is loopback)")
	var o cli.EventsOptions
	fs.BoolVar(&o.JSON, "json", false, "one JSON object per event: the envelope as received plus \"session\" and \"received_at\"")
	fs.StringVar(&o.Forward, "forward", "", "relay every verified event, unchanged and signed, to this URL")
	if err := fs.parse(args); err != nil {
		return err
	}
	addr := webhook.ListenAddr(*listen)
	if err := webhook.CheckForward(o.Forward, addr); err != nil {
		return usageError{fmt.Errorf("--%w", err)}
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	var b *backend.Backend
	if src.demo {
		// The demo API sends its webhooks here.
		host, port, _ := net.SplitHostPort(ln.Addr().String())
		if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
			host = "127.0.0.1"
		}
		b, err = backend.Open(backend.Options{Demo: true, Fake: fake.Options{WebhookURL: "http://" + net.JoinHostPort(host, port) + "/"},
			NoAudit: true, Warnings: stderr, UserAgent: "wasender-tui/" + buildVersion()})
	} else {
		b, err = src.open(ctx, stderr, true)
	}
	if err != nil {
		ln.Close()
		return err
	}
	defer b.Close()
	return cli.Events(ctx, b.Client, ln, stdout, stderr, o)
}
