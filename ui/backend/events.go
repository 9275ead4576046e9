package backend

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/tail"
	"github.com/wasender-tui/wasender-tui/api/webhook"
	"github.com/wasender-tui/wasender-tui/ui/common"
)

// EventsOptions ask for the console's webhook receiver.
type EventsOptions struct {
	// Listen is --events-listen; "" takes [events] listen from the config,
	// and for the demo a free loopback port.
	Listen string
}

// KeptEvents bound what the receiver keeps for consoles that open later
// (an operator who connects to serve during an incident sees it).
const (
	KeptEvents = 10000
	KeptBytes  = 64 << 20
)

// listenEvents opens the receiver's listener: addr as webhook.ListenAddr
// reads it (a bare port is loopback).
func listenEvents(addr string) (net.Listener, error) {
	addr = webhook.ListenAddr(addr)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s for webhooks: %w", addr, err)
	}
	return ln, nil
}

// startEvents serves the receiver on ln. Its secrets are learned with the
// personal token in the background (a delivery that comes first waits for
// them); every event asks its session's log streams for a poll, and is
// relayed to forward when set.
func (b *Backend) startEvents(ln net.Listener, publicURL, forward string) error {
	if !b.Client.HasToken() {
		ln.Close()
		return UsageError{errors.New("the webhook receiver ([events] listen, --events-listen) needs the personal access token, to learn the sessions' webhook secrets")}
	}
	secrets := webhook.NewSecrets(webhook.SecretOptions{Source: b.Client})
	rcv := webhook.New(webhook.Options{Secrets: secrets, Keep: KeptEvents, KeepBytes: KeptBytes})
	life, stop := context.WithCancel(context.Background())
	go func() { _ = secrets.Load(life) }()
	srv := webhook.NewServer(rcv)
	go func() { _ = srv.Serve(ln) }()
	hub := b.Hub()
	go PokeLogs(life, rcv, hub)
	b.Webhooks = &common.Webhooks{Receiver: rcv, Addr: ln.Addr().String(), PublicURL: publicURL}
	if forward != "" {
		fw := &webhook.Forwarder{URL: forward}
		go fw.Run(life, rcv.Subscribe(webhook.SubscribeOptions{}))
		b.Webhooks.Forwarder = fw
	}
	prev := b.stop
	b.stop = func() {
		stop()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		_ = srv.Shutdown(ctx)
		cancel()
		prev()
	}
	return nil
}

// PokeLogs asks the log streams of each event's session for a poll now
// (within the hub's request budget), until ctx ends: a message's status,
// the logs pane and everything reading the streams follow a webhook at
// once instead of one interval later.
func PokeLogs(ctx context.Context, rcv *webhook.Receiver, hub *tail.Hub) {
	sub := rcv.Subscribe(webhook.SubscribeOptions{Events: 1024, Bytes: 1 << 20})
	defer sub.Close()
	for {
		b, err := sub.Next(ctx)
		if err != nil {
			return
		}
		poked := map[string]bool{}
		for _, e := range b.Events {
			if id := e.Session.ID; !poked[id] {
				poked[id] = true
				hub.Poke(api.ID(id))
			}
		}
	}
}
