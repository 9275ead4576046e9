package fake

import (
	"testing"
	"time"
)

// rotationsOver connects session 15 and reads its QR code every 100 ms
// for d, returning when (after connect) each new string appeared.
func rotationsOver(t *testing.T, opts Options, d time.Duration) (first string, at []time.Duration) {
	h := newHarness(t, opts)
	h.do("POST", "/api/whatsapp-sessions/15/connect", h.pat(), nil)
	prev := qrOf(h, fieldTeam)
	first = prev
	for el := time.Duration(0); el < d; {
		h.clock.Advance(100 * time.Millisecond)
		el += 100 * time.Millisecond
		cur := qrOf(h, fieldTeam)
		if got, _ := h.srv.PairingString(fieldTeam); got != cur {
			t.Fatalf("PairingString differs from the endpoint at %s", el)
		}
		if cur != prev {
			at = append(at, el)
			prev = cur
		}
	}
	return first, at
}

func TestQRPhaseShortensTheFirstCode(t *testing.T) {
	_, at := rotationsOver(t, Options{QRRotate: 20 * time.Second, QRPhase: 15 * time.Second}, 46*time.Second)
	want := []time.Duration{5 * time.Second, 25 * time.Second, 45 * time.Second}
	if len(at) != len(want) {
		t.Fatalf("rotations at %v, want %v", at, want)
	}
	for i := range want {
		if at[i] != want[i] {
			t.Errorf("rotations at %v, want %v", at, want)
		}
	}
}

func TestQRJitterMovesRotationsWithinItsBound(t *testing.T) {
	_, at := rotationsOver(t, Options{QRRotate: 20 * time.Second, QRJitter: 5 * time.Second}, 10*time.Minute)
	if len(at) < 28 || len(at) > 31 {
		t.Fatalf("%d rotations in 10 minutes of 20 s ± 5 s", len(at))
	}
	offGrid := 0
	for i, a := range at {
		grid := time.Duration(i+1) * 20 * time.Second
		if d := a - grid; d < -5*time.Second || d > 5*time.Second {
			t.Errorf("rotation %d at %s, more than 5 s from %s", i+1, a, grid)
		}
		if a != grid {
			offGrid++
		}
	}
	if offGrid < len(at)/2 {
		t.Errorf("only %d of %d rotations off the 20 s grid", offGrid, len(at))
	}
	// The same seed gives the same schedule.
	_, again := rotationsOver(t, Options{QRRotate: 20 * time.Second, QRJitter: 5 * time.Second}, 10*time.Minute)
	if len(again) != len(at) || again[3] != at[3] {
		t.Error("the jittered schedule is not deterministic")
	}
}

func TestClockOffsetShiftsWhatTheServerReports(t *testing.T) {
	h := newHarness(t, Options{ClockOffset: -90 * time.Minute})
	r := h.do("POST", "/api/whatsapp-sessions/16/connect", h.pat(), map[string]any{"linkMethod": "passkey"})
	if got := dig(t, r.json(t), "data", "passkey", "expires_at"); got != "2025-09-23T10:35:00Z" {
		t.Errorf("expires_at %v, want 5 minutes after the server's 10:30", got)
	}
	// Rotations keep the server's own rhythm whatever its clock says.
	_, at := rotationsOver(t, Options{QRRotate: 20 * time.Second, ClockOffset: 3 * time.Hour}, 41*time.Second)
	if len(at) != 2 || at[0] != 20*time.Second || at[1] != 40*time.Second {
		t.Errorf("rotations at %v", at)
	}
}

// qrcode.updated follows the same schedule as the QR endpoint.
func TestQRWebhooksFollowTheJitteredSchedule(t *testing.T) {
	sink := newHookSink(t)
	h := newHarness(t, Options{WebhookURL: sink.url, WebhookTick: 2 * time.Millisecond, QRRotate: 20 * time.Second, QRPhase: 12 * time.Second, QRJitter: 5 * time.Second})
	t.Cleanup(h.srv.Close)
	key := h.key(fieldTeam)
	h.do("POST", "/api/whatsapp-sessions/15/connect", h.pat(), nil)
	var served []string
	for range 12 { // a minute in 5 s steps, the steps the webhooks see too
		served = append(served, qrOf(h, fieldTeam))
		if n := len(served); n > 1 && served[n-1] == served[n-2] {
			served = served[:n-1]
		}
		want := len(served)
		got := sink.wait(t, "the QR served", func(g []hookDelivery) bool { return len(of(g, key, "qrcode.updated")) == want })
		if qr := dig(t, of(got, key, "qrcode.updated")[want-1].env, "data", "qr"); qr != served[want-1] {
			t.Fatalf("webhook %d differs from the code served", want)
		}
		h.clock.Advance(5 * time.Second)
	}
	if len(served) < 3 {
		t.Fatalf("%d codes in a minute", len(served))
	}
}
