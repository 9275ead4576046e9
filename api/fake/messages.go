package fake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// contentFields are the send-message body fields that make up a message;
// any one of them is enough.
var contentFields = []string{"text", "imageUrl", "videoUrl", "documentUrl", "audioUrl", "stickerUrl", "contact", "location", "poll"}

// extraFields are kept with the content in the message log.
var extraFields = []string{"fileName", "replyTo", "mentions", "viewOnce"}

const (
	deliveredAfter = 8 * time.Second
	readAfter      = time.Minute
)

type sendJSON struct {
	MsgID  int    `json:"msgId"`
	JID    string `json:"jid"`
	Status string `json:"status"`
}

type messageKeyJSON struct {
	ID        string `json:"id"`
	FromMe    bool   `json:"fromMe"`
	RemoteJid string `json:"remoteJid"`
}

type messageInfoJSON struct {
	RemoteJid        string         `json:"remoteJid"`
	ID               string         `json:"id"`
	MsgID            int            `json:"msgId"`
	Key              messageKeyJSON `json:"key"`
	Message          map[string]any `json:"message"`
	MessageTimestamp string         `json:"messageTimestamp"`
	Status           int            `json:"status"`
}

// recipient normalises `to`: a phone number (with or without +), a user
// JID, a group, a channel or a LID. jid is what the API answers with.
func recipient(to string) (jid string, ok bool) {
	to = strings.TrimSpace(to)
	switch {
	case strings.HasSuffix(to, "@g.us"), strings.HasSuffix(to, "@newsletter"), strings.HasSuffix(to, "@lid"):
		local := to[:strings.IndexByte(to, '@')]
		return to, local != "" && strings.Trim(local, "0123456789-") == ""
	}
	digits, valid := phoneDigits(to)
	if !valid || !plausibleNumber(digits) {
		return "", false
	}
	return digits + "@s.whatsapp.net", true
}

func isObject(v any) bool { _, ok := v.(map[string]any); return ok }

// sendMessage: 422 bodies follow the documented example; the messages for
// an invalid `to` and for poll/location/contact details are guesses.
func (s *Server) sendMessage(c *call) reply {
	ss := c.sess
	protection := limitKey{"session:" + strconv.Itoa(ss.id), sendProtectedBucket}
	var guard *limitState
	if ss.accountProtection {
		st := s.limits.peek(protection, ruleSendProtected, c.now)
		if !st.allowed {
			return st.tooMany()
		}
		guard = &st
	}

	in := decodeObject(c.body)
	var errs fieldErrors
	to, _ := in["to"].(string)
	if n, isNum := in["to"].(json.Number); isNum {
		to = n.String()
	}
	jid, validTo := recipient(to)
	switch {
	case blank(to):
		errs.add("to", "The to field is required.")
	case !validTo:
		errs.add("to", "The to field must be a valid phone number, group JID or channel JID.")
	}
	content := map[string]any{}
	for _, f := range contentFields {
		if v, given := in[f]; given && !blank(v) {
			content[f] = v
		}
	}
	if len(content) == 0 {
		errs.add("text", "The text field is required when no media is present.")
	}
	validateParts(content, &errs)
	if !errs.empty() {
		return failValidation(errs)
	}
	for _, f := range extraFields {
		if v, given := in[f]; given && v != nil {
			content[f] = v
		}
	}

	m := &messageLog{to: to, jid: jid, content: encodeContent(content), status: logStatusInProgress,
		createdAt: c.now, updatedAt: c.now, outcome: logStatusSent}
	if r, isNum := in["replyTo"].(json.Number); isNum {
		m.replyTo, _ = strconv.Atoi(r.String())
	}
	s.decideOutcome(ss, m)
	s.appendMessageLog(ss, m)
	m.settleAt = c.now.Add(2*time.Second + time.Duration(mix(s.seed, uint64(m.msgID), purposeSettle)%2000)*time.Millisecond)

	rep := ok(sendJSON{MsgID: m.msgID, JID: jid, Status: logStatusInProgress})
	if guard != nil {
		s.limits.hit(protection, ruleSendProtected, c.now)
		st := s.limits.peek(protection, ruleSendProtected, c.now)
		st.stamp(&rep)
	}
	return rep
}

func validateParts(content map[string]any, errs *fieldErrors) {
	if v, given := content["poll"]; given {
		poll, _ := v.(map[string]any)
		options, _ := poll["options"].([]any)
		if blank(poll["question"]) {
			errs.add("poll.question", "The poll.question field is required.")
		}
		if len(options) < 2 || len(options) > 12 {
			errs.add("poll.options", "The poll.options field must have between 2 and 12 items.")
		}
	}
	if v, given := content["location"]; given {
		loc, _ := v.(map[string]any)
		for _, f := range []string{"latitude", "longitude"} {
			if _, isNum := loc[f].(json.Number); !isNum {
				errs.add("location."+f, "The location."+f+" field must be a number.")
			}
		}
	}
	if v, given := content["contact"]; given {
		ct, _ := v.(map[string]any)
		for _, f := range []string{"name", "phone"} {
			if blank(ct[f]) {
				errs.add("contact."+f, "The contact."+f+" field is required.")
			}
		}
	}
	for _, f := range []string{"imageUrl", "videoUrl", "documentUrl", "audioUrl", "stickerUrl"} {
		if v, given := content[f]; given {
			if u, isStr := v.(string); !isStr || !validURL(u, "http", "https") {
				errs.add(f, "The "+f+" field must be a valid URL.")
			}
		}
	}
}

// decideOutcome fixes now what the send will resolve to, so tests know:
// unknown numbers fail as "recipient not on WhatsApp", groups the session is
// not in fail as invalid.
func (s *Server) decideOutcome(ss *session, m *messageLog) {
	switch {
	case s.opts.SendFailure != "":
		m.outcome, m.outcomeOf = logStatusFailed, s.opts.SendFailure
	case strings.HasSuffix(m.jid, "@s.whatsapp.net"):
		digits := strings.TrimSuffix(m.jid, "@s.whatsapp.net")
		if _, known := ss.contacts.find(digits); !known && !onWhatsApp(s.seed, digits) {
			m.outcome, m.outcomeOf = logStatusFailed, "recipient not on WhatsApp"
		}
	case strings.HasSuffix(m.jid, "@g.us"):
		if _, known := ss.groups.find(m.jid); !known {
			m.outcome, m.outcomeOf = logStatusFailed, "invalid WhatsApp number"
		}
	}
}

// messageInfo: an unknown msgId is a guessed 404.
func (s *Server) messageInfo(c *call) reply {
	id, err := strconv.Atoi(c.params[0])
	m := s.byMsgID[id]
	if err != nil || m == nil || m.sessionID != c.sess.id {
		return failMessage(http.StatusNotFound, "Message not found.")
	}
	return ok(messageInfoJSON{
		RemoteJid:        m.jid,
		ID:               m.waID,
		MsgID:            m.msgID,
		Key:              messageKeyJSON{ID: m.waID, FromMe: true, RemoteJid: m.jid},
		Message:          s.baileysMessage(c.sess, m),
		MessageTimestamp: strconv.FormatInt(m.createdAt.Unix(), 10),
		Status:           s.receiptStatus(m, c.now),
	})
}

// receiptStatus maps the log onto WhatsApp's ack levels: 0 ERROR, 1 PENDING,
// 2 SENT, 3 DELIVERED, 4 READ.
func (s *Server) receiptStatus(m *messageLog, now time.Time) int {
	switch m.status {
	case logStatusFailed:
		return 0
	case logStatusInProgress:
		return 1
	}
	since := now.Sub(m.updatedAt)
	switch {
	case since >= readAfter && mix(s.seed, uint64(m.msgID))%2 == 0:
		return 4
	case since >= deliveredAfter:
		return 3
	}
	return 2
}

func waMessageID(seed uint64, msgID int) string {
	return fmt.Sprintf("3EB0%016X", mix(seed, uint64(msgID), purposeWAID))
}

// baileysMessage rebuilds the WhatsApp message proto (as JSON) from the log.
func (s *Server) baileysMessage(ss *session, m *messageLog) map[string]any {
	var body map[string]any
	_ = json.Unmarshal([]byte(m.content), &body)
	text, _ := body["text"].(string)
	ctx := map[string]any{}
	if q := s.byMsgID[m.replyTo]; q != nil && q.sessionID == ss.id {
		var quoted map[string]any
		_ = json.Unmarshal([]byte(q.content), &quoted)
		qt, _ := quoted["text"].(string)
		ctx["stanzaId"] = q.waID
		ctx["participant"] = ss.selfJID()
		ctx["quotedMessage"] = map[string]any{"extendedTextMessage": map[string]any{"text": qt}}
	}
	if mentions, isList := body["mentions"].([]any); isList {
		ctx["mentionedJid"] = mentions
	}
	media := func(kind string, fields map[string]any) map[string]any {
		if text != "" && kind != "audioMessage" && kind != "stickerMessage" {
			fields["caption"] = text
		}
		if len(ctx) > 0 {
			fields["contextInfo"] = ctx
		}
		if body["viewOnce"] == true {
			fields["viewOnce"] = true
		}
		return map[string]any{kind: fields}
	}
	switch {
	case body["imageUrl"] != nil:
		return media("imageMessage", map[string]any{"url": body["imageUrl"], "mimetype": "image/jpeg"})
	case body["videoUrl"] != nil:
		return media("videoMessage", map[string]any{"url": body["videoUrl"], "mimetype": "video/mp4"})
	case body["documentUrl"] != nil:
		return media("documentMessage", map[string]any{"url": body["documentUrl"], "mimetype": "application/pdf", "fileName": body["fileName"]})
	case body["audioUrl"] != nil:
		return media("audioMessage", map[string]any{"url": body["audioUrl"], "mimetype": "audio/ogg; codecs=opus", "ptt": false})
	case body["stickerUrl"] != nil:
		return media("stickerMessage", map[string]any{"url": body["stickerUrl"], "mimetype": "image/webp"})
	case isObject(body["contact"]):
		ct := body["contact"].(map[string]any)
		name, _ := ct["name"].(string)
		phone, _ := ct["phone"].(string)
		digits, _ := phoneDigits(phone)
		vcard := "BEGIN:VCARD\nVERSION:3.0\nFN:" + name + "\nTEL;type=CELL;waid=" + digits + ":+" + digits + "\nEND:VCARD"
		return map[string]any{"contactMessage": map[string]any{"displayName": name, "vcard": vcard}}
	case isObject(body["location"]):
		loc := body["location"].(map[string]any)
		fields := map[string]any{"degreesLatitude": loc["latitude"], "degreesLongitude": loc["longitude"]}
		for _, f := range []string{"name", "address"} {
			if v, given := loc[f]; given {
				fields[f] = v
			}
		}
		return map[string]any{"locationMessage": fields}
	case isObject(body["poll"]):
		poll := body["poll"].(map[string]any)
		options, _ := poll["options"].([]any)
		opts := make([]map[string]any, 0, len(options))
		for _, o := range options {
			opts = append(opts, map[string]any{"optionName": o})
		}
		count := 1
		if poll["multiSelect"] == true {
			count = 0
		}
		return map[string]any{"pollCreationMessageV3": map[string]any{"name": poll["question"], "options": opts, "selectableOptionsCount": count}}
	}
	fields := map[string]any{"text": text}
	if len(ctx) > 0 {
		fields["contextInfo"] = ctx
	}
	return map[string]any{"extendedTextMessage": fields}
}
