package webhook

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// A messages.upsert as the docs show it, 600-odd bytes.
func benchBody(i int) []byte {
	return fmt.Appendf(nil, `{"event":"messages.upsert","timestamp":1633456789,"sessionId":%q,"data":{"messages":[{"key":{"id":"3EB0%016X","fromMe":false,"remoteJid":"5551234567@s.whatsapp.net","senderPn":"5551234567@s.whatsapp.net","cleanedSenderPn":"5551234567","senderLid":"123456789@lid","addressingMode":"pn"},"messageBody":"Hello! I would like to know where my order is, it was due yesterday.","message":{"conversation":"Hello! I would like to know where my order is, it was due yesterday."},"pushName":"John Doe","messageTimestamp":1633456789}]}}`, keySupport, i)
}

func benchReceiver(b *testing.B) *Receiver {
	secrets := NewSecrets(SecretOptions{Source: account()})
	if err := secrets.Load(context.Background()); err != nil {
		b.Fatal(err)
	}
	return New(Options{Secrets: secrets})
}

// BenchmarkVerifyAndAnswer: the handler alone, every core posting.
func BenchmarkVerifyAndAnswer(b *testing.B) {
	rcv := benchReceiver(b)
	sub := rcv.Subscribe(SubscribeOptions{Events: 1 << 16})
	stop := drain(sub)
	defer stop()
	var n atomic.Int64
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			body := benchBody(int(n.Add(1)))
			req := httptest.NewRequest("POST", "/", bytes.NewReader(body))
			req.Header.Set(SignatureHeader, secretSupport)
			rec := httptest.NewRecorder()
			rcv.ServeHTTP(rec, req)
			if rec.Code != 200 {
				b.Fatal(rec.Code, rec.Body)
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "deliveries/s")
}

// BenchmarkOverLoopback: a real server and 16 keep-alive senders posting as
// fast as it answers; reports the rate and the answer time at that rate.
func BenchmarkOverLoopback(b *testing.B) {
	rcv := benchReceiver(b)
	sub := rcv.Subscribe(SubscribeOptions{Events: 1 << 16})
	stop := drain(sub)
	defer stop()
	srv := httptest.NewUnstartedServer(rcv)
	srv.Config = NewServer(rcv)
	srv.Start()
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	const senders = 16
	var mu sync.Mutex
	var times []time.Duration
	var next atomic.Int64
	b.ResetTimer()
	var wg sync.WaitGroup
	for range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for {
				i := next.Add(1)
				if i > int64(b.N) {
					break
				}
				req, _ := http.NewRequest("POST", srv.URL+"/hook", bytes.NewReader(benchBody(int(i))))
				req.Header.Set(SignatureHeader, secretSupport)
				start := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					b.Error(err)
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				mine = append(mine, time.Since(start))
				if resp.StatusCode != 200 {
					b.Error(resp.Status)
					return
				}
			}
			mu.Lock()
			times = append(times, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	b.StopTimer()
	slices.Sort(times)
	if len(times) == 0 {
		return
	}
	pct := func(p float64) float64 { return float64(times[int(p*float64(len(times)-1))].Microseconds()) }
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "deliveries/s")
	b.ReportMetric(pct(0.5), "p50-µs")
	b.ReportMetric(pct(0.99), "p99-µs")
}

// BenchmarkHold10000Events: the heap a subscriber holding 10,000 verified
// events (the docs' messages.upsert, 600-odd bytes each) keeps alive.
func BenchmarkHold10000Events(b *testing.B) {
	const n = 10000
	for b.Loop() {
		rcv := benchReceiver(b)
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		sub := rcv.Subscribe(SubscribeOptions{Events: n})
		for i := range n {
			req := httptest.NewRequest("POST", "/", bytes.NewReader(benchBody(i)))
			req.Header.Set(SignatureHeader, secretSupport)
			rcv.ServeHTTP(httptest.NewRecorder(), req)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		if got := len(sub.Take().Events); got != n {
			b.Fatalf("held %d", got)
		}
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "MiB/10k-events")
	}
}

// drain consumes a subscription until stopped.
func drain(sub *Subscription) func() {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			if _, err := sub.Next(ctx); err != nil {
				return
			}
		}
	}()
	return func() { cancel(); <-done }
}
