package webhook

import (
	"fmt"
	"strings"
	"testing"
)

// Issue 12: everything read from a delivery is clean, whoever shows it:
// the event name, sessionId, every field of its messages, the summary
// (member names too).
func TestDeliveriesDecodeClean(t *testing.T) {
	const p = `\u001b]0;pwned\u0007\u202e\u009b31m`
	body := fmt.Sprintf(`{"event":"messages.upsert%[1]s","sessionId":"key%[1]s","data":{"messages":{"key":{"id":"A%[1]s",
		"remoteJid":"1@s.whatsapp.net%[1]s","fromMe":false,"cleanedSenderPn":"+1%[1]s"},"messageBody":"hi%[1]s"}}}`, p)
	e, err := Decode([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{e.Event, e.Kind, e.SessionID, e.Summary()}
	for _, m := range e.Messages() {
		texts = append(texts, m.ID, m.Chat, m.Sender, m.Text, m.Status, m.Reaction, m.By)
	}
	odd, err := Decode([]byte(fmt.Sprintf(`{"event":"custom","data":{"na%[1]sme":"x"}}`, p)))
	if err != nil {
		t.Fatal(err)
	}
	texts = append(texts, odd.Summary())
	for _, s := range texts {
		if strings.ContainsAny(s, "\x1b\a\u202e\u009b") {
			t.Errorf("%q is not clean", s)
		}
	}
	if len(e.Messages()) != 1 || !strings.HasPrefix(e.Messages()[0].Text, "hi ]0;pwned") {
		t.Errorf("messages %+v", e.Messages())
	}
}
