package fake

import (
	"strconv"
	"strings"
	"time"
)

// seedSession describes one session of the demo account.
type seedSession struct {
	name           string
	phone          string
	status         string
	protection     bool
	logMessages    bool
	readIncoming   bool
	webhookURL     string
	webhookEnabled bool
	webhookEvents  []string
	pushName       string
	ageDays        int
	theme          string // which message templates its history uses
	messages       int    // message-log history size
}

const firstSessionID = 11

var seedSessions = []seedSession{
	{name: "Support Desk", phone: "+4915730984412", status: statusConnected, protection: true, logMessages: true, readIncoming: true,
		webhookURL: "https://hooks.acme-support.example/wasender", webhookEnabled: true,
		webhookEvents: []string{"messages.received", "session.status", "messages.update"},
		pushName:      "ACME Support", ageDays: 212, theme: "support", messages: 340},
	{name: "Sales EU", phone: "+447911204857", status: statusConnected, logMessages: true,
		webhookURL: "https://crm.example.eu/webhooks/whatsapp", webhookEvents: []string{"messages.upsert", "message-receipt.update"},
		pushName: "ACME Sales Europe", ageDays: 160, theme: "sales", messages: 260},
	{name: "Order Updates", phone: "+14155238861", status: statusConnected,
		pushName: "ACME Orders", ageDays: 95, theme: "orders", messages: 420},
	{name: "Marketing Bot", phone: "+34622198043", status: statusNeedScan, protection: true, logMessages: true,
		pushName: "ACME Marketing", ageDays: 2, theme: "sales"},
	{name: "Field Team", phone: "+31612873305", status: statusDisconnected, logMessages: true, readIncoming: true,
		webhookURL: "https://field.example.com/wa-hook", webhookEnabled: true, webhookEvents: []string{"session.status"},
		pushName: "ACME Field Service", ageDays: 130, theme: "field", messages: 180},
	{name: "Legacy Line", phone: "+12125874419", status: statusLoggedOut, logMessages: true,
		webhookURL: "https://legacy.example.com/hook", webhookEvents: []string{"message", "group_update"},
		pushName: "ACME", ageDays: 540, theme: "generic", messages: 150},
}

func (s *Server) seedWorld(now time.Time) {
	now = now.Truncate(time.Second)
	s.defs = s.demoSessions()
	for k, def := range s.defs {
		id := firstSessionID + k
		created := now.Add(-time.Duration(def.ageDays)*24*time.Hour - time.Duration(mix(s.seed, uint64(id))%36000)*time.Second)
		ss := s.buildSession(id, def.name, def.phone, created)
		ss.accountProtection, ss.logMessages, ss.readIncoming = def.protection, def.logMessages, def.readIncoming
		if def.webhookURL != "" {
			u := def.webhookURL
			ss.webhookURL = &u
		}
		ss.webhookEnabled, ss.webhookEvents = def.webhookEnabled, def.webhookEvents
		ss.pushName = def.pushName
		ss.status = def.status
		ss.updatedAt = created
		if ss.pairing() { // a QR is waiting; connect arms AutoPair
			ss.pairGen, ss.pairStarted = 1, now
		}
		s.giveRole(ss, k)
		s.addSession(ss)
	}
	s.nextSessionID = firstSessionID + len(s.defs)
	s.nextSessionLogID = 199
	s.nextMessageLogID = 1000
	s.nextMsgID = 99999
	s.seedHistory(now)
	for _, ss := range s.order {
		if ss.status == statusConnected {
			s.startActivity(ss, now)
		}
	}
}

// buildSession makes a disconnected session with its keys, identity and
// (formula) address book.
func (s *Server) buildSession(id int, name, phone string, created time.Time) *session {
	ss := &session{
		id:        id,
		name:      name,
		phone:     phone,
		status:    statusDisconnected,
		createdAt: created,
		updatedAt: created,
		pushName:  name,
		device:    2 + int(mix(s.seed, uint64(id), 7)%60),
		lid:       strconv.FormatUint(100000000000000+mix(s.seed, uint64(id), purposeLID)%900000000000000, 10),
		activity:  newRand(s.seed, uint64(id), 0, purposeActivity),
		trouble:   trouble{incidents: newRand(s.seed, uint64(id), 0, purposeIncident)},
		settings:  map[string]any{},
	}
	s.newKeys(ss)
	s.buildBooks(ss)
	return ss
}

// spread varies the size of each session's address book a little.
var spread = []int{0, -4, 5, -2, 3, -5, 1}

func (s *Server) buildBooks(ss *session) {
	pct := spread[(ss.id-firstSessionID+len(spread)*100)%len(spread)]
	contacts := s.opts.Contacts * (100 + pct) / 100
	groups := s.opts.Groups * (100 + pct) / 100
	if s.opts.Groups > 0 {
		groups = max(groups, 1)
	}
	ss.contacts = newContactBook(s.seed, ss.id, contacts, homePlans(ss.phone))
	ss.groups = newGroupBook(s.seed, ss.id, groups, ss.contacts, ss.digits(), ss.lid)
}

// homePlans makes most of a session's contacts local to its own number.
func homePlans(phone string) []int {
	switch {
	case strings.HasPrefix(phone, "+49"):
		return plansDE
	case strings.HasPrefix(phone, "+1"):
		return plansUS
	case strings.HasPrefix(phone, "+34"), strings.HasPrefix(phone, "+55"), strings.HasPrefix(phone, "+52"):
		return plansLatAm
	case strings.HasPrefix(phone, "+3"), strings.HasPrefix(phone, "+4"):
		return plansEU
	}
	return plansWorld
}
