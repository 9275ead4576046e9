package events

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"

	"github.com/wasender-tui/wasender-tui/ui/common"
)

// cleanJSON rewrites a JSON document with every string (names too) passed
// through common.Clean and the members in their order, indented by indent
// ("" for one line). Numbers are kept as written.
func cleanJSON(raw []byte, indent string) (string, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var b strings.Builder
	if err := writeJSON(dec, &b, indent, 0); err != nil {
		return "", err
	}
	return b.String(), nil
}

func writeJSON(dec *json.Decoder, b *strings.Builder, indent string, depth int) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	newline := func(d int) {
		if indent != "" {
			b.WriteByte('\n')
			b.WriteString(strings.Repeat(indent, d))
		}
	}
	switch t := tok.(type) {
	case json.Delim:
		closing := map[json.Delim]byte{'{': '}', '[': ']'}[t]
		if closing == 0 {
			return errors.New("unexpected " + t.String())
		}
		b.WriteByte(byte(t))
		n := 0
		for dec.More() {
			if n > 0 {
				b.WriteByte(',')
			}
			newline(depth + 1)
			if t == '{' {
				key, err := dec.Token()
				if err != nil {
					return err
				}
				name, _ := key.(string)
				writeString(b, name)
				b.WriteByte(':')
				if indent != "" {
					b.WriteByte(' ')
				}
			}
			if err := writeJSON(dec, b, indent, depth+1); err != nil {
				return err
			}
			n++
		}
		if _, err := dec.Token(); err != nil {
			return err
		}
		if n > 0 {
			newline(depth)
		}
		b.WriteByte(closing)
	case string:
		writeString(b, t)
	case json.Number:
		b.WriteString(t.String())
	case bool:
		if t {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case nil:
		b.WriteString("null")
	}
	return nil
}

// writeString writes s cleaned, as JSON, without escaping <, > and &.
func writeString(b *strings.Builder, s string) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(common.Clean(s))
	b.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}
