package config

import (
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

func TestKeyPositions(t *testing.T) {
	doc := "\ufeff# comment [not.a.table]\n" + // 1
		"top = 1 # trailing\n" + // 2
		"[profiles.work]\n" + // 3
		"  token = \"1|abc\" # x = 1\n" + // 4
		"note = \"\"\"\n" + // 5
		"fake = 1\n" + // 6
		"[fake.table]\n" + // 7
		"\"\"\"\n" + // 8
		"lit = '''\n[also.fake]\n'''\n" + // 9-11
		"list = [\n  1, # comment ]\n  [2, 3],\n  \"]\",\n]\n" + // 12-16
		"after = { a = 1, \"b.c\" = { d = 2 } }\n" + // 17
		"[ profiles . \"my \\\"work\\\"\" ]\r\n" + // 18
		"dotted . key = 'x'\r\n" + // 19
		"[[arr]]\n" + // 20
		"x = 1\n" + // 21
		"[[arr]]\n" + // 22
		"x = 2\n" + // 23
		"y = \"\"\"a\"\"\"\"\"\n" + // 24
		"z = 3\n" // 25
	tests := []struct {
		path []string
		line int
		col  int
	}{
		{[]string{"top"}, 2, 1},
		{[]string{"profiles"}, 3, 1},
		{[]string{"profiles", "work"}, 3, 1},
		{[]string{"profiles", "work", "token"}, 4, 3},
		{[]string{"profiles", "work", "note"}, 5, 1},
		{[]string{"profiles", "work", "lit"}, 9, 1},
		{[]string{"profiles", "work", "list"}, 12, 1},
		{[]string{"profiles", "work", "after"}, 17, 1},
		{[]string{"profiles", "work", "after", "a"}, 17, 11},
		{[]string{"profiles", "work", "after", "b.c", "d"}, 17, 28},
		{[]string{"profiles", `my "work"`}, 18, 1},
		{[]string{"profiles", `my "work"`, "dotted"}, 19, 1},
		{[]string{"profiles", `my "work"`, "dotted", "key"}, 19, 1},
		{[]string{"arr"}, 20, 1},
		{[]string{"arr", "x"}, 21, 1},
		{[]string{"arr", "y"}, 24, 1},
		{[]string{"arr", "z"}, 25, 1},
	}
	var m map[string]any
	if _, err := toml.Decode(doc, &m); err != nil {
		t.Fatalf("test document is not valid TOML: %v", err)
	}
	got := keyPositions(doc)
	for _, tt := range tests {
		if p := got[pathKey(tt.path)]; p.line != tt.line || p.col != tt.col {
			t.Errorf("%q at %d:%d, want %d:%d", tt.path, p.line, p.col, tt.line, tt.col)
		}
	}
	for _, fake := range [][]string{{"profiles", "work", "fake"}, {"fake"}, {"also"}, {"not"}} {
		if p, ok := got[pathKey(fake)]; ok {
			t.Errorf("found %q at %v inside a string or comment", fake, p)
		}
	}
	checkKeyPositions(t, doc)
}

// checkKeyPositions asserts that every key the library lists has a
// position, on a line that holds it when it is a plain word.
func checkKeyPositions(t *testing.T, doc string) {
	t.Helper()
	var m map[string]any
	md, err := toml.Decode(doc, &m)
	if err != nil {
		return
	}
	positions := keyPositions(doc)
	lines := strings.Split(doc, "\n")
	for _, key := range md.Keys() {
		p, ok := positions[pathKey(key)]
		if !ok || p.line < 1 || p.line > len(lines) || p.col < 1 {
			t.Fatalf("key %q: position %v, %v in %q", key, p, ok, doc)
		}
		last := key[len(key)-1]
		if isPlainWord(last) && !strings.Contains(lines[p.line-1], last) {
			t.Fatalf("key %q placed on line %d %q in %q", key, p.line, lines[p.line-1], doc)
		}
	}
}

func isPlainWord(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}
