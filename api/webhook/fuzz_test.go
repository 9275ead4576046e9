package webhook

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDecode: no body makes the decoder, the summary or the JSON line
// panic; what decodes has a bounded event name and a one-line summary, and
// its JSON line is valid JSON.
func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "docs", "*.json"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		// the docs' own text, with its comments
		f.Add([]byte(strings.Replace(string(b), "{", "{ // the QR string\n", 1)))
	}
	for _, s := range []string{``, `{}`, `[]`, `null`, `{"event":"x","data":[[[[[]]]]]}`, `{"event":"x","timestamp":1e400}`, "{\"event\":\"\xff\"}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		e, err := Decode(body)
		if err != nil {
			return
		}
		if e.Event == "" || len(e.Event) > maxEventName {
			t.Fatalf("event name %q accepted", e.Event)
		}
		if e.Kind != Canonical(e.Event) || Canonical(e.Kind) != e.Kind {
			t.Fatalf("kind %q of %q is not canonical", e.Kind, e.Event)
		}
		s := e.Summary()
		if strings.ContainsAny(s, "\n\r") || utf8.RuneCountInString(s) > maxSummary {
			t.Fatalf("summary not one short line: %q", s)
		}
		_ = e.Messages()
		ev := &Event{Envelope: e, Body: body, apiKey: "k"}
		line := ev.JSON(func(string) string { return "masked" }, Field{"session", "11"})
		if !json.Valid(line) {
			t.Fatalf("JSON line is not JSON: %s", line)
		}
		newRepeats().check(ev)
	})
}
