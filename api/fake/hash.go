package fake

import (
	"math/rand/v2"
	"strconv"
)

// Every generated value is a pure function of (seed, session, index, purpose),
// so nothing large has to be stored and any item can be rebuilt on demand.
const (
	purposeAPIKey uint64 = iota + 1
	purposeSecret
	purposeCountry
	purposeAffineA
	purposeAffineB
	purposeContact
	purposeContactExtra
	purposeLID
	purposeGroup
	purposeParticipants
	purposeInvite
	purposeQRKeys
	purposeQRRef
	purposeHistory
	purposeActivity
	purposePasskey
	purposeOnWhatsApp
	purposeWAID
	purposeSettle
	purposeTies
	purposeIncident
	purposeRole
	purposeQRJitter
)

func splitmix(x uint64) uint64 {
	x += 0x9E3779B97F4A7C15
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9
	x = (x ^ (x >> 27)) * 0x94D049BB133111EB
	return x ^ (x >> 31)
}

func mix(vals ...uint64) uint64 {
	h := uint64(0x6A09E667F3BCC909)
	for _, v := range vals {
		h = splitmix(h ^ splitmix(v))
	}
	return h
}

func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

func newRand(a, b, c, d uint64) *rand.Rand {
	return rand.New(rand.NewPCG(mix(a, b, c, d), mix(d, c, b, a)))
}

const hexDigits = "0123456789abcdef"

func hexString(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = hexDigits[r.IntN(16)]
	}
	return string(b)
}

const base62Digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

func base62String(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = base62Digits[r.IntN(len(base62Digits))]
	}
	return string(b)
}

func randomBytes(r *rand.Rand, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// pick returns list[h mod len(list)].
func pick[T any](list []T, h uint64) T {
	return list[h%uint64(len(list))]
}

func zeroPad(x uint64, width int) string {
	var digits [20]byte
	d := strconv.AppendUint(digits[:0], x, 10)
	if len(d) >= width {
		return string(d)
	}
	out := make([]byte, width)
	pad := width - len(d)
	for i := range pad {
		out[i] = '0'
	}
	copy(out[pad:], d)
	return string(out)
}
