package pairview

import (
	"strings"
	"testing"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/ui/uitest"
	"github.com/wasender-tui/wasender-tui/ui/view"
)

// A 240-byte pairing string like WhatsApp's.
var pairing240 = "2@" + strings.Repeat("AbCdEfGhIjKlMnOpQrStUvWxYz0123456789+/", 3)[:103] +
	"," + strings.Repeat("k", 43) + "=" + "," + strings.Repeat("m", 43) + "=" + "," + strings.Repeat("n", 43) + "="

func viewWithCode(b *testing.B, w, h int) *Model {
	env := uitest.New(b, fake.Options{})
	m := New(env.Ctx, &view.Stack{}, api.Session{ID: "14", Name: "Marketing Bot", PhoneNumber: "+34622198043", Status: "need_scan"})
	m.SetSize(w, h)
	m.gen = 1
	m.onEvent(api.PairEvent{Kind: api.PairCode, Code: pairing240[:240], Seq: 1, SeenAt: uitest.Epoch})
	return m
}

// BenchmarkView: one frame of the QR view at 120x40 (the code is drawn
// once per rotation; between rotations the frame does not change).
func BenchmarkView(b *testing.B) {
	m := viewWithCode(b, 120, 40)
	b.ReportAllocs()
	for range b.N {
		_ = m.View()
	}
}

// BenchmarkViewNewCode: the frame after a rotation: encode and draw anew.
func BenchmarkViewNewCode(b *testing.B) {
	m := viewWithCode(b, 120, 40)
	b.ReportAllocs()
	for i := range b.N {
		code := pairing240[:239] + string(rune('a'+i%26))
		m.onEvent(api.PairEvent{Kind: api.PairCode, Code: code, Seq: i + 2, SeenAt: uitest.Epoch})
		_ = m.View()
	}
}
