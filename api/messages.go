package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
)

// SendResult is the API's receipt for a queued message.
type SendResult struct {
	MsgID  ID     `json:"msgId"`
	JID    Text   `json:"jid"`
	Status Status `json:"status"`
}

// SendText sends a text message. It is never retried: a retry could send twice.
func (s *SessionClient) SendText(ctx context.Context, to, text string) (SendResult, error) {
	var r SendResult
	body := map[string]string{"to": strings.TrimSpace(to), "text": text}
	err := s.do(ctx, call{op: "send message", target: strings.TrimSpace(to), method: http.MethodPost, path: "/send-message", body: body, pace: EndpointSendMessage}, &r)
	return r, err
}

// MessageKey identifies a message in WhatsApp.
type MessageKey struct {
	ID        Text `json:"id"`
	FromMe    Bool `json:"fromMe"`
	RemoteJID Text `json:"remoteJid"`
}

// MessageInfo is what WhatsApp knows of a sent message.
type MessageInfo struct {
	RemoteJID Text            `json:"remoteJid"`
	ID        Text            `json:"id"`
	MsgID     ID              `json:"msgId"`
	Key       MessageKey      `json:"key"`
	Message   json.RawMessage `json:"message"`
	Timestamp Time            `json:"messageTimestamp"`
	Status    Int             `json:"status"`
}

// DeliveryStatus names the numeric status of message info (0 to 5).
func (m MessageInfo) DeliveryStatus() string {
	names := []string{"error", "pending", "sent", "delivered", "read", "played"}
	if m.Status >= 0 && int(m.Status) < len(names) {
		return names[m.Status]
	}
	return "unknown"
}

// MessageInfo returns the state of a sent message by its msgId.
func (s *SessionClient) MessageInfo(ctx context.Context, msgID ID) (MessageInfo, error) {
	var m MessageInfo
	err := s.do(ctx, call{op: "message info", method: http.MethodGet, path: "/messages/" + seg(string(msgID)) + "/info"}, &m)
	return m, err
}
