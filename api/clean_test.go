package api

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// neutralIn returns where s holds a neutral character or an invalid byte.
func neutralIn(s string) (string, bool) {
	for i, r := range s {
		if neutral(r) || r == utf8.RuneError && !strings.HasPrefix(s[i:], "\ufffd") {
			return s[i:min(i+8, len(s))], true
		}
	}
	return "", false
}

func TestCleanNeutralisesControlBidiAndFormatCharacters(t *testing.T) {
	for in, want := range map[string]string{
		// issue 12's payloads
		"KEY\u001b]0;pwned-key\u0007":      "KEY ]0;pwned-key",
		"\u001b[2Jsecret":                  "[2Jsecret",
		"5\u001b]0;pwned-id\u0007":         "5 ]0;pwned-id",
		"\u009b31mred":                     "31mred",
		"ring\a":                           "ring",
		"evil\x1b]52;c;AAAA\x07name\nnext": "evil ]52;c;AAAA name next",
		// bidi: embeddings, overrides, isolates, marks: removed, as invisible
		"invoice\u202egpj.exe":                  "invoicegpj.exe",
		"a\u202ab\u202bc\u202cd\u202de":         "abcde",
		"a\u2066b\u2067c\u2068d\u2069e":         "abcde",
		"a\u200eb\u200fc\u061cd":                "abcd",
		"zero\u200bwidth\u2060joined\ufeff":     "zerowidthjoined",
		"soft\u00adhyphen, tag\U000E0041":       "softhyphen, tag",
		"  lead and trail \x1b ":                "lead and trail",
		"\x00\x7f\u0085\u2028\u2029":            "",
		"bad \x9b31m byte":                      "bad \ufffd31m byte",
		"clean  text  stays as it is ":          "clean  text  stays as it is ",
		"👩\u200d💻 and \u0645\u06cc\u200c\u062e": "👩\u200d💻 and \u0645\u06cc\u200c\u062e", // ZWJ, ZWNJ kept
		"": "",
	} {
		got := Clean(in)
		if got != want {
			t.Errorf("Clean(%q) = %q, want %q", in, got, want)
		}
		if Clean(got) != got {
			t.Errorf("Clean(%q) changes again", got)
		}
	}
}

func FuzzClean(f *testing.F) {
	for _, s := range []string{"a\x1b[2Jb", "\u202e", "x\x9by", "\U000E0020", "ok"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := Clean(s)
		if bad, ok := neutralIn(c); ok || !utf8.ValidString(c) {
			t.Fatalf("Clean(%q) = %q holds %q", s, c, bad)
		}
		if Clean(c) != c {
			t.Fatalf("Clean(%q) is not stable", s)
		}
		if CleanLines(s) != strings.Join(splitClean(s), "\n") {
			t.Fatalf("CleanLines(%q)", s)
		}
	})
}

func splitClean(s string) []string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = Clean(l)
	}
	return lines
}

func TestCleanLinesKeepsLineBreaks(t *testing.T) {
	in := "profile a\n  base_url \u202ehttp://x\x1b[2J\n  ok"
	if got, want := CleanLines(in), "profile a\nbase_url http://x [2J\n  ok"; got != want {
		t.Errorf("CleanLines = %q, want %q", got, want)
	}
	if s := "two\n  clean lines"; CleanLines(s) != s {
		t.Errorf("clean lines changed: %q", CleanLines(s))
	}
}

// encoding/json escapes C0 controls but writes C1 controls and the bidi and
// format characters raw; SafeJSON escapes them and keeps every value.
func TestSafeJSONEscapesWhatEncodingJSONWritesRaw(t *testing.T) {
	v := map[string]any{"name\u2066": "x\u202ey\u009bz\x1b\u200f", "tag": "\U000E0041", "ok": "plain ✓", "n": 1}
	raw, _ := json.Marshal(v)
	if !bytes.Contains(raw, []byte("\u202e")) || !bytes.Contains(raw, []byte("\u009b")) {
		t.Fatalf("encoding/json escaped them itself now: %s", raw)
	}
	raw = append(raw, " \n\t\r"...) // whitespace between tokens stays
	safe := SafeJSON(raw)
	if bad, ok := neutralIn(strings.Trim(string(safe), " \n\t\r")); ok {
		t.Fatalf("SafeJSON left %q in %s", bad, safe)
	}
	for _, esc := range []string{`\u2066`, `\u202e`, `\u009b`, `\u200f`, `\udb40\udc41`, "plain ✓", " \n\t\r"} {
		if !bytes.Contains(safe, []byte(esc)) {
			t.Errorf("SafeJSON lacks %s: %s", esc, safe)
		}
	}
	var a, b any
	if json.Unmarshal(raw, &a) != nil || json.Unmarshal(safe, &b) != nil || !reflect.DeepEqual(a, b) {
		t.Errorf("the values changed:\n%s\n%s", raw, safe)
	}
	if got := SafeJSON([]byte("{\"s\":\"\x9b\x7f\"}")); string(got) != `{"s":"\ufffd\u007f"}` {
		t.Errorf("invalid UTF-8 and DEL: %s", got)
	}
	clean := []byte(`{"a":"b ✓"}`)
	if got := SafeJSON(clean); &got[0] != &clean[0] {
		t.Error("clean JSON was copied")
	}
}

// cleanAll reaches every string, whatever holds it: a plain string field
// (no self-cleaning type), slices, maps and their keys, pointers and
// interfaces; raw JSON is left alone.
func TestCleanAllReachesEveryString(t *testing.T) {
	type inner struct{ S string }
	type holder struct {
		Plain  string
		Text   Text
		List   []string
		Map    map[string][]string
		Any    map[string]any
		Ptr    *inner
		Iface  any
		Arr    [1]string
		Raw    json.RawMessage
		hidden string
	}
	p := "\x1b]0;pwned\a"
	h := holder{Plain: p, Text: Text(p), List: []string{p}, Map: map[string][]string{p: {p}},
		Any: map[string]any{"k": p, "nested": []any{p, map[string]any{p: p}}}, Ptr: &inner{p}, Iface: inner{p},
		Arr: [1]string{p}, Raw: json.RawMessage(`"` + p + `"`), hidden: p}
	cleanAll(&h)
	got := strings.ReplaceAll(strings.ReplaceAll(reflectString(h), string(h.Raw), ""), h.hidden, "")
	if bad, ok := neutralIn(got); ok {
		t.Fatalf("cleanAll left %q: %s", bad, got)
	}
	if string(h.Raw) != `"`+p+`"` {
		t.Error("cleanAll changed raw JSON")
	}
}

func reflectString(v any) string {
	var b strings.Builder
	var walk func(reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer, reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.String:
			b.WriteString(v.String() + "|")
		case reflect.Struct:
			for i := range v.NumField() {
				walk(v.Field(i))
			}
		case reflect.Slice, reflect.Array:
			if v.Type() == reflect.TypeFor[json.RawMessage]() {
				b.Write(v.Bytes())
				return
			}
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Map:
			for _, k := range v.MapKeys() {
				walk(k)
				walk(v.MapIndex(k))
			}
		}
	}
	walk(reflect.ValueOf(v))
	return b.String()
}

// Issue 12: the details of a session from a hostile server (escapes in the
// id, api_key, webhook_secret and every other string) decode clean, and so
// does its error text.
func TestSessionDetailsFromAHostileServerDecodeClean(t *testing.T) {
	s := newAPIServer(t)
	s.handle("GET /api/whatsapp-sessions/5", func(*http.Request, int) reply {
		return ok([]byte(`{"success":true,"data":{"id":"5\u001b]0;pwned-id\u0007","name":"Desk\u202e","phone_number":"+1\u009b31m",
			"status":"connected\u0007","api_key":"KEY\u001b]0;pwned-key\u0007","webhook_secret":"\u001b[2Jsecret",
			"webhook_url":"https://x\u2066/","webhook_events":["messages.received\u001b[2J","\u202esession.status"],"proxy_url":"\u200f"}}`))
	})
	s.handle("GET /api/whatsapp-sessions/6", func(*http.Request, int) reply {
		return reply{status: 422, body: []byte(`{"success":false,"message":"bad\u001b]0;pwned\u0007","errors":{"name\u202e":["too\u009b31m long"]}}`)}
	})
	c := s.client(t, Options{Token: testPAT, Retry: RetryPolicy{MaxAttempts: 1}})
	got, err := c.GetSession(context.Background(), "5")
	if err != nil {
		t.Fatal(err)
	}
	if bad, ok := neutralIn(reflectString(got)); ok {
		t.Fatalf("decoded %q: %+v", bad, got)
	}
	if got.ID != "5 ]0;pwned-id" || got.APIKey != "KEY ]0;pwned-key" || got.WebhookSecret != "[2Jsecret" || got.Status != "connected" {
		t.Errorf("decoded %+v", got)
	}
	_, err = c.GetSession(context.Background(), "6")
	e, _ := AsError(err)
	for _, text := range []string{err.Error(), Words(err), e.Message, e.fieldSummary()} {
		if bad, ok := neutralIn(text); ok {
			t.Errorf("error text holds %q: %q", bad, text)
		}
	}
}

// Clean text is returned as it is, without allocating; what holds escapes
// is rebuilt once.
func BenchmarkClean(b *testing.B) {
	for _, c := range []struct{ name, s string }{
		{"clean ASCII", "Support Desk +4915730984412 messages.received"},
		{"clean Unicode", "Familie Müller 🚴 Кирилл"},
		{"hostile", "\x1b]0;pwn12345\a\x1b[2J\u202e\u009b31m Support Desk"},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Clean(c.s)
			}
		})
	}
}
