package fake

import (
	"strings"
	"testing"
)

// A hostile server's answers carry a marked sequence before every shown
// string and bare controls around ids, keys and states (numeric ids become
// strings); timestamps stay readable, every object has one member more,
// and errors are hostile too.
func TestHostileAnswersCarryPayloadsEverywhere(t *testing.T) {
	h := newHarness(t, Options{Hostile: true})
	got := h.get("/api/whatsapp-sessions/11", h.pat(), 200)
	s := dig(t, got, "data").(map[string]any)
	if name := s["name"].(string); name != Sequence(Mark("sessions.show data.name"))+"Support Desk" {
		t.Errorf("name %q", name)
	}
	for key, want := range map[string]string{"id": "11", "status": "connected", "api_key": h.key(11)} {
		if v, _ := s[key].(string); v != Bare+want+Bare {
			t.Errorf("%s = %q, want %q between bare payloads", key, v, want)
		}
	}
	if c := s["created_at"].(string); !strings.HasPrefix(c, "20") {
		t.Errorf("a timestamp was armed: %q", c)
	}
	extra := 0
	for k := range s {
		if strings.HasSuffix(k, "hostile") && strings.HasPrefix(k, "\x1b]0;pwn") {
			extra++
		}
	}
	if extra != 1 {
		t.Errorf("%d hostile members added to the session", extra)
	}
	e := h.do("GET", "/api/whatsapp-sessions/99", h.pat(), nil).json(t)
	if msg, _ := e["error"].(string); !strings.HasPrefix(msg, "\x1b]0;pwn") {
		t.Errorf("error message %q", msg)
	}
	fields := HostileFields()
	if len(fields) < 10 {
		t.Errorf("only %d fields recorded: %v", len(fields), fields)
	}
	// Cleaned as a client does (controls to spaces, format characters
	// removed), a bare payload leaves the value alone.
	if rest := strings.Trim(strings.Map(func(r rune) rune {
		if strings.ContainsRune(Bare, r) {
			return -1
		}
		return r
	}, Bare+"11"+Bare), " "); rest != "11" {
		t.Errorf("bare payload leaves %q", rest)
	}
}

// Message content, a JSON document in a string, is armed inside.
func TestHostileContentIsArmedInside(t *testing.T) {
	h := newHarness(t, Options{Hostile: true})
	got := h.get("/api/whatsapp-sessions/11/message-logs?per_page=5", h.pat(), 200)
	first := dig(t, got, "data", "data", 0).(map[string]any)
	content, _ := first["content"].(string)
	if !strings.HasPrefix(content, "{") || !strings.Contains(content, `"text":"\u001b]0;pwn`) {
		t.Errorf("content %q", content)
	}
}
