package uitest

import (
	"encoding/base64"
	"regexp"
	"unicode/utf8"
)

// Unsafe returns where s holds a character a terminal would act on or that
// reorders or hides text, and whether it does: ESC, BEL and every other C0
// control but the newline, DEL, C1 controls, the bidi embeddings,
// overrides, isolates and marks, the other invisible format characters
// (zero-width space, word joiner, BOM, soft hyphen, tags), or invalid
// UTF-8. The list is written out here, apart from the sanitiser it checks.
func Unsafe(s string) (string, bool) {
	for i, r := range s {
		bad := r == utf8.RuneError && !validAt(s, i)
		switch {
		case r == '\n':
		case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
			bad = true
		case r == 0xad, r == 0x061c, r >= 0x200b && r <= 0x200f, r >= 0x202a && r <= 0x202e,
			r == 0x2028, r == 0x2029, r >= 0x2060 && r <= 0x2069, r == 0xfeff, r >= 0xe0000 && r <= 0xe007f:
			bad = true
		}
		if bad {
			lo := max(0, i-24)
			for lo > 0 && !utf8.RuneStart(s[lo]) {
				lo--
			}
			hi := min(len(s), i+8)
			for hi < len(s) && !utf8.RuneStart(s[hi]) {
				hi++
			}
			return s[lo:hi], true
		}
	}
	return "", false
}

func validAt(s string, i int) bool {
	r, n := utf8.DecodeRuneInString(s[i:])
	return r != utf8.RuneError || n == 3
}

var osc52 = regexp.MustCompile(`\x1b\]52;[a-z]*;([A-Za-z0-9+/=]*)(?:\x07|\x1b\\)`)

// Clipboard returns the texts of the OSC52 clipboard writes in out.
func Clipboard(out string) []string {
	var texts []string
	for _, m := range osc52.FindAllStringSubmatch(out, -1) {
		b, err := base64.StdEncoding.DecodeString(m[1])
		if err != nil {
			texts = append(texts, "\x1b(undecodable OSC52 payload)")
			continue
		}
		texts = append(texts, string(b))
	}
	return texts
}
