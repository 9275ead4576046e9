package events

import (
	"runtime"
	"strconv"
	"testing"

	"github.com/wasender-tui/wasender-tui/api/webhook"
)

// mixed is a delivery like the demo's: a message sent with its text, its
// status updates, a session's status.
func mixed(i int) string {
	id := strconv.Itoa(1_000_000 + i)
	switch i % 4 {
	case 0:
		return `{"event":"messages.upsert","timestamp":1764072000,"sessionId":"` + keySales + `","data":{"messages":[{"key":{"id":"3EB0` + id + `","fromMe":true,"remoteJid":"34622198043@s.whatsapp.net"},"messageBody":"Hola Amelia, ¿tienes unos minutos para hablar de tu pedido #` + id + `? Te llamo cuando quieras.","message":{"conversation":"Hola Amelia, ¿tienes unos minutos para hablar de tu pedido #` + id + `?"},"messageTimestamp":1764072000}]}}`
	case 1, 2:
		return `{"event":"messages.update","timestamp":1764072000123,"sessionId":"` + keySales + `","data":{"key":{"id":"3EB0` + id + `","fromMe":true,"remoteJid":"34622198043@s.whatsapp.net"},"update":{"status":` + strconv.Itoa(2+i%4) + `}}}`
	}
	return `{"event":"session.status","timestamp":1764072000,"sessionId":"` + keySales + `","data":{"status":"connected"}}`
}

// The memory of 10,000 events in the pane: what the rows hold beyond the
// events themselves (MiB/rows), and with the events' bodies and decoding
// (MiB/all), which the pane shares with the receiver's kept events.
func BenchmarkPaneMemory10000Events(b *testing.B) {
	for b.Loop() {
		runtime.GC()
		var before, mid, after runtime.MemStats
		runtime.ReadMemStats(&before)
		h := newHarness(b, 200, 60)
		evs := make([]*webhook.Event, 0, Keep)
		for i := range Keep {
			body := mixed(i)
			env, err := webhook.Decode([]byte(body))
			if err != nil {
				b.Fatal(err)
			}
			evs = append(evs, &webhook.Event{Envelope: env, Session: webhook.Session{ID: "12", Name: "Sales EU"}, Body: []byte(body), Seq: uint64(i + 1)})
		}
		runtime.GC()
		runtime.ReadMemStats(&mid)
		h.m.add(webhook.Batch{Events: evs})
		runtime.GC()
		runtime.ReadMemStats(&after)
		if h.m.ring.len() != Keep {
			b.Fatalf("held %d", h.m.ring.len())
		}
		b.ReportMetric(float64(after.HeapAlloc-mid.HeapAlloc)/(1<<20), "MiB/rows")
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "MiB/all")
		runtime.KeepAlive(h)
		runtime.KeepAlive(evs)
	}
}

// A frame of the pane at 200x60 holding 10,000 events, following.
func BenchmarkView200x60With10000Events(b *testing.B) {
	h := newHarness(b, 200, 60)
	for i := range Keep {
		h.deliver(secretSales, mixed(i))
		if i%1000 == 999 {
			h.drain()
		}
	}
	if len(h.m.list.Lines) != Keep {
		b.Fatalf("shown %d", len(h.m.list.Lines))
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = h.m.View()
	}
}

// Taking a drain of 1,000 events into a pane that holds 10,000 already:
// the cost of one busy second.
func BenchmarkTake1000Into10000(b *testing.B) {
	h := newHarness(b, 200, 60)
	batch := make([]*webhook.Event, 1000)
	for i := range batch {
		body := mixed(i)
		env, _ := webhook.Decode([]byte(body))
		batch[i] = &webhook.Event{Envelope: env, Session: webhook.Session{ID: "12", Name: "Sales EU"}, Body: []byte(body)}
	}
	for range 10 {
		h.m.add(webhook.Batch{Events: batch})
	}
	b.ReportAllocs()
	for b.Loop() {
		h.m.add(webhook.Batch{Events: batch})
	}
}
