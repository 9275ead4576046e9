package webhook

import (
	"encoding/json"
	"strings"

	"github.com/wasender-tui/wasender-tui/api"
)

// Message is what an event says about one message.
type Message struct {
	ID       string // key.id
	Chat     string // key.remoteJid: the person, group or channel of the chat
	FromMe   bool   // sent by the session
	Sender   string // who wrote it: the phone number when given, else the JID
	Text     string // messageBody, or text drawn from the message itself
	Status   string // for updates and receipts: sent, delivered, read…
	Reaction string // for reactions: the emoji
	By       string // for receipts: the member who received or read it
}

// Peer is the other side: the recipient of what the session sent, else the
// sender.
func (m Message) Peer() string {
	if m.FromMe {
		return m.Chat
	}
	return m.Sender
}

// maxMessages bounds the work one event can cause.
const maxMessages = 1000

// Messages reads the messages an event is about, in every shape the docs
// show: data.messages as an object (messages.received) or an array
// (messages.upsert), data itself as an array (messages.update, reactions) or
// an object with a key (messages.update, message.sent), data.message
// (message-receipt.update), data.keys (messages.delete), and the help
// centre's {id, to, status, content}.
func (e *Envelope) Messages() []Message {
	if arr, ok := asArray(e.Data); ok {
		return messagesIn(arr)
	}
	d, ok := asObject(e.Data)
	if !ok {
		return nil
	}
	if raw, ok := d["messages"]; ok {
		if arr, ok := asArray(raw); ok {
			return messagesIn(arr)
		}
		if m, ok := asObject(raw); ok {
			return []Message{messageOf(m)}
		}
		return nil
	}
	if arr, ok := asArray(d["keys"]); ok {
		var out []Message
		for _, raw := range arr[:min(len(arr), maxMessages)] {
			if _, ok := asObject(raw); ok {
				out = append(out, messageOf(object{"key": raw}))
			}
		}
		return out
	}
	if m, ok := d.obj("message"); ok && m.has("key") {
		return []Message{messageOf(m)}
	}
	if d.has("key") {
		return []Message{messageOf(d)}
	}
	if d.has("to") && (d.has("id") || d.has("content")) {
		return []Message{{ID: d.str("id"), Chat: d.str("to"), FromMe: true, Text: d.str("content"), Status: statusWord(d.str("status"))}}
	}
	return nil
}

func messagesIn(arr []json.RawMessage) []Message {
	var out []Message
	for _, raw := range arr[:min(len(arr), maxMessages)] {
		if m, ok := asObject(raw); ok && (m.has("key") || m.has("message")) {
			out = append(out, messageOf(m))
		}
	}
	return out
}

func messageOf(m object) Message {
	key, _ := m.obj("key")
	msg := Message{ID: key.str("id"), Chat: key.str("remoteJid"), FromMe: key.flag("fromMe")}
	msg.Sender = first(key.str("cleanedSenderPn"), key.str("cleanedParticipantPn"), key.str("senderPn"),
		key.str("participantPn"), key.str("participant"), msg.Chat)
	msg.Text = m.str("messageBody")
	if body, ok := m.obj("message"); ok && msg.Text == "" {
		msg.Text = textOf(body, 0)
	}
	if u, ok := m.obj("update"); ok {
		msg.Status = statusWord(u.str("status"))
	}
	if msg.Status == "" {
		msg.Status = statusWord(m.str("status"))
	}
	if r, ok := m.obj("receipt"); ok {
		msg.By = r.str("userJid")
		if msg.Status == "" {
			msg.Status = receiptWord(r)
		}
	}
	if r, ok := m.obj("reaction"); ok {
		msg.Reaction = r.str("text")
	}
	return msg
}

// textOf draws a line of text from a WhatsApp message object.
func textOf(m object, depth int) string {
	if depth > 3 {
		return ""
	}
	if s := m.str("conversation"); s != "" {
		return s
	}
	media := []struct{ field, label, caption string }{
		{"extendedTextMessage", "", "text"},
		{"imageMessage", "[image]", "caption"},
		{"videoMessage", "[video]", "caption"},
		{"documentMessage", "[document]", "fileName"},
		{"audioMessage", "[audio]", ""},
		{"stickerMessage", "[sticker]", ""},
		{"locationMessage", "[location]", "name"},
		{"contactMessage", "[contact]", "displayName"},
		{"pollCreationMessage", "[poll]", "name"},
		{"pollCreationMessageV2", "[poll]", "name"},
		{"pollCreationMessageV3", "[poll]", "name"},
		{"reactionMessage", "[reaction]", "text"},
	}
	for _, f := range media {
		if inner, ok := m.obj(f.field); ok {
			text := ""
			if f.caption != "" {
				text = inner.str(f.caption)
			}
			return strings.TrimSpace(f.label + " " + text)
		}
	}
	for _, wrapper := range []string{"ephemeralMessage", "viewOnceMessage", "viewOnceMessageV2", "documentWithCaptionMessage"} {
		if w, ok := m.obj(wrapper); ok {
			if inner, ok := w.obj("message"); ok {
				return textOf(inner, depth+1)
			}
		}
	}
	if p, ok := m.obj("protocolMessage"); ok {
		if edited, ok := p.obj("editedMessage"); ok {
			return strings.TrimSpace("[edited] " + textOf(edited, depth+1))
		}
	}
	return ""
}

// statusWord names a status: WhatsApp's ack numbers (0 ERROR … 5 PLAYED, as
// the messages.update docs list them) or a word, lower-cased.
func statusWord(s string) string {
	switch strings.TrimSpace(s) {
	case "0":
		return "error"
	case "1":
		return "pending"
	case "2":
		return "sent"
	case "3":
		return "delivered"
	case "4":
		return "read"
	case "5":
		return "played"
	}
	return strings.ToLower(strings.TrimSpace(s))
}

func receiptWord(r object) string {
	switch {
	case r.has("playedTimestamp"):
		return "played"
	case r.has("readTimestamp"):
		return "read"
	case r.has("receiptTimestamp"):
		return "delivered"
	}
	return statusWord(r.str("status"))
}

// peer shortens a JID for a summary: phone JIDs become +digits, others stay.
func peer(jid string) string {
	if p := api.JIDPhone(jid); p != "" {
		return p
	}
	return jid
}

func first(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
