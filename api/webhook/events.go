package webhook

import "strings"

// Event names as the docs spell them.
const (
	MessagesReceived           = "messages.received"
	MessagesUpsert             = "messages.upsert"
	MessagesUpdate             = "messages.update"
	MessagesDelete             = "messages.delete"
	MessagesReaction           = "messages.reaction"
	MessageSent                = "message.sent"
	MessageReceiptUpdate       = "message-receipt.update"
	MessagesPersonalReceived   = "messages-personal.received"
	MessagesGroupReceived      = "messages-group.received"
	MessagesNewsletterReceived = "messages-newsletter.received"
	SessionStatus              = "session.status"
	QRCodeUpdated              = "qrcode.updated"
	ContactsUpsert             = "contacts.upsert"
	ContactsUpdate             = "contacts.update"
	GroupsUpsert               = "groups.upsert"
	GroupsUpdate               = "groups.update"
	GroupParticipantsUpdate    = "group-participants.update"
	ChatsUpsert                = "chats.upsert"
	ChatsUpdate                = "chats.update"
	ChatsDelete                = "chats.delete"
	PollResults                = "poll.results"
	Call                       = "call"
)

// Known lists every documented event name.
var Known = []string{
	MessagesReceived, MessagesUpsert, MessagesUpdate, MessagesDelete, MessagesReaction,
	MessageSent, MessageReceiptUpdate, MessagesPersonalReceived, MessagesGroupReceived,
	MessagesNewsletterReceived, SessionStatus, QRCodeUpdated, ContactsUpsert, ContactsUpdate,
	GroupsUpsert, GroupsUpdate, GroupParticipantsUpdate, ChatsUpsert, ChatsUpdate, ChatsDelete,
	PollResults, Call,
}

var known = func() map[string]bool {
	m := make(map[string]bool, len(Known))
	for _, k := range Known {
		m[k] = true
	}
	return m
}()

// Canonical maps an event name as sent to its documented spelling. Case and
// surrounding space do not matter; the SDKs' call.received is call; the
// message.* and messages.* spellings are one family (messages.upsert,
// message.upsert; message.sent, messages.sent); the Python SDK's
// "recieved" reads as "received". Unknown names come back lower-cased.
func Canonical(name string) string {
	n := strings.ToLower(strings.TrimSpace(name))
	n = strings.ReplaceAll(n, "recieved", "received")
	if known[n] {
		return n
	}
	if n == "call.received" {
		return Call
	}
	var swapped string
	switch {
	case strings.HasPrefix(n, "messages"):
		swapped = "message" + n[len("messages"):]
	case strings.HasPrefix(n, "message"):
		swapped = "messages" + n[len("message"):]
	}
	if known[swapped] {
		return swapped
	}
	return n
}
