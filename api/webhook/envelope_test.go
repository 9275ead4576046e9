package webhook

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func docExample(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "docs", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDocumentedExamplesDecodeAndSummarise(t *testing.T) {
	cases := []struct {
		file, kind, summary string
		at                  time.Time
	}{
		{"messages_received", MessagesReceived, "from +1234567890: Hello, I have a question", time.Unix(1633456789, 0)},
		{"messages_upsert", MessagesUpsert, "from +5551234567: Hello!", time.Unix(1633456789, 0)},
		{"messages_update", MessagesUpdate, "from +123456789 → sent (34874643876)", time.UnixMilli(1747775431467)},
		{"messages_delete", MessagesDelete, "deleted message-id-789 in +1234567890", time.Unix(1633456800, 0)},
		{"messages_reaction", MessagesReaction, "👍 on message-id-123 with +1234567890", time.Unix(1633456810, 0)},
		{"message_receipt_update", MessageReceiptUpdate, "to group_jid_here@g.us → read by participant_jid_here (message_id_here)", time.UnixMilli(1234567890123)},
		{"message_sent", MessageSent, "to +1987654321: This is my reply.", time.Unix(1633456790, 0)},
		{"message_sent_failed", MessageSent, "failed: Failed to send message: Invalid number JID: +123456787", time.Unix(1633456790, 0)},
		{"message_sent_help", MessageSent, "to +1234567890 → sent (message-id-123): Hello from WasenderApi!", time.Unix(1633456789, 0)},
		{"session_status", SessionStatus, "now need_passkey", time.Time{}},
		{"session_status_help", SessionStatus, "now connected", time.Unix(1633456789, 0)},
		{"qrcode_updated", QRCodeUpdated, "new QR code 2@67576ghf/RMXr…", time.Time{}},
		{"call", Call, "video call from +1234567890 (offer)", time.Unix(1633456829, 0)},
		{"call_received_sdk", Call, "voice call from +12345", time.Unix(1697640000, 0)},
		{"group_participants_update", GroupParticipantsUpdate, "add +1234567890 in 123456789-987654321@g.us", time.Unix(1633456789, 0)},
		{"messages_group_received_sdk", MessagesGroupReceived, "from +12345 in 99999-161@g.us: group hello", time.Unix(1697640000, 0)},
		{"poll_results_sdk", PollResults, "poll: Option 1 1", time.Unix(1697640000, 0)},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			e, err := Decode(docExample(t, c.file))
			if err != nil {
				t.Fatal(err)
			}
			if e.Kind != c.kind {
				t.Errorf("kind %q, want %q", e.Kind, c.kind)
			}
			if got := e.Summary(); got != c.summary {
				t.Errorf("summary %q\n           want %q", got, c.summary)
			}
			if !e.Timestamp.Equal(c.at) {
				t.Errorf("timestamp %v, want %v", e.Timestamp, c.at)
			}
		})
	}
}

func TestCanonicalNames(t *testing.T) {
	for in, want := range map[string]string{
		"call":                         Call,
		"call.received":                Call,
		"CALL.RECEIVED":                Call,
		"messages.recieved":            MessagesReceived,
		"message.received":             MessagesReceived,
		" Messages.Upsert ":            MessagesUpsert,
		"message.update":               MessagesUpdate,
		"messages.sent":                MessageSent,
		"message.sent":                 MessageSent,
		"messages-receipt.update":      MessageReceiptUpdate,
		"message-personal.received":    MessagesPersonalReceived,
		"messages-newsletter.recieved": MessagesNewsletterReceived,
		"qrcode.updated":               QRCodeUpdated,
		"group_update":                 "group_update",
		"Custom.Thing":                 "custom.thing",
	} {
		if got := Canonical(in); got != want {
			t.Errorf("Canonical(%q) = %q, want %q", in, got, want)
		}
	}
	for _, k := range Known {
		if Canonical(k) != k {
			t.Errorf("%q is not its own canonical name", k)
		}
	}
}

func TestTimestampsInEveryUnit(t *testing.T) {
	want := time.Date(2025, 5, 20, 21, 10, 31, 0, time.UTC)
	for _, raw := range []string{
		`1747775431`, `1747775431000`, `1747775431000000`, `1747775431000000000`,
		`"1747775431"`, `"1747775431000"`, `"2025-05-20T21:10:31Z"`, `1747775431.0`,
	} {
		e, err := Decode([]byte(`{"event":"x","timestamp":` + raw + `}`))
		if err != nil {
			t.Fatal(err)
		}
		if !e.Timestamp.Equal(want) {
			t.Errorf("%s read as %v", raw, e.Timestamp)
		}
	}
	for _, raw := range []string{`null`, `"soon"`, `-5`, `true`, `{}`, `1e300`, `"NaN"`} {
		e, err := Decode([]byte(`{"event":"x","timestamp":` + raw + `}`))
		if err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		if !e.Timestamp.IsZero() {
			t.Errorf("%s read as %v, want none", raw, e.Timestamp)
		}
	}
}

func TestBadBodiesSayWhatIsWrong(t *testing.T) {
	for body, want := range map[string]string{
		``:                   "empty",
		`[{"event":"call"}]`: "not a JSON object (it starts with an array)",
		`"call"`:             "not a JSON object",
		`{"event":"call"`:    "not valid JSON",
		`{"event":"call",}`:  "at byte",
		`{"data":{}}`:        `no "event"`,
		`{"event":""}`:       `no "event"`,
		`{"event":"   "}`:    `no "event"`,
		`{"event":null}`:     `no "event"`,
		`{"event":42}`:       `"event" must be a string, not a number`,
		`{"event":{"a":1}}`:  `not an object`,
		`{"event":"` + strings.Repeat("x", 300) + `"}`: "at most 200",
	} {
		_, err := Decode([]byte(body))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%.40q: error %v, want one saying %q", body, err, want)
		}
	}
}

func TestMessagesComeInEveryShape(t *testing.T) {
	for _, c := range []struct {
		body string
		ids  []string
	}{
		{`{"event":"messages.upsert","data":{"messages":[{"key":{"id":"a"}},{"key":{"id":"b"}}]}}`, []string{"a", "b"}},
		{`{"event":"messages.received","data":{"messages":{"key":{"id":"a"}}}}`, []string{"a"}},
		{`{"event":"messages.update","data":[{"key":{"id":"a"},"update":{"status":3}}]}`, []string{"a"}},
		{`{"event":"messages.update","data":{"key":{"id":"a"},"update":{"status":"READ"}}}`, []string{"a"}},
		{`{"event":"messages.delete","data":{"keys":[{"id":"a"},{"id":"b"},7]}}`, []string{"a", "b"}},
		{`{"event":"messages.upsert","data":{"messages":"nonsense"}}`, nil},
		{`{"event":"messages.upsert","data":[1,"two",null]}`, nil},
		{`{"event":"messages.upsert","data":"text"}`, nil},
	} {
		e, err := Decode([]byte(c.body))
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, m := range e.Messages() {
			ids = append(ids, m.ID)
		}
		if strings.Join(ids, ",") != strings.Join(c.ids, ",") {
			t.Errorf("%s: ids %v, want %v", c.body, ids, c.ids)
		}
		_ = e.Summary()
	}
}

func TestSummaryOfMediaAndManyMessages(t *testing.T) {
	e, _ := Decode([]byte(`{"event":"messages.upsert","data":{"messages":[
		{"key":{"id":"a","fromMe":true,"remoteJid":"4915730984412@s.whatsapp.net"},"message":{"imageMessage":{"caption":"the\ninvoice"}}},
		{"key":{"id":"b"}},{"key":{"id":"c"}}]}}`))
	if got, want := e.Summary(), "to +4915730984412: [image] the invoice (+2 more)"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
	long := strings.Repeat("word ", 40)
	e, _ = Decode([]byte(`{"event":"messages.received","data":{"messages":{"key":{"id":"a","cleanedSenderPn":"1"},"messageBody":"` + long + `"}}}`))
	if s := e.Summary(); len([]rune(s)) > 80 || !strings.HasSuffix(s, "…") {
		t.Errorf("a long text is not cut: %q", s)
	}
}
