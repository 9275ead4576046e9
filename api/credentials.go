package api

import (
	"context"
	"errors"
	"sync"
)

// Credential says which secret authorised a request.
type Credential int

const (
	CredNone       Credential = iota
	CredToken                 // the account's personal access token
	CredSessionKey            // one session's api_key
)

func (c Credential) String() string {
	switch c {
	case CredToken:
		return "personal access token"
	case CredSessionKey:
		return "session API key"
	}
	return "no credential"
}

// authMode is what an endpoint accepts (api-behaviour.md §2).
type authMode int

const (
	authToken      authMode = iota // /whatsapp-sessions management
	authTokenOrKey                 // /whatsapp-sessions/{id}/… calls some docs show with the session key
	authKey                        // session-scoped endpoints
)

// ErrNoToken is returned for account-level calls when no personal access
// token is configured.
var ErrNoToken = errors.New("this needs a personal access token: set WASENDER_TOKEN or a token in the config profile")

// keyStore holds session api keys: configured ones, and ones learned from
// session details so an operator holding only the personal token can use
// every session's groups, contacts and messages.
type keyStore struct {
	mu       sync.Mutex
	keys     map[ID]string
	learned  map[ID]bool
	fallback string // a single session key given without an id (WASENDER_API_KEY)
	inflight map[ID]*lookup
}

// lookup is one GET /whatsapp-sessions/{id} in flight; callers that need the
// same key wait for it and share its outcome.
type lookup struct {
	done chan struct{}
	err  error // set before done is closed
}

func newKeyStore(configured map[string]string, fallback string) *keyStore {
	ks := &keyStore{keys: map[ID]string{}, learned: map[ID]bool{}, fallback: fallback, inflight: map[ID]*lookup{}}
	for id, k := range configured {
		if k != "" {
			ks.keys[ID(id)] = k
		}
	}
	return ks
}

func (ks *keyStore) get(id ID) (key string, learned bool) {
	ks.mu.Lock()
	defer ks.mu.Unlock()
	return ks.keys[id], ks.learned[id]
}

func (ks *keyStore) learn(id ID, key string) {
	if id == "" || key == "" {
		return
	}
	ks.mu.Lock()
	defer ks.mu.Unlock()
	if old, ok := ks.keys[id]; ok && !ks.learned[id] && old == key {
		return
	}
	ks.keys[id] = key
	ks.learned[id] = true
}

func (ks *keyStore) forget(id ID) {
	ks.mu.Lock()
	defer ks.mu.Unlock()
	if ks.learned[id] {
		delete(ks.keys, id)
		delete(ks.learned, id)
	}
}

// forgetRejected forgets a learned key after the API rejected it, unless
// another call has already replaced it with a fresh one.
func (ks *keyStore) forgetRejected(id ID, rejected string) {
	ks.mu.Lock()
	defer ks.mu.Unlock()
	if ks.learned[id] && ks.keys[id] == rejected {
		delete(ks.keys, id)
		delete(ks.learned, id)
	}
}

// sessionKey returns the api key for session id, learning it from the
// session's details with the personal token when needed. Concurrent callers
// for the same session share one lookup.
func (c *Client) sessionKey(ctx context.Context, id ID) (string, bool, error) {
	for {
		if key, learned := c.keys.get(id); key != "" {
			return key, learned, nil
		}
		if id == "" || c.token == "" {
			if c.keys.fallback != "" {
				return c.keys.fallback, false, nil
			}
			if id == "" {
				return "", false, errors.New("no session API key: set WASENDER_API_KEY, or give a personal access token and pick a session")
			}
			return "", false, errors.New("no API key for session " + string(id) + ": set WASENDER_TOKEN (the console learns each session's key) or add it under session_keys in the config")
		}
		c.keys.mu.Lock()
		l, busy := c.keys.inflight[id]
		if !busy {
			l = &lookup{done: make(chan struct{})}
			c.keys.inflight[id] = l
			c.keys.mu.Unlock()
			_, err := c.GetSession(ctx, id) // caches the key
			key := ""
			if err == nil {
				if key, _ = c.keys.get(id); key == "" {
					err = errors.New("session " + string(id) + " details carry no api_key")
				}
			}
			c.keys.mu.Lock()
			l.err = err
			delete(c.keys.inflight, id)
			close(l.done)
			c.keys.mu.Unlock()
			if err != nil {
				return "", false, err
			}
			return key, true, nil
		}
		c.keys.mu.Unlock()
		select {
		case <-l.done:
			// Share a real failure (bad token, unknown session) rather than
			// repeating the lookup once per waiter; a lookup that only failed
			// because its own caller gave up is tried again.
			if l.err != nil && !isContextError(l.err) {
				return "", false, l.err
			}
		case <-ctx.Done():
			return "", false, ctx.Err()
		}
	}
}

func isContextError(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// credential picks the secret for a call.
func (c *Client) credential(ctx context.Context, k *call) (Credential, string, bool, error) {
	switch k.auth {
	case authToken:
		if c.token == "" {
			return CredNone, "", false, ErrNoToken
		}
		return CredToken, c.token, false, nil
	case authTokenOrKey:
		if c.token != "" {
			return CredToken, c.token, false, nil
		}
		if key, learned := c.keys.get(k.session); key != "" {
			return CredSessionKey, key, learned, nil
		}
		if c.keys.fallback != "" {
			return CredSessionKey, c.keys.fallback, false, nil
		}
		return CredNone, "", false, ErrNoToken
	default:
		key, learned, err := c.sessionKey(ctx, k.session)
		if err != nil {
			return CredNone, "", false, err
		}
		return CredSessionKey, key, learned, nil
	}
}
