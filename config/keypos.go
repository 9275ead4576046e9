package config

import (
	"sort"
	"strconv"
	"strings"
)

// The TOML library knows where each key is but does not say, so
// keyPositions finds keys itself. It runs only on documents the library
// has accepted, so it skips values instead of validating them; on anything
// it does not understand it moves on, and a key it misses just has no line.

type position struct{ line, col int }

// pathKey joins a key path with a byte no TOML key can make ambiguous.
func pathKey(path []string) string { return strings.Join(path, "\x00") }

// keyPositions maps each key path (pathKey) of src, and each table header,
// to where it is first defined.
func keyPositions(src string) map[string]position {
	s := &keyScanner{src: src, offsets: map[string]int{}}
	s.document()

	lineStarts := []int{0}
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			lineStarts = append(lineStarts, i+1)
		}
	}
	positions := make(map[string]position, len(s.offsets))
	for key, off := range s.offsets {
		line := sort.Search(len(lineStarts), func(i int) bool { return lineStarts[i] > off })
		positions[key] = position{line: line, col: off - lineStarts[line-1] + 1}
	}
	return positions
}

type keyScanner struct {
	src     string
	i       int
	depth   int
	offsets map[string]int
}

const maxValueDepth = 256

func (s *keyScanner) document() {
	var table []string
	for s.i < len(s.src) {
		start := s.i
		s.skipBlank()
		if s.i >= len(s.src) {
			return
		}
		at := s.i
		if s.src[s.i] == '[' {
			s.i++
			if s.peek('[') {
				s.i++
			}
			table = s.key()
			s.record(table, at)
		} else if key := s.key(); len(key) > 0 {
			full := concat(table, key)
			s.record(full, at)
			s.skipInline()
			if s.peek('=') {
				s.i++
				s.value(full)
			}
		}
		s.skipLine()
		if s.i == start {
			s.i++
		}
	}
}

// record notes path and each of its parents, unless seen before.
func (s *keyScanner) record(path []string, at int) {
	for n := 1; n <= len(path); n++ {
		k := pathKey(path[:n])
		if _, seen := s.offsets[k]; !seen {
			s.offsets[k] = at
		}
	}
}

// key reads a possibly dotted key of bare and quoted parts.
func (s *keyScanner) key() []string {
	var parts []string
	for {
		s.skipInline()
		if s.i >= len(s.src) {
			return parts
		}
		var part string
		switch s.src[s.i] {
		case '"':
			part = unescapeBasic(s.quoted('"', true))
		case '\'':
			part = s.quoted('\'', false)
		default:
			start := s.i
			for s.i < len(s.src) && isBareKeyByte(s.src[s.i]) {
				s.i++
			}
			if s.i == start {
				return parts
			}
			part = s.src[start:s.i]
		}
		parts = append(parts, part)
		s.skipInline()
		if !s.peek('.') {
			return parts
		}
		s.i++
	}
}

// value skips one value, recording the keys of inline tables in it under
// prefix, as the library lists them (elements of an array share its path).
func (s *keyScanner) value(prefix []string) {
	s.depth++
	defer func() { s.depth-- }()
	s.skipInline()
	if s.i >= len(s.src) || s.depth > maxValueDepth {
		return
	}
	rest := s.src[s.i:]
	switch {
	case strings.HasPrefix(rest, `"""`):
		s.multiline(`"""`, true)
	case strings.HasPrefix(rest, `'''`):
		s.multiline(`'''`, false)
	case rest[0] == '"':
		s.quoted('"', true)
	case rest[0] == '\'':
		s.quoted('\'', false)
	case rest[0] == '[':
		s.array(prefix)
	case rest[0] == '{':
		s.inlineTable(prefix)
	default:
		for s.i < len(s.src) && !strings.ContainsRune(",]}#\r\n", rune(s.src[s.i])) {
			s.i++
		}
	}
}

func (s *keyScanner) array(prefix []string) {
	s.i++ // [
	for {
		s.skipBlank()
		if s.i >= len(s.src) {
			return
		}
		switch s.src[s.i] {
		case ']':
			s.i++
			return
		case ',':
			s.i++
		default:
			before := s.i
			s.value(prefix)
			if s.i == before {
				s.i++
			}
		}
	}
}

func (s *keyScanner) inlineTable(prefix []string) {
	s.i++ // {
	for {
		s.skipBlank()
		if s.i >= len(s.src) {
			return
		}
		switch s.src[s.i] {
		case '}':
			s.i++
			return
		case ',':
			s.i++
			continue
		}
		at := s.i
		key := s.key()
		if len(key) == 0 {
			s.i++
			continue
		}
		full := concat(prefix, key)
		s.record(full, at)
		s.skipInline()
		if s.peek('=') {
			s.i++
			s.value(full)
		}
	}
}

// quoted reads a one-line string starting at its quote and returns its raw
// content.
func (s *keyScanner) quoted(q byte, escapes bool) string {
	s.i++
	start := s.i
	for s.i < len(s.src) {
		switch c := s.src[s.i]; {
		case c == '\n':
			return s.src[start:s.i]
		case escapes && c == '\\':
			s.i = min(s.i+2, len(s.src))
		case c == q:
			s.i++
			return s.src[start : s.i-1]
		default:
			s.i++
		}
	}
	return s.src[start:]
}

func (s *keyScanner) multiline(delim string, escapes bool) {
	s.i += len(delim)
	for s.i < len(s.src) {
		switch {
		case escapes && s.src[s.i] == '\\':
			s.i = min(s.i+2, len(s.src))
		case strings.HasPrefix(s.src[s.i:], delim):
			s.i += len(delim)
			// Up to two quotes may sit right before the closing delimiter.
			for extra := 0; extra < 2 && s.peek(delim[0]); extra++ {
				s.i++
			}
			return
		default:
			s.i++
		}
	}
}

// skipBlank skips whitespace, newlines, comments and a byte order mark.
func (s *keyScanner) skipBlank() {
	for s.i < len(s.src) {
		switch {
		case strings.HasPrefix(s.src[s.i:], "\ufeff"):
			s.i += len("\ufeff")
		case s.src[s.i] == '#':
			s.skipLine()
		case strings.ContainsRune(" \t\r\n", rune(s.src[s.i])):
			s.i++
		default:
			return
		}
	}
}

func (s *keyScanner) skipInline() {
	for s.i < len(s.src) && (s.src[s.i] == ' ' || s.src[s.i] == '\t') {
		s.i++
	}
}

// skipLine moves past the next newline.
func (s *keyScanner) skipLine() {
	if n := strings.IndexByte(s.src[s.i:], '\n'); n >= 0 {
		s.i += n + 1
	} else {
		s.i = len(s.src)
	}
}

func (s *keyScanner) peek(c byte) bool { return s.i < len(s.src) && s.src[s.i] == c }

// isBareKeyByte is generous (any byte that cannot end a key), as the
// document is already known to be valid.
func isBareKeyByte(c byte) bool {
	return !strings.ContainsRune(" \t\r\n=.[]#\"'{},", rune(c))
}

// unescapeBasic decodes a TOML basic string; the escapes TOML shares with
// Go cover keys in practice, and a key it cannot decode stays raw.
func unescapeBasic(raw string) string {
	if !strings.Contains(raw, `\`) {
		return raw
	}
	if s, err := strconv.Unquote(`"` + raw + `"`); err == nil {
		return s
	}
	return raw
}

func concat(a, b []string) []string {
	out := make([]string, 0, len(a)+len(b))
	return append(append(out, a...), b...)
}
