package api

import (
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text from a server is drawn in terminals, copied to clipboards and
// written to files and pipes; a server (or whoever writes a contact's name)
// must not be able to act on the terminal through it, or change how the
// text around it reads. So the rule of this package: every string it hands
// out from a response is clean (Clean). Text, ID and Status clean
// themselves as they are decoded, and the client cleans every other string
// of what it decodes (cleanAll), so a field added later is clean without
// anyone remembering. What is kept as raw JSON (the Raw of log entries,
// Content) is written out through SafeJSON.

// neutral reports whether r is a character Clean neutralises: a control
// character (C0, DEL, C1; terminals act on them), a line or paragraph
// separator, or a format character (Unicode's Cf: the bidi embeddings,
// overrides, isolates and marks U+202A–U+202E, U+2066–U+2069, U+200E,
// U+200F and U+061C, which reorder what follows, and the invisible ones:
// zero-width space, word joiner, BOM, tags…). The zero-width joiner and
// non-joiner stay: emoji and several scripts need them, and they neither
// reorder nor hide text.
func neutral(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0, r == '\u2028', r == '\u2029':
		return true
	case r < 0xad, r == '\u200c', r == '\u200d':
		return false
	}
	return unicode.Is(unicode.Cf, r)
}

// isControl is the part of neutral that separates words (a newline, a tab,
// an escape): it becomes a space. Format characters are invisible and are
// removed.
func isControl(r rune) bool {
	return r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 || r == '\u2028' || r == '\u2029'
}

// Clean makes text safe to draw, copy and write: it is returned as it is
// unless it holds a neutral character or invalid UTF-8; then control
// characters become spaces, format characters are removed, invalid bytes
// become U+FFFD, and runs of spaces collapse to one, none at either end.
// So "KEY\x1b]0;pwned\a" is "KEY ]0;pwned": the terminal sees only
// printable text. Clean(Clean(s)) == Clean(s).
func Clean(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := true // at the start, or just after a space: no space now
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		switch { // an invalid byte is written as U+FFFD, the RuneError it decodes to
		case isControl(r), r == ' ':
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		case neutral(r):
			continue
		}
		b.WriteRune(r)
		space = false
	}
	return strings.TrimSuffix(b.String(), " ")
}

// isClean reports whether s is valid UTF-8 without neutral characters.
// Most text is plain ASCII, checked a byte at a time.
func isClean(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || neutral(r) {
			return false
		}
		i += n
	}
	return true
}

// CleanLines is Clean for text of several lines (a config summary, a list
// of problems): each line is cleaned, the line breaks kept.
func CleanLines(s string) string {
	if isClean(strings.ReplaceAll(s, "\n", " ")) {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = Clean(l)
	}
	return strings.Join(lines, "\n")
}

// SafeJSON returns JSON text with every neutral character written as a \u
// escape, and invalid UTF-8 as \ufffd. encoding/json escapes C0 controls
// but writes C1 controls, the bidi overrides and the other format
// characters as they are; a terminal showing the JSON would act on them.
// The escapes keep the JSON's values exactly (a consumer decoding it gets
// the API's strings back), while the bytes are safe to print. Tab, newline
// and carriage return are left alone: in valid JSON they appear only as
// whitespace between tokens. b is returned as it is when there is nothing
// to escape.
func SafeJSON(b []byte) []byte {
	i := 0
	for i < len(b) {
		c := b[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f {
				break
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 || neutral(r) {
			break
		}
		i += n
	}
	if i == len(b) {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	out = append(out, b[:i]...)
	for i < len(b) {
		r, n := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			out = append(out, `\ufffd`...)
		case r == '\t', r == '\n', r == '\r':
			out = append(out, byte(r))
		case neutral(r):
			out = appendEscape(out, r)
		default:
			out = append(out, b[i:i+n]...)
		}
		i += n
	}
	return out
}

// appendEscape writes r as JSON's \uXXXX, a surrogate pair beyond U+FFFF.
func appendEscape(out []byte, r rune) []byte {
	const hex = "0123456789abcdef"
	one := func(out []byte, u rune) []byte {
		return append(out, '\\', 'u', hex[u>>12&0xf], hex[u>>8&0xf], hex[u>>4&0xf], hex[u&0xf])
	}
	if r > 0xffff {
		r -= 0x10000
		return one(one(out, 0xd800+(r>>10)), 0xdc00+(r&0x3ff))
	}
	return one(out, r)
}

// cleanAll cleans, in place, every string reachable from v (a pointer to
// what a response was decoded into): struct fields, slice, array and map
// elements, map keys, and what pointers and interfaces hold. Raw JSON
// ([]byte) is left for SafeJSON.
func cleanAll(v any) {
	if v != nil {
		cleanValue(reflect.ValueOf(v))
	}
}

var bytesType = reflect.TypeFor[[]byte]()

func cleanValue(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			cleanValue(v.Elem())
		}
	case reflect.Interface:
		if v.IsNil() || !v.CanSet() {
			return
		}
		// What an interface holds cannot be changed where it is: clean a
		// copy and put it back.
		e := reflect.New(v.Elem().Type()).Elem()
		e.Set(v.Elem())
		cleanValue(e)
		v.Set(e)
	case reflect.String:
		if s := v.String(); v.CanSet() && !isClean(s) {
			v.SetString(Clean(s))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Field(i); f.CanSet() {
				cleanValue(f)
			}
		}
	case reflect.Slice:
		if v.Type().ConvertibleTo(bytesType) {
			return
		}
		fallthrough
	case reflect.Array:
		for i := range v.Len() {
			cleanValue(v.Index(i))
		}
	case reflect.Map:
		cleanMap(v)
	}
}

// cleanMap cleans a map's keys and values; entries are replaced, since map
// elements cannot be changed in place.
func cleanMap(m reflect.Value) {
	if m.IsNil() {
		return
	}
	keys := m.MapKeys()
	for _, k := range keys {
		val := reflect.New(m.Type().Elem()).Elem()
		val.Set(m.MapIndex(k))
		cleanValue(val)
		key := reflect.New(k.Type()).Elem()
		key.Set(k)
		cleanValue(key)
		if !key.Equal(k) {
			m.SetMapIndex(k, reflect.Value{})
		}
		m.SetMapIndex(key, val)
	}
}
