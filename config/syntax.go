package config

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/BurntSushi/toml"
)

// parseTOML decodes src into a generic tree, so that type problems become
// our own messages rather than the library's first-error-wins decoding.
func parseTOML(path, src string) (tree map[string]any, md toml.MetaData, problem *Error) {
	defer func() {
		// The library re-panics on what it considers its own bugs.
		if r := recover(); r != nil {
			tree, problem = nil, &Error{File: path, Msg: "the TOML parser failed on this file"}
		}
	}()
	md, err := toml.Decode(src, &tree)
	if err != nil {
		return nil, md, syntaxError(path, src, err)
	}
	return tree, md, nil
}

func syntaxError(path, src string, err error) *Error {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return &Error{File: path, Msg: "invalid TOML"}
	}
	line := pe.Position.Line
	if line < 1 {
		line = 0
	}
	col := max(pe.Position.Col, 0)
	text := sourceLine(src, line)
	if m := definedTwice.FindStringSubmatch(pe.Message); m != nil {
		return &Error{File: path, Line: line, Col: col, Msg: oneLine(duplicateMessage(src, m[1], text))}
	}
	msg := redactValues(pe.Message, text)
	if looksUnquoted(pe.Message, text) {
		msg += ` (strings need quotes: key = "value")`
	}
	return &Error{File: path, Line: line, Col: col, Msg: "invalid TOML: " + oneLine(msg)}
}

// oneLine escapes control characters, so that a message quoting the input
// stays on its line.
func oneLine(s string) string {
	if strings.IndexFunc(s, unicode.IsControl) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if unicode.IsControl(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// redactValues masks text the library quotes back from a value on the
// failing line: an unquoted token (token = 1abc…) would otherwise be printed
// whole. Key names, which come before "=", stay readable.
func redactValues(msg, line string) string {
	value := line
	if i := strings.IndexByte(line, '='); i >= 0 {
		value = line[i+1:]
	}
	// Quoted pieces of the value, which the lexer may have cut short...
	msg = quotedFragment.ReplaceAllStringFunc(msg, func(q string) string {
		inner := q[1 : len(q)-1]
		if len(inner) < 6 || !strings.Contains(value, inner) {
			return q
		}
		return q[:1] + Mask(inner) + q[:1]
	})
	// ...and whole words of it, which some messages print unquoted.
	words := strings.FieldsFunc(value, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(`"',[]{}=#`, r)
	})
	sort.Slice(words, func(i, j int) bool { return len(words[i]) > len(words[j]) })
	for _, w := range words {
		if len(w) >= 6 {
			msg = strings.ReplaceAll(msg, w, Mask(w))
		}
	}
	return msg
}

var quotedFragment = regexp.MustCompile(`"[^"]*"|'[^']*'`)

// definedTwice is the library's message for a table or key given twice,
// which redactValues would otherwise mask whole (a table header is all
// "value" to it): "Key '**********' has already been defined".
var definedTwice = regexp.MustCompile(`^Key '(.+)' has already been defined\.?$`)

// duplicateMessage names a table or key defined twice, and where it first was.
func duplicateMessage(src, key, line string) string {
	first := ""
	for pk, at := range keyPositions(src) {
		if toml.Key(strings.Split(pk, "\x00")).String() == key {
			first = fmt.Sprintf(" (first on line %d)", at.line)
			break
		}
	}
	if strings.HasPrefix(strings.TrimSpace(line), "[") {
		return fmt.Sprintf("table [%s] is defined twice%s; merge the two into one", key, first)
	}
	return fmt.Sprintf("%s is set twice%s; keep one", key, first)
}

// looksUnquoted spots a string value written without quotes.
func looksUnquoted(msg, line string) bool {
	if !strings.HasPrefix(msg, "expected value but found") &&
		!strings.HasPrefix(msg, "expected a top-level item to end with") {
		return false
	}
	i := strings.IndexByte(line, '=')
	if i < 0 {
		return false
	}
	value := strings.TrimSpace(line[i+1:])
	return value != "" && !strings.ContainsAny(value[:1], `"'[{`)
}

func sourceLine(src string, line int) string {
	if line < 1 {
		return ""
	}
	for n := 1; n < line; n++ {
		i := strings.IndexByte(src, '\n')
		if i < 0 {
			return ""
		}
		src = src[i+1:]
	}
	if i := strings.IndexByte(src, '\n'); i >= 0 {
		src = src[:i]
	}
	return src
}
