package fake

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

const (
	restartTime     = 3 * time.Second
	passkeyLifetime = 5 * time.Minute
)

type connectQR struct {
	Status string `json:"status"`
	QRCode string `json:"qrCode"`
}

type connectPasskey struct {
	Status  string      `json:"status"`
	Passkey passkeyJSON `json:"passkey"`
}

type passkeyJSON struct {
	Token     string `json:"token"`
	ExpiresAt string `json:"expires_at"`
}

type connectMessage struct {
	Status  string `json:"status"`
	Message string `json:"message"`
}

type qrJSON struct {
	QRCode string `json:"qrCode"`
}

// pairingString looks like the string a WhatsApp Web QR encodes:
// "2@" + server ref + "," + noise key + "," + identity key + "," + adv secret.
// The keys belong to the connect attempt; the ref changes at every rotation.
func (s *Server) pairingString(ss *session, now time.Time) string {
	rotation := s.rotation(ss, now)
	ref := base64.StdEncoding.EncodeToString(randomBytes(newRand(s.seed, uint64(ss.id), ss.pairGen<<20|rotation, purposeQRRef), 72))
	keys := newRand(s.seed, uint64(ss.id), ss.pairGen, purposeQRKeys)
	parts := []string{"2@" + ref}
	for range 3 {
		parts = append(parts, base64.StdEncoding.EncodeToString(randomBytes(keys, 32)))
	}
	return strings.Join(parts, ",")
}

// rotation counts the rotations of the attempt up to now. Rotations stay
// in order (|jitter| <= QRRotate/3), so only k-1, k and k+1 of the
// unjittered count k need looking at.
func (s *Server) rotation(ss *session, now time.Time) uint64 {
	start := ss.pairStarted.Add(-s.opts.QRPhase)
	k := int64(max(now.Sub(start)/s.opts.QRRotate, 0))
	due := func(k int64) bool { return !now.Before(s.rotatedAt(ss, k)) }
	switch {
	case due(k + 1):
		return uint64(k + 1)
	case k == 0 || due(k):
		return uint64(k)
	}
	return uint64(k - 1)
}

// rotatedAt is when rotation k of the attempt comes: k*QRRotate + jitter(k)
// after a start QRPhase before the attempt began, and never before it.
// Rotation 0 is the attempt's first code.
func (s *Server) rotatedAt(ss *session, k int64) time.Time {
	if k <= 0 {
		return ss.pairStarted
	}
	at := ss.pairStarted.Add(-s.opts.QRPhase + time.Duration(k)*s.opts.QRRotate + s.qrJitter(ss, k))
	if at.Before(ss.pairStarted) {
		return ss.pairStarted
	}
	return at
}

// qrJitter is how early (negative) or late rotation k of the attempt comes.
func (s *Server) qrJitter(ss *session, k int64) time.Duration {
	j := s.opts.QRJitter
	if j <= 0 {
		return 0
	}
	r := newRand(s.seed, uint64(ss.id), ss.pairGen<<20|uint64(k), purposeQRJitter)
	return time.Duration(r.Int64N(int64(2*j)+1)) - j
}

func linkMethod(c *call) string {
	var body struct {
		LinkMethod string `json:"linkMethod"`
	}
	_ = json.Unmarshal(c.body, &body)
	if body.LinkMethod == "" {
		body.LinkMethod = c.query("linkMethod")
	}
	if strings.EqualFold(body.LinkMethod, "passkey") {
		return "passkey"
	}
	return "qr"
}

func (s *Server) connectSession(c *call) reply {
	if s.opts.NoSubscription {
		return failError(http.StatusForbidden, msgNoSubscription)
	}
	ss, method := c.sess, linkMethod(c)
	switch {
	case ss.status == statusConnected || ss.status == statusConnecting:
		return ok(connectMessage{Status: "CONNECTED", Message: msgAlreadyConnected})
	case ss.status == statusNeedScan && method == "qr", ss.status == statusNeedPasskey && method == "passkey":
		s.armAutoPair(ss, c.now) // the attempt in progress goes on
	default:
		s.startPairing(ss, c.now, method)
		s.armAutoPair(ss, c.now)
	}
	if ss.status == statusNeedPasskey {
		return ok(connectPasskey{Status: "NEED_PASSKEY", Passkey: s.passkey(ss)})
	}
	return ok(connectQR{Status: "NEED_SCAN", QRCode: s.pairingString(ss, c.now)})
}

func (s *Server) startPairing(ss *session, at time.Time, method string) {
	ss.pairGen++
	ss.pairStarted = at
	ss.autoPairAt = time.Time{}
	ss.transitionAt, ss.transitionTo, ss.transitionLog = time.Time{}, "", ""
	status := statusNeedScan
	if method == "passkey" {
		status = statusNeedPasskey
		ss.passkeyToken = base62String(newRand(s.seed, uint64(ss.id), ss.pairGen, purposePasskey), 40)
		ss.passkeyExpires = at.Add(passkeyLifetime)
	}
	s.setStatus(ss, status, at, eventStatusChange)
}

func (s *Server) armAutoPair(ss *session, now time.Time) {
	if s.opts.AutoPair > 0 && ss.autoPairAt.IsZero() {
		ss.autoPairAt = now.Add(s.opts.AutoPair)
	}
}

func (s *Server) passkey(ss *session) passkeyJSON {
	return passkeyJSON{Token: ss.passkeyToken, ExpiresAt: ss.passkeyExpires.UTC().Format(sessionTimeLayout)}
}

// completePairing is the phone accepting the link.
func (s *Server) completePairing(ss *session, at time.Time) {
	ss.passkeyToken = ""
	s.setStatus(ss, statusConnecting, at, eventStatusChange)
	s.setStatus(ss, statusConnected, at, eventStatusChange)
}

// qrCodeOf: the docs name a "Session Not initialized" error without showing
// it; the 400 and both error texts here are guesses.
func (s *Server) qrCodeOf(c *call) reply {
	if s.opts.NoSubscription {
		return failError(http.StatusForbidden, msgNoSubscription)
	}
	switch c.sess.status {
	case statusNeedScan, statusNeedPasskey:
		return ok(qrJSON{QRCode: s.pairingString(c.sess, c.now)})
	case statusConnected, statusConnecting:
		return failError(http.StatusBadRequest, "WhatsApp session is already connected. No QR code needed.")
	}
	return failError(http.StatusBadRequest, msgNotInitialized)
}

func (s *Server) passkeyTokenOf(c *call) reply {
	if c.sess.status != statusNeedPasskey {
		return failError(http.StatusBadRequest, "Passkey linking is not in progress for this session.")
	}
	return ok(s.passkey(c.sess))
}

func (s *Server) disconnectSession(c *call) reply {
	ss := c.sess
	if ss.status != statusDisconnected {
		ss.transitionAt, ss.transitionTo, ss.transitionLog = time.Time{}, "", ""
		s.setStatus(ss, statusDisconnected, c.now, eventStatusChange)
	}
	return ok(connectMessage{Status: statusDisconnected, Message: "WhatsApp session disconnected successfully"})
}

func (s *Server) restartSession(c *call) reply {
	if c.sess.status != statusConnected {
		return failError(http.StatusBadRequest, msgRestartNotActive)
	}
	s.beginRestart(c.sess, c.now)
	return okTop("message", "WhatsApp session restarted successfully.")
}

// beginRestart drops the connection for a moment; the session_restarted log
// is written when it is back, as the docs' session-logs example shows.
func (s *Server) beginRestart(ss *session, at time.Time) {
	s.setStatus(ss, statusConnecting, at, eventStatusChange)
	s.scheduleTransition(ss, at.Add(restartTime), statusConnected, eventSessionRestarted)
}
