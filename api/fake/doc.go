// Package fake is an in-memory WasenderAPI: an http.Handler that answers the
// documented wire format (shared/reference/api-behaviour.md) from a seeded,
// deterministic world of sessions, contacts, groups and logs.
//
// Simulated time moves only when a request or a control call arrives: the
// world is advanced from its last step to Options.Now() and nothing runs in
// the background, so an injected clock makes every run repeatable. The one
// exception is opt-in: with webhooks on (webhooks.go) a ticker advances the
// world and a sender posts the events; Close stops both.
package fake
