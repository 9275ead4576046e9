package webhook

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
)

// SessionSource is where secrets are learned; *api.Client is one. The list
// may leave the secrets out (the docs' list does), details carry them.
type SessionSource interface {
	ListSessions(ctx context.Context) ([]api.Session, error)
	GetSession(ctx context.Context, id api.ID) (api.Session, error)
}

// SecretOptions configure a Secrets store.
type SecretOptions struct {
	Source     SessionSource     // learns every session's webhook_secret; nil = only Static
	Static     map[string]string // session id -> webhook secret, given by the operator
	MinRefresh time.Duration     // a signature miss refreshes at most this often; default 30 s
	Timeout    time.Duration     // bound on one refresh; default 20 s
	Now        func() time.Time
}

// Session is a session whose secret the store holds.
type Session struct {
	ID   string
	Name string // "" when only configured
}

type secretEntry struct {
	session Session
	hash    [sha256.Size]byte
}

// Secrets knows each session's webhook secret, its name and its API key.
// Signatures are compared by their SHA-256 in constant time against every
// secret, so neither a secret nor its length leaks through timing.
type Secrets struct {
	o SecretOptions

	static map[string][sha256.Size]byte

	mu      sync.RWMutex
	entries []secretEntry
	owners  map[string]string // api key -> session id
	learned map[string]learnedSession

	refreshMu sync.Mutex
	lastTry   time.Time
	running   chan struct{} // closed when the refresh under way ends
	lastErr   error
}

// NewSecrets builds a store holding the static secrets; Load learns the rest.
func NewSecrets(o SecretOptions) *Secrets {
	if o.MinRefresh <= 0 {
		o.MinRefresh = 30 * time.Second
	}
	if o.Timeout <= 0 {
		o.Timeout = 20 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	s := &Secrets{o: o, static: map[string][sha256.Size]byte{}}
	for id, secret := range o.Static {
		if secret != "" {
			s.static[id] = sha256.Sum256([]byte(secret))
		}
	}
	s.install(nil)
	return s
}

// Load learns the secrets now, whenever the last refresh was.
func (s *Secrets) Load(ctx context.Context) error {
	return s.refresh(ctx, true)
}

// RefreshOnMiss refreshes after a signature matched nothing, unless a
// refresh started less than MinRefresh ago; a refresh under way is waited
// for. Match again after it even when none ran: one may have ended between
// the miss and this call.
func (s *Secrets) RefreshOnMiss(ctx context.Context) {
	s.refresh(ctx, false)
}

// refresh runs at most one learn at a time, in its own goroutine: it
// outlives the delivery that asked for it, for others may be waiting too.
func (s *Secrets) refresh(ctx context.Context, force bool) error {
	if s.o.Source == nil {
		return errors.New("no source of secrets")
	}
	s.refreshMu.Lock()
	done := s.running
	if done == nil {
		if !force && !s.lastTry.IsZero() && s.o.Now().Sub(s.lastTry) < s.o.MinRefresh {
			s.refreshMu.Unlock()
			return nil
		}
		s.lastTry = s.o.Now()
		done = make(chan struct{})
		s.running = done
		go func() {
			lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.o.Timeout)
			err := s.learn(lctx)
			cancel()
			s.refreshMu.Lock()
			s.lastErr, s.running = err, nil
			s.refreshMu.Unlock()
			close(done)
		}()
	}
	s.refreshMu.Unlock()
	select {
	case <-done:
	case <-ctx.Done():
		return ctx.Err()
	}
	s.refreshMu.Lock()
	defer s.refreshMu.Unlock()
	return s.lastErr
}

// learn reads the list, then the details of the sessions whose list entry
// lacks the secret, four at a time. A session whose details fail keeps what
// was known of it.
func (s *Secrets) learn(ctx context.Context) error {
	list, err := s.o.Source.ListSessions(ctx)
	if err != nil {
		return fmt.Errorf("listing sessions: %w", err)
	}
	found := make([]api.Session, len(list))
	errs := make([]error, len(list))
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for i, ss := range list {
		if ss.WebhookSecret != "" {
			found[i] = ss
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			d, err := s.o.Source.GetSession(ctx, ss.ID)
			if err != nil {
				errs[i] = fmt.Errorf("session %s: %w", ss.ID, err)
			}
			found[i] = d
		}()
	}
	wg.Wait()
	s.mu.RLock()
	old := s.learned
	s.mu.RUnlock()
	learned := make(map[string]learnedSession, len(list))
	for i, ss := range list {
		id := string(ss.ID)
		l := learnedSession{name: string(ss.Name)}
		if errs[i] != nil {
			if prev, ok := old[id]; ok {
				l = prev
			}
		} else {
			l.apiKey = string(found[i].APIKey)
			if secret := string(found[i].WebhookSecret); secret != "" {
				l.hash, l.hasSecret = sha256.Sum256([]byte(secret)), true
			}
		}
		if l.name == "" {
			l.name = string(found[i].Name)
		}
		learned[id] = l
	}
	s.install(learned)
	return errors.Join(errs...)
}

type learnedSession struct {
	name, apiKey string
	hash         [sha256.Size]byte
	hasSecret    bool
}

// install swaps in a new table: the learned secrets, then the static ones,
// named from what was learned.
func (s *Secrets) install(learned map[string]learnedSession) {
	ids := make([]string, 0, len(learned))
	for id := range learned {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return lessID(ids[i], ids[j]) })
	var entries []secretEntry
	owners := map[string]string{}
	for _, id := range ids {
		l := learned[id]
		if l.apiKey != "" {
			owners[l.apiKey] = id
		}
		if l.hasSecret {
			entries = append(entries, secretEntry{session: Session{ID: id, Name: l.name}, hash: l.hash})
		}
	}
	staticIDs := make([]string, 0, len(s.static))
	for id := range s.static {
		staticIDs = append(staticIDs, id)
	}
	sort.Slice(staticIDs, func(i, j int) bool { return lessID(staticIDs[i], staticIDs[j]) })
	for _, id := range staticIDs {
		entries = append(entries, secretEntry{session: Session{ID: id, Name: learned[id].name}, hash: s.static[id]})
	}
	s.mu.Lock()
	s.entries, s.owners, s.learned = entries, owners, learned
	s.mu.Unlock()
}

// Match names the session whose secret equals signature.
func (s *Secrets) Match(signature string) (Session, bool) {
	h := sha256.Sum256([]byte(signature))
	s.mu.RLock()
	defer s.mu.RUnlock()
	var found Session
	matched := 0
	for _, e := range s.entries {
		eq := subtle.ConstantTimeCompare(h[:], e.hash[:])
		if eq == 1 && matched == 0 {
			found = e.session
		}
		matched |= eq
	}
	return found, matched == 1
}

// KeyOwner names the session whose API key is key.
func (s *Secrets) KeyOwner(key string) (string, bool) {
	if key == "" {
		return "", false
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	id, ok := s.owners[key]
	return id, ok
}

// APIKey is the session's API key when it was learned.
func (s *Secrets) APIKey(id string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.learned[id].apiKey
}

// Sessions lists the sessions whose secret is known, by id.
func (s *Secrets) Sessions() []Session {
	s.mu.RLock()
	seen := map[string]bool{}
	var out []Session
	for _, e := range s.entries {
		if !seen[e.session.ID] {
			seen[e.session.ID] = true
			out = append(out, e.session)
		}
	}
	s.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool { return lessID(out[i].ID, out[j].ID) })
	return out
}

func lessID(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}
