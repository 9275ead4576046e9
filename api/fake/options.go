package fake

import (
	"math"
	"time"
)

// Options configure a Server. The zero value gives the demo world.
type Options struct {
	Seed          int64            // deterministic data; default 1
	PersonalToken string           // default "1|demo-personal-access-token"
	Now           func() time.Time // clock; default time.Now
	Contacts      int              // contacts per session (the first exactly, others ±5%); default 300, negative = none
	Groups        int              // groups per session, varied likewise; default 25, negative = none
	AutoPair      time.Duration    // the "phone" scans by itself this long after connect; 0 = never (call Pair)
	QRRotate      time.Duration    // how often the server serves a new pairing string; default 45s (the docs)
	LogActivity   bool             // connected sessions keep producing logs as time passes
	MaxPerPage    int              // clamp for per_page and limit; default 100
	// DefaultLimit is the requests a minute, per endpoint per session, of
	// endpoints without a published limit (a guess: the API publishes none
	// for them); default 1000, negative for none.
	DefaultLimit int

	// PATOnly refuses a session's own API key on the session-management
	// calls some docs examples show with it (restart, disconnect,
	// regenerate-key, session-logs, message-logs): only the personal token
	// is taken there, as the SDKs send it.
	PATOnly bool

	// GroupsSDKShape answers group calls in the shape of the SDKs' types
	// (Baileys GroupMetadata) instead of the docs': list items with size
	// and participants, metadata with id, announce, restrict and
	// participants as {id, admin}.
	GroupsSDKShape bool

	// SendFailure, when set, makes every message sent through the API fail
	// with this failed_reason once it settles ("Recipient has blocked
	// you"), as message logs tell it.
	SendFailure string

	// Sessions is how many sessions the account has: the six of the demo,
	// then generated ones in a mix of states; default 6.
	Sessions int
	// Incidents gives the world trouble to find (incidents.go): a session
	// that flaps now and then, sessions whose sends fail for a while, and
	// bursts of messages to bad numbers; the last hour of the history
	// already shows a flap and an outage. The demo turns it on.
	Incidents bool

	// The server's own pairing schedule, which a client cannot see: an
	// attempt is QRPhase into its first rotation when connect answers (the
	// first code lives QRRotate-QRPhase), and each rotation comes up to
	// QRJitter early or late (at most QRRotate/3).
	QRPhase  time.Duration
	QRJitter time.Duration

	// ClockOffset sets the server's clock this far ahead of Now (behind
	// when negative): every time it reports, and its own schedules, use it.
	ClockOffset time.Duration

	// NoSubscription makes connect and qrcode answer the documented
	// no-subscription error.
	NoSubscription bool
	Latency        time.Duration // artificial delay per request (real time)

	// Hostile puts terminal escapes, bidi overrides and C1 controls into
	// every string served, answers, errors and webhooks alike (hostile.go).
	Hostile bool

	// Logs switches the log paginators' unkind behaviours on.
	Logs LogOptions

	// Webhooks (webhooks.go). WebhookURL sends every session's events
	// there, whatever its settings; Webhooks sends them to each session's
	// own webhook_url when webhook_enabled, filtered by webhook_events.
	// Either starts the goroutines that send them: call Close.
	WebhookURL    string
	Webhooks      bool
	WebhookTick   time.Duration // how often the world is advanced to send what is due; default 250ms
	WebhookRepeat int           // every Nth delivery is sent twice, as a redelivery; 0 = never
	WebhookAlt    bool          // spell message events the other way: message.upsert, messages.sent, message.update
	WebhookQueue  int           // deliveries waiting to be sent; beyond, the oldest are dropped; default 1024
}

const (
	defaultPersonalToken = "1|demo-personal-access-token"
	defaultContacts      = 300
	defaultGroups        = 25
	defaultQRRotate      = 45 * time.Second
	defaultMaxPerPage    = 100
)

func (o Options) withDefaults() Options {
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.PersonalToken == "" {
		o.PersonalToken = defaultPersonalToken
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	switch {
	case o.Contacts == 0:
		o.Contacts = defaultContacts
	case o.Contacts < 0:
		o.Contacts = 0
	}
	switch {
	case o.Groups == 0:
		o.Groups = defaultGroups
	case o.Groups < 0:
		o.Groups = 0
	}
	if o.QRRotate <= 0 {
		o.QRRotate = defaultQRRotate
	}
	switch {
	case o.DefaultLimit == 0:
		o.DefaultLimit = ruleDefault.limit
	case o.DefaultLimit < 0:
		o.DefaultLimit = math.MaxInt32
	}
	o.QRPhase = max(o.QRPhase, 0) % o.QRRotate
	o.QRJitter = min(max(o.QRJitter, 0), o.QRRotate/3)
	if off, base := o.ClockOffset, o.Now; off != 0 {
		o.Now = func() time.Time { return base().Add(off) }
	}
	if o.MaxPerPage <= 0 {
		o.MaxPerPage = defaultMaxPerPage
	}
	return o
}
