package fake

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

const (
	statusConnecting   = "connecting"
	statusConnected    = "connected"
	statusDisconnected = "disconnected"
	statusNeedScan     = "need_scan"
	statusNeedPasskey  = "need_passkey"
	statusLoggedOut    = "logged_out"
	statusExpired      = "expired"
)

var knownStatuses = []string{statusConnecting, statusConnected, statusDisconnected, statusNeedScan, statusNeedPasskey, statusLoggedOut, statusExpired}

const (
	sessionTimeLayout = "2006-01-02T15:04:05Z"
	maxSessions       = 10
)

type session struct {
	id                int
	name              string
	phone             string // "+4915…"
	status            string // always lower case; the list shows disconnected as DISCONNECTED
	accountProtection bool
	logMessages       bool
	readIncoming      bool
	webhookURL        *string
	webhookEnabled    bool
	webhookEvents     []string // nil is null
	settings          map[string]any
	apiKey            string
	webhookSecret     string
	keyGen            uint64
	createdAt         time.Time
	updatedAt         time.Time

	pushName string
	device   int
	lid      string // digits of the account's LID

	// pairing
	pairGen        uint64
	pairStarted    time.Time
	autoPairAt     time.Time
	passkeyToken   string
	passkeyExpires time.Time
	transitionAt   time.Time // a pending status change, e.g. connecting -> connected
	transitionTo   string
	transitionLog  string // event_type written when the transition fires

	contacts *contactBook
	groups   *groupBook

	sessionLogs []*sessionLog
	messageLogs []*messageLog

	activity      *rand.Rand
	nextMessageAt time.Time
	nextBurstAt   time.Time // Logs.Burst: the next burst in one second
	nextFlapAt    time.Time
	lastSendAt    time.Time

	trouble // Options.Incidents
}

type sessionJSON struct {
	ID                   int      `json:"id"`
	Name                 string   `json:"name"`
	PhoneNumber          string   `json:"phone_number"`
	Status               string   `json:"status"`
	AccountProtection    bool     `json:"account_protection"`
	LogMessages          bool     `json:"log_messages"`
	ReadIncomingMessages bool     `json:"read_incoming_messages"`
	WebhookURL           *string  `json:"webhook_url"`
	WebhookEnabled       bool     `json:"webhook_enabled"`
	WebhookEvents        []string `json:"webhook_events"`
	APIKey               string   `json:"api_key,omitempty"`
	WebhookSecret        string   `json:"webhook_secret,omitempty"`
	CreatedAt            string   `json:"created_at"`
	UpdatedAt            string   `json:"updated_at"`
}

// view renders the session; the list leaves out the secrets and spells
// disconnected in upper case, as the docs' list example does.
func (ss *session) view(withSecrets bool) sessionJSON {
	v := sessionJSON{
		ID:                   ss.id,
		Name:                 ss.name,
		PhoneNumber:          ss.phone,
		Status:               ss.status,
		AccountProtection:    ss.accountProtection,
		LogMessages:          ss.logMessages,
		ReadIncomingMessages: ss.readIncoming,
		WebhookURL:           ss.webhookURL,
		WebhookEnabled:       ss.webhookEnabled,
		WebhookEvents:        ss.webhookEvents,
		CreatedAt:            ss.createdAt.UTC().Format(sessionTimeLayout),
		UpdatedAt:            ss.updatedAt.UTC().Format(sessionTimeLayout),
	}
	if withSecrets {
		v.APIKey, v.WebhookSecret = ss.apiKey, ss.webhookSecret
	} else if ss.status == statusDisconnected {
		v.Status = strings.ToUpper(ss.status)
	}
	return v
}

func (ss *session) digits() string { return strings.TrimPrefix(ss.phone, "+") }

func (ss *session) selfJID() string { return ss.digits() + "@s.whatsapp.net" }

func (ss *session) userJID() string {
	return ss.digits() + ":" + strconv.Itoa(ss.device) + "@s.whatsapp.net"
}

func (ss *session) userLID() string {
	return ss.lid + ":" + strconv.Itoa(ss.device) + "@lid"
}

func (ss *session) pairing() bool {
	return ss.status == statusNeedScan || ss.status == statusNeedPasskey
}

func (s *Server) newKeys(ss *session) {
	ss.keyGen++
	r := newRand(uint64(s.opts.Seed), uint64(ss.id), ss.keyGen, purposeAPIKey)
	ss.apiKey = hexString(r, 64)
	if ss.webhookSecret == "" {
		ss.webhookSecret = hexString(newRand(uint64(s.opts.Seed), uint64(ss.id), 0, purposeSecret), 32)
	}
}

func (s *Server) sessionByParam(p string) *session {
	id, err := strconv.Atoi(p)
	if err != nil {
		return nil
	}
	return s.sessions[id]
}
