package webhook

import (
	"bytes"
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

// maxMessages bounds the messages read from one event.
const maxMessages = 1000

// Messages are the messages the event is about, read once by Decode.
func (e *Envelope) Messages() []Message { return e.messages }

// The wire shapes, decoded in one pass. A field of an unexpected type is
// left empty: encoding/json skips it and goes on, and readMessages ignores
// the type errors (the body is known to be valid JSON).

type flexString string // a string, or a number kept as its text

func (s *flexString) UnmarshalJSON(b []byte) error {
	switch {
	case len(b) > 0 && b[0] == '"':
		v, _ := jsonString(b)
		*s = flexString(v)
	case len(b) > 0 && (b[0] == '-' || (b[0] >= '0' && b[0] <= '9')):
		*s = flexString(b)
	}
	return nil
}

type flexBool bool

func (f *flexBool) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case "true", "1", `"true"`:
		*f = true
	}
	return nil
}

type keyJSON struct {
	ID                   flexString `json:"id"`
	RemoteJID            flexString `json:"remoteJid"`
	FromMe               flexBool   `json:"fromMe"`
	Participant          flexString `json:"participant"`
	SenderPn             flexString `json:"senderPn"`
	CleanedSenderPn      flexString `json:"cleanedSenderPn"`
	ParticipantPn        flexString `json:"participantPn"`
	CleanedParticipantPn flexString `json:"cleanedParticipantPn"`
}

type messageJSON struct {
	Key         *keyJSON    `json:"key"`
	MessageBody flexString  `json:"messageBody"`
	Message     *waMessage  `json:"message"`
	Status      flexString  `json:"status"`
	Update      *statusJSON `json:"update"`
	Receipt     *struct {
		UserJID          flexString      `json:"userJid"`
		Status           flexString      `json:"status"`
		ReceiptTimestamp json.RawMessage `json:"receiptTimestamp"`
		ReadTimestamp    json.RawMessage `json:"readTimestamp"`
		PlayedTimestamp  json.RawMessage `json:"playedTimestamp"`
	} `json:"receipt"`
	Reaction *struct {
		Text flexString `json:"text"`
	} `json:"reaction"`
}

type statusJSON struct {
	Status flexString `json:"status"`
}

// dataJSON is data as an object: with messages, keys or a message, or
// itself a message (it has a key), or the help centre's {id, to, content}.
// Its "message" is the WhatsApp message when data is a message, the
// receipt's message otherwise, so it is kept raw (shadowing the embedded one).
type dataJSON struct {
	messageJSON
	Message  json.RawMessage `json:"message"`
	Messages json.RawMessage `json:"messages"`
	Keys     []*keyJSON      `json:"keys"`
	ID       flexString      `json:"id"`
	To       flexString      `json:"to"`
	Content  flexString      `json:"content"`
	Session  flexString      `json:"session_id"` // the help centre's session.status
}

// readMessages reads the messages in every shape the docs show: data.messages
// as an object (messages.received) or an array (messages.upsert); data
// itself an array (messages.update, reactions) or an object with a key
// (messages.update, message.sent); data.message (message-receipt.update);
// data.keys (messages.delete); and {id, to, status, content}.
func readMessages(e *Envelope) []Message {
	data := bytes.TrimLeft(e.Data, " \t\r\n")
	if len(data) == 0 {
		return nil
	}
	if data[0] == '[' {
		return fromList(data)
	}
	if data[0] != '{' {
		return nil
	}
	var d dataJSON
	_ = json.Unmarshal(data, &d)
	e.dataSessionID = string(d.Session)
	switch {
	case len(d.Messages) > 0:
		m := bytes.TrimLeft(d.Messages, " \t\r\n")
		if len(m) > 0 && m[0] == '[' {
			return fromList(m)
		}
		if len(m) > 0 && m[0] == '{' {
			var one messageJSON
			_ = json.Unmarshal(m, &one)
			return []Message{one.read()}
		}
		return nil
	case len(d.Keys) > 0:
		var out []Message
		for _, k := range d.Keys[:min(len(d.Keys), maxMessages)] {
			if k != nil && (k.ID != "" || k.RemoteJID != "") {
				out = append(out, messageJSON{Key: k}.read())
			}
		}
		return out
	case d.Key != nil:
		m := d.messageJSON
		if len(d.Message) > 0 {
			m.Message = new(waMessage)
			_ = json.Unmarshal(d.Message, m.Message)
		}
		return []Message{m.read()}
	case len(d.Message) > 0:
		var inner messageJSON
		_ = json.Unmarshal(d.Message, &inner)
		if inner.Key != nil {
			return []Message{inner.read()}
		}
	case d.To != "" && (d.ID != "" || d.Content != ""):
		return []Message{{ID: string(d.ID), Chat: string(d.To), FromMe: true, Text: string(d.Content), Status: statusWord(string(d.Status))}}
	}
	return nil
}

func fromList(raw json.RawMessage) []Message {
	var list []*messageJSON
	_ = json.Unmarshal(raw, &list)
	var out []Message
	for _, m := range list[:min(len(list), maxMessages)] {
		if m != nil && (m.Key != nil || m.Message != nil) {
			out = append(out, m.read())
		}
	}
	return out
}

func (m messageJSON) read() Message {
	var k keyJSON
	if m.Key != nil {
		k = *m.Key
	}
	msg := Message{ID: string(k.ID), Chat: string(k.RemoteJID), FromMe: bool(k.FromMe), Text: string(m.MessageBody)}
	msg.Sender = first(string(k.CleanedSenderPn), string(k.CleanedParticipantPn), string(k.SenderPn),
		string(k.ParticipantPn), string(k.Participant), msg.Chat)
	if msg.Text == "" && m.Message != nil {
		msg.Text = m.Message.text(0)
	}
	if m.Update != nil {
		msg.Status = statusWord(string(m.Update.Status))
	}
	if msg.Status == "" {
		msg.Status = statusWord(string(m.Status))
	}
	if r := m.Receipt; r != nil {
		msg.By = string(r.UserJID)
		if msg.Status == "" {
			switch {
			case len(r.PlayedTimestamp) > 0:
				msg.Status = "played"
			case len(r.ReadTimestamp) > 0:
				msg.Status = "read"
			case len(r.ReceiptTimestamp) > 0:
				msg.Status = "delivered"
			default:
				msg.Status = statusWord(string(r.Status))
			}
		}
	}
	if m.Reaction != nil {
		msg.Reaction = string(m.Reaction.Text)
	}
	return msg
}

// waMessage is the WhatsApp message itself, of which a line of text is drawn.
type waMessage struct {
	Conversation        flexString `json:"conversation"`
	ExtendedTextMessage *struct {
		Text flexString `json:"text"`
	} `json:"extendedTextMessage"`
	ImageMessage          *captioned `json:"imageMessage"`
	VideoMessage          *captioned `json:"videoMessage"`
	DocumentMessage       *captioned `json:"documentMessage"`
	AudioMessage          *captioned `json:"audioMessage"`
	StickerMessage        *captioned `json:"stickerMessage"`
	LocationMessage       *captioned `json:"locationMessage"`
	ContactMessage        *captioned `json:"contactMessage"`
	PollCreationMessage   *captioned `json:"pollCreationMessage"`
	PollCreationMessageV2 *captioned `json:"pollCreationMessageV2"`
	PollCreationMessageV3 *captioned `json:"pollCreationMessageV3"`
	ReactionMessage       *captioned `json:"reactionMessage"`
	EphemeralMessage      *wrapped   `json:"ephemeralMessage"`
	ViewOnceMessage       *wrapped   `json:"viewOnceMessage"`
	ViewOnceMessageV2     *wrapped   `json:"viewOnceMessageV2"`
	DocumentWithCaption   *wrapped   `json:"documentWithCaptionMessage"`
	ProtocolMessage       *struct {
		EditedMessage *waMessage `json:"editedMessage"`
	} `json:"protocolMessage"`
}

type captioned struct {
	Caption     flexString `json:"caption"`
	FileName    flexString `json:"fileName"`
	Name        flexString `json:"name"`
	DisplayName flexString `json:"displayName"`
	Text        flexString `json:"text"`
}

type wrapped struct {
	Message *waMessage `json:"message"`
}

func (w *waMessage) text(depth int) string {
	if w == nil || depth > 3 {
		return ""
	}
	if w.Conversation != "" {
		return string(w.Conversation)
	}
	if w.ExtendedTextMessage != nil {
		return string(w.ExtendedTextMessage.Text)
	}
	label := func(l string, s flexString) string { return strings.TrimSpace(l + " " + string(s)) }
	switch {
	case w.ImageMessage != nil:
		return label("[image]", w.ImageMessage.Caption)
	case w.VideoMessage != nil:
		return label("[video]", w.VideoMessage.Caption)
	case w.DocumentMessage != nil:
		return label("[document]", w.DocumentMessage.FileName)
	case w.AudioMessage != nil:
		return "[audio]"
	case w.StickerMessage != nil:
		return "[sticker]"
	case w.LocationMessage != nil:
		return label("[location]", w.LocationMessage.Name)
	case w.ContactMessage != nil:
		return label("[contact]", w.ContactMessage.DisplayName)
	case w.PollCreationMessage != nil:
		return label("[poll]", w.PollCreationMessage.Name)
	case w.PollCreationMessageV2 != nil:
		return label("[poll]", w.PollCreationMessageV2.Name)
	case w.PollCreationMessageV3 != nil:
		return label("[poll]", w.PollCreationMessageV3.Name)
	case w.ReactionMessage != nil:
		return label("[reaction]", w.ReactionMessage.Text)
	}
	for _, inner := range []*wrapped{w.EphemeralMessage, w.ViewOnceMessage, w.ViewOnceMessageV2, w.DocumentWithCaption} {
		if inner != nil {
			return inner.Message.text(depth + 1)
		}
	}
	if w.ProtocolMessage != nil && w.ProtocolMessage.EditedMessage != nil {
		return strings.TrimSpace("[edited] " + w.ProtocolMessage.EditedMessage.text(depth+1))
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
