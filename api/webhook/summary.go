package webhook

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/wasender-tui/wasender-tui/api"
)

// maxSummary bounds a summary, in characters.
const maxSummary = 200

// Summary is one short line about the event for a person: the new status,
// who a message is from or to with a preview of its text, what changed. It
// is raw text from the sender: clean it before it reaches a terminal.
func (e *Envelope) Summary() string { return preview(e.summary(60, 80), maxSummary) }

// WideSummary is Summary with the texts in it (a message's, a reason, an
// error) cut only at maxSummary, for a screen wide enough to show them:
// the Events pane cuts it to the room it has.
func (e *Envelope) WideSummary() string {
	return preview(e.summary(maxSummary, maxSummary), maxSummary)
}

// summary cuts a message's text and a status's reason to text characters,
// an error and the fields of an unknown event to long.
func (e *Envelope) summary(text, long int) string {
	d, _ := asObject(e.Data)
	switch e.Kind {
	case SessionStatus:
		s := "now " + first(statusWord(d.str("status")), "?")
		if r := d.str("reason"); r != "" {
			s += " (" + preview(r, text) + ")"
		}
		return s
	case QRCodeUpdated:
		if qr := first(d.str("qr"), d.str("qrCode"), d.str("qrcode")); qr != "" {
			return "new QR code " + preview(qr, 16)
		}
		return "new QR code"
	case Call:
		return callSummary(d)
	case PollResults:
		if s := pollSummary(d); s != "" {
			return s
		}
	case GroupParticipantsUpdate:
		return participantsSummary(d)
	case MessageSent:
		if d.has("success") && !d.flag("success") {
			return "failed: " + first(preview(d.str("error"), long), "no reason given")
		}
	case ContactsUpsert, ContactsUpdate:
		return itemsSummary("contact", e.Data)
	case GroupsUpsert, GroupsUpdate:
		return itemsSummary("group", e.Data)
	case ChatsUpsert, ChatsUpdate, ChatsDelete:
		return itemsSummary("chat", e.Data)
	}
	if msgs := e.Messages(); len(msgs) > 0 {
		return messagesSummary(e.Kind, msgs, text)
	}
	return fieldsSummary(d, long)
}

func messagesSummary(kind string, msgs []Message, text int) string {
	m := msgs[0]
	var b strings.Builder
	switch kind {
	case MessagesDelete:
		b.WriteString("deleted " + first(m.ID, "a message"))
		if m.Chat != "" {
			b.WriteString(" in " + peer(m.Chat))
		}
	case MessagesReaction:
		b.WriteString(first(m.Reaction, "a reaction") + " on " + first(m.ID, "a message"))
		if m.Chat != "" {
			b.WriteString(" with " + peer(m.Chat))
		}
	default:
		if m.FromMe {
			b.WriteString("to " + first(peer(m.Chat), "?"))
		} else {
			b.WriteString("from " + first(peer(m.Sender), "?"))
			if m.Chat != "" && m.Chat != m.Sender && peer(m.Chat) != peer(m.Sender) {
				b.WriteString(" in " + peer(m.Chat))
			}
		}
		if m.Status != "" {
			b.WriteString(" → " + m.Status)
			if m.By != "" {
				b.WriteString(" by " + peer(m.By))
			}
			if m.ID != "" {
				b.WriteString(" (" + m.ID + ")")
			}
		}
		if m.Text != "" {
			b.WriteString(": " + preview(m.Text, text))
		}
	}
	if len(msgs) > 1 {
		b.WriteString(" (+" + strconv.Itoa(len(msgs)-1) + " more)")
	}
	return b.String()
}

func callSummary(d object) string {
	c, _ := d.obj("call")
	if c == nil {
		c = d
	}
	s := "voice call"
	if c.flag("isVideo") {
		s = "video call"
	}
	if c.flag("isGroup") {
		s = "group " + s
	}
	if from := c.str("from"); from != "" {
		s += " from " + peer(from)
	}
	if st := c.str("status"); st != "" {
		s += " (" + st + ")"
	}
	return s
}

func pollSummary(d object) string {
	results, _ := asArray(d["pollResult"])
	var parts []string
	for _, raw := range results {
		r, ok := asObject(raw)
		if !ok {
			continue
		}
		voters, _ := asArray(r["voters"])
		parts = append(parts, preview(r.str("name"), 30)+" "+strconv.Itoa(len(voters)))
		if len(parts) == 4 {
			parts = append(parts, "…")
			break
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "poll: " + strings.Join(parts, ", ")
}

func participantsSummary(d object) string {
	who, _ := asArray(d["participants"])
	s := first(d.str("action"), "change")
	switch len(who) {
	case 0:
	case 1:
		p := scalar(who[0])
		if o, ok := asObject(who[0]); ok {
			p = first(o.str("id"), o.str("jid"))
		}
		s += " " + first(peer(p), "1 participant")
	default:
		s += " " + strconv.Itoa(len(who)) + " participants"
	}
	if g := first(d.str("jid"), d.str("id")); g != "" {
		s += " in " + g
	}
	return s
}

// itemsSummary counts the contacts, groups or chats an event carries and
// names the first few.
func itemsSummary(noun string, data json.RawMessage) string {
	items, ok := asArray(data)
	if !ok {
		if _, isObj := asObject(data); isObj {
			items = []json.RawMessage{data}
		}
	}
	var names []string
	for _, raw := range items {
		if len(names) == 3 {
			break
		}
		name := scalar(raw)
		if o, ok := asObject(raw); ok {
			name = first(o.str("name"), o.str("subject"), o.str("notify"), o.str("verifiedName"), peer(o.str("id")), peer(o.str("jid")))
		}
		if name != "" {
			names = append(names, preview(name, 30))
		}
	}
	s := strconv.Itoa(len(items)) + " " + noun
	if len(items) != 1 {
		s += "s"
	}
	if len(names) > 0 {
		s += ": " + strings.Join(names, ", ")
		if len(items) > len(names) {
			s += ", …"
		}
	}
	return s
}

// fieldsSummary names the fields of an event nothing else knows.
func fieldsSummary(d object, long int) string {
	if len(d) == 0 {
		return ""
	}
	keys := make([]string, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) > 5 {
		keys = append(keys[:5], "…")
	}
	return preview("data: "+strings.Join(keys, ", "), long)
}

// preview puts s on one line, clean (member names are not decoded by
// jsonString), and cuts it to n characters.
func preview(s string, n int) string {
	s = api.Clean(strings.Join(strings.Fields(s), " "))
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
