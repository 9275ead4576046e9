package api

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"testing"
)

// sessionListBody is a session list of n entries shaped like the docs'
// details example (with keys, as a server that includes them would send).
func sessionListBody(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"success":true,"data":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":%d,"name":"Session %d","phone_number":"+1555%07d","status":"%s","account_protection":true,"log_messages":true,"read_incoming_messages":false,"webhook_url":"https:\/\/example.com\/webhook","webhook_enabled":true,"webhook_events":["messages.received","session.status","messages.update"],"api_key":"%064x","webhook_secret":"%032x","created_at":"2025-04-01T12:00:00Z","updated_at":"2025-05-08T15:30:00Z"}`,
			i+1, i+1, i, []string{"connected", "DISCONNECTED", "need_scan"}[i%3], i, i)
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

// messageLogBody is a message-log page of n entries shaped like the docs'.
func messageLogBody(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"success":true,"data":{"current_page":1,"data":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"%d","whatsapp_session_id":"501","to":"+1555010%05d","content":"{\"text\":\"This is a sample message number %d. Lorem ipsum dolor sit amet, consectetur adipiscing elit.\"}","status":"sent","failed_reason":null,"created_at":"2023-10-27 10:30:15","updated_at":"2023-10-27 10:30:17"}`,
			100000-i, i, i)
	}
	fmt.Fprintf(&b, `],"first_page_url":"/api/whatsapp-sessions/1/message-logs?page=1","from":1,"last_page":50,"last_page_url":"/api/whatsapp-sessions/1/message-logs?page=50","next_page_url":"/api/whatsapp-sessions/1/message-logs?page=2","path":"/api/whatsapp-sessions/1/message-logs","per_page":%d,"prev_page_url":null,"to":%d,"total":5000}}`, n, n)
	return b.Bytes()
}

// BenchmarkDecodeSessionList is ListSessions on a 1,000-session answer,
// through the whole client over an in-memory transport (no sockets).
func BenchmarkDecodeSessionList(b *testing.B) {
	body := sessionListBody(1000)
	c := cannedClient(b, http.StatusOK, http.Header{}, body)
	ctx := context.Background()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		list, err := c.ListSessions(ctx)
		if err != nil || len(list) != 1000 || list[999].APIKey == "" {
			b.Fatalf("%d sessions, %v", len(list), err)
		}
	}
}

// BenchmarkDecodeMessageLogPage is one MessageLogs page of 100 entries,
// including rendering each entry's content as the log pane does.
func BenchmarkDecodeMessageLogPage(b *testing.B) {
	body := messageLogBody(100)
	c := cannedClient(b, http.StatusOK, http.Header{}, body)
	ctx := context.Background()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		p, err := c.MessageLogs(ctx, "1", LogQuery{Page: 1, PerPage: 100})
		if err != nil || len(p.Data) != 100 {
			b.Fatalf("%d entries, %v", len(p.Data), err)
		}
		for i := range p.Data {
			if p.Data[i].Content.Text() == "" {
				b.Fatal("empty content")
			}
		}
	}
}
