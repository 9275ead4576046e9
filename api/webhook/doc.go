// Package webhook receives WasenderAPI webhooks (api-behaviour.md §5.3): a
// Receiver (an http.Handler) verifies each delivery against the sessions'
// webhook secrets, decodes its envelope tolerantly, marks redeliveries, and
// fans every verified event out to any number of subscribers without ever
// waiting for one. A Forwarder relays verified events to another receiver.
package webhook
