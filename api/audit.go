package api

import (
	"context"
	"time"
)

// Mutation is a call that changed (or tried to change) something: the
// raw material of the audit trail. It carries no secrets and no bodies.
type Mutation struct {
	Action string // "restart session", "send message", …
	Target string // a session id, a recipient, "new session \"Sales\""
	Actor  string // who, from the call's context (WithActor); "" if unknown
	At     time.Time
	Err    error // nil: done
}

type actorKey struct{}

// WithActor marks ctx with who is acting ("local:alice", "ssh:bob SHA256:…"),
// so the audit trail can name them.
func WithActor(ctx context.Context, actor string) context.Context {
	return context.WithValue(ctx, actorKey{}, actor)
}

// ActorFrom returns the actor WithActor put in ctx.
func ActorFrom(ctx context.Context) string {
	a, _ := ctx.Value(actorKey{}).(string)
	return a
}
