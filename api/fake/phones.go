package fake

import (
	"math/big"
	"math/bits"
	"strconv"
	"strings"
)

// numberPlan is a real mobile range: country code plus mobile prefix, then
// width free subscriber digits.
type numberPlan struct {
	prefix string
	width  int
	pool   namePool
}

var numberPlans = []numberPlan{
	{"49151", 8, poolGerman},    // 0 DE
	{"49160", 8, poolGerman},    // 1 DE
	{"49176", 8, poolGerman},    // 2 DE
	{"14155", 6, poolEnglish},   // 3 US San Francisco
	{"12126", 6, poolEnglish},   // 4 US New York
	{"16465", 6, poolEnglish},   // 5 US New York
	{"447", 9, poolEnglish},     // 6 UK mobile
	{"336", 8, poolRomance},     // 7 FR
	{"346", 8, poolSpanish},     // 8 ES
	{"316", 8, poolRomance},     // 9 NL
	{"39347", 7, poolRomance},   // 10 IT
	{"55119", 8, poolSpanish},   // 11 BR São Paulo
	{"9198", 8, poolIndian},     // 12 IN
	{"97150", 7, poolArabic},    // 13 AE
	{"52155", 8, poolSpanish},   // 14 MX Mexico City
	{"2348", 9, poolEnglish},    // 15 NG
	{"6281", 9, poolIndonesian}, // 16 ID
}

var (
	plansDE    = []int{0, 1, 2}
	plansUS    = []int{3, 4, 5}
	plansEU    = []int{0, 6, 7, 8, 9, 10}
	plansLatAm = []int{8, 11, 14}
	plansWorld = []int{3, 6, 12, 13, 15, 16}
)

func pow10(w int) uint64 {
	m := uint64(1)
	for range w {
		m *= 10
	}
	return m
}

func mulmod(a, b, m uint64) uint64 {
	hi, lo := bits.Mul64(a%m, b%m)
	_, r := bits.Div64(hi, lo, m)
	return r
}

// affine is a bijection x -> a*x+b on [0, m): distinct indexes give distinct
// numbers, and a number maps back to its index without any table.
type affine struct{ a, ainv, b, m uint64 }

func newAffine(m, ha, hb uint64) affine {
	a := ha % m
	for a == 0 || a%2 == 0 || a%5 == 0 {
		a = (a + 1) % m
	}
	inv := new(big.Int).ModInverse(new(big.Int).SetUint64(a), new(big.Int).SetUint64(m))
	return affine{a: a, ainv: inv.Uint64(), b: hb % m, m: m}
}

func (f affine) apply(x uint64) uint64 {
	return (mulmod(f.a, x, f.m) + f.b) % f.m
}

func (f affine) invert(y uint64) uint64 {
	return mulmod(f.ainv, (y%f.m+f.m-f.b)%f.m, f.m)
}

// phoneDigits strips the forms a number arrives in ("+49 151-…",
// "49151…@s.whatsapp.net") down to digits; ok is false when anything else is left.
func phoneDigits(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if at := strings.IndexByte(s, '@'); at >= 0 {
		if s[at:] != "@s.whatsapp.net" && s[at:] != "@c.us" {
			return "", false
		}
		s = s[:at]
	}
	if i := strings.IndexByte(s, ':'); i >= 0 { // device suffix "4915…:12"
		s = s[:i]
	}
	s = strings.TrimPrefix(s, "+")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '(' || r == ')' || r == '.':
		default:
			return "", false
		}
	}
	return b.String(), b.Len() > 0
}

// plausibleNumber says whether digits could be an E.164 number.
func plausibleNumber(digits string) bool {
	return len(digits) >= 8 && len(digits) <= 15 && digits[0] != '0'
}

// onWhatsApp decides for numbers outside the address book: most exist.
func onWhatsApp(seed uint64, digits string) bool {
	return plausibleNumber(digits) && mix(seed, hashString(digits), purposeOnWhatsApp)%100 < 82
}

func parseDigits(s string) (uint64, bool) {
	v, err := strconv.ParseUint(s, 10, 64)
	return v, err == nil
}
