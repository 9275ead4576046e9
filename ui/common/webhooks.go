package common

import "github.com/wasender-tui/wasender-tui/api/webhook"

// Webhooks is the console's webhook receiver while it listens: one per
// backend, so every console of a serve reads the same events.
type Webhooks struct {
	Receiver *webhook.Receiver
	// Addr is where it listens (host:port).
	Addr string
	// PublicURL is where WasenderAPI reaches it ([events] public_url), the
	// URL a session's webhook is pointed at; "" when not known.
	PublicURL string
	// Forwarder relays every event to [events] forward; nil when not set.
	Forwarder *webhook.Forwarder
}

// URL is the receiver's own address as a URL.
func (w *Webhooks) URL() string { return "http://" + w.Addr + "/" }
