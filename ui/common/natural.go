package common

import (
	"unicode"
	"unicode/utf8"
)

// Natural orders text as people read it: case aside, and runs of digits by
// their value, so "Clear 2" comes before "Clear 10" and "+49 30" before
// "+49 100". Equal values with more leading zeros come after ("7" < "07").
// It allocates nothing: lists of 100,000 are sorted with it.
func Natural(a, b string) int {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if isDigit(a[i]) && isDigit(b[j]) {
			ai, bj := i, j
			for i < len(a) && isDigit(a[i]) {
				i++
			}
			for j < len(b) && isDigit(b[j]) {
				j++
			}
			if c := compareDigits(a[ai:i], b[bj:j]); c != 0 {
				return c
			}
			continue
		}
		ra, na := rune(a[i]), 1
		if ra >= utf8.RuneSelf {
			ra, na = utf8.DecodeRuneInString(a[i:])
		}
		rb, nb := rune(b[j]), 1
		if rb >= utf8.RuneSelf {
			rb, nb = utf8.DecodeRuneInString(b[j:])
		}
		if ra != rb {
			la, lb := fold(ra), fold(rb)
			if la != lb {
				if la < lb {
					return -1
				}
				return 1
			}
		}
		i += na
		j += nb
	}
	switch {
	case len(a)-i < len(b)-j:
		return -1
	case len(a)-i > len(b)-j:
		return 1
	}
	return 0
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func fold(r rune) rune {
	if r < utf8.RuneSelf {
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	return unicode.ToLower(r)
}

// compareDigits compares two runs of digits by value, then by length (the
// one with fewer leading zeros first).
func compareDigits(a, b string) int {
	ta, tb := trimZeros(a), trimZeros(b)
	if len(ta) != len(tb) {
		if len(ta) < len(tb) {
			return -1
		}
		return 1
	}
	for k := range len(ta) {
		if ta[k] != tb[k] {
			if ta[k] < tb[k] {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(a) < len(b):
		return -1
	case len(a) > len(b):
		return 1
	}
	return 0
}

func trimZeros(s string) string {
	for len(s) > 1 && s[0] == '0' {
		s = s[1:]
	}
	return s
}
