package fake

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// outbox holds webhook deliveries for one sender, oldest first; when full,
// the oldest make way and are counted.
type outbox struct {
	client *http.Client
	wake   chan struct{}

	mu     sync.Mutex
	queue  []delivery
	max    int
	active bool // a delivery is being sent

	sent, failed, dropped atomic.Uint64
}

type delivery struct {
	url, secret string
	body        []byte
}

func newOutbox(size int) *outbox {
	return &outbox{client: &http.Client{Timeout: 5 * time.Second}, wake: make(chan struct{}, 1), max: size}
}

func (o *outbox) push(d delivery) {
	o.mu.Lock()
	if len(o.queue) >= o.max {
		o.queue = append(o.queue[:0], o.queue[1:]...)
		o.dropped.Add(1)
	}
	o.queue = append(o.queue, d)
	o.mu.Unlock()
	select {
	case o.wake <- struct{}{}:
	default:
	}
}

func (o *outbox) run(stop <-chan struct{}) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-stop
		cancel()
	}()
	for {
		select {
		case <-stop:
			return
		case <-o.wake:
		}
		for {
			d, ok := o.pop()
			if !ok || ctx.Err() != nil {
				break
			}
			if o.send(ctx, d) {
				o.sent.Add(1)
			} else {
				o.failed.Add(1)
			}
		}
	}
}

func (o *outbox) waiting() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	n := len(o.queue)
	if o.active {
		n++
	}
	return n
}

// pop takes the next delivery; it counts as waiting until the next pop.
func (o *outbox) pop() (delivery, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.active = len(o.queue) > 0
	if len(o.queue) == 0 {
		return delivery{}, false
	}
	d := o.queue[0]
	o.queue[0] = delivery{}
	o.queue = o.queue[1:]
	return d, true
}

func (o *outbox) send(ctx context.Context, d delivery) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.url, bytes.NewReader(d.body))
	if err != nil {
		return false
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Webhook-Signature", d.secret)
	req.Header.Set("User-Agent", "wasender-tui-fake")
	resp, err := o.client.Do(req)
	if err != nil {
		return false
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	return resp.StatusCode/100 == 2
}
