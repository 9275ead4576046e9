package webhook

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestForwardRelaysBodyAndSignatureUnchanged(t *testing.T) {
	a, b := newRig(t), newRig(t)
	bSrv := httptest.NewServer(b.rcv)
	defer bSrv.Close()
	fw := &Forwarder{URL: bSrv.URL + "/from-a"}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	sub := a.rcv.Subscribe(SubscribeOptions{})
	done := make(chan struct{})
	go func() { fw.Run(ctx, sub); close(done) }()

	body := "{ \"event\": \"messages.received\",\n \"data\": {\"messages\": {\"key\": {\"id\": \"Z\"}}} }"
	if rec := a.post("POST", secretSales, body); rec.Code != 200 {
		t.Fatal(rec.Code)
	}
	got, err := b.sub.Next(ctx)
	if err != nil {
		t.Fatal(err)
	}
	e := got.Events[0]
	if !bytes.Equal(e.Body, []byte(body)) || e.Session.ID != "12" || !e.Forwarded {
		t.Errorf("relayed %q for session %s (forwarded %v)", e.Body, e.Session.ID, e.Forwarded)
	}
	// what arrived forwarded is not forwarded again
	back := &Forwarder{URL: "http://127.0.0.1:1/never"}
	bsub := b.rcv.Subscribe(SubscribeOptions{})
	b.post("POST", secretSales, body, ForwardedHeader, "1")
	bsub.Close()
	back.Run(ctx, bsub)
	if st := back.Stats(); st.Skipped != 1 || st.Sent != 0 || st.Failed != 0 {
		t.Errorf("loop guard: %+v", st)
	}
	sub.Close()
	<-done
	if st := fw.Stats(); st.Sent != 1 || st.Failed != 0 {
		t.Errorf("stats %+v", st)
	}
}

func TestAFailingTargetIsCountedAndNeverBlocksTheAnswer(t *testing.T) {
	var hits atomic.Int32
	release := make(chan struct{})
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		<-release
		w.WriteHeader(http.StatusBadGateway)
	}))
	defer target.Close()
	r := newRig(t)
	fw := &Forwarder{URL: target.URL}
	sub := r.rcv.Subscribe(SubscribeOptions{Events: 5})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	done := make(chan struct{})
	go func() { fw.Run(ctx, sub); close(done) }()
	for i := range 20 {
		if rec := r.post("POST", secretSupport, `{"event":"call","data":{"call":{"id":"`+strings.Repeat("x", i)+`"}}}`); rec.Code != 200 {
			t.Fatalf("delivery %d: %d while the target hangs", i, rec.Code)
		}
	}
	close(release)
	sub.Close()
	<-done
	st := fw.Stats()
	if st.Sent != 0 || st.Failed == 0 || st.Failed+sub.Missed() != 20 || !strings.Contains(st.LastError, "502") {
		t.Errorf("stats %+v, missed %d", st, sub.Missed())
	}
}

func TestCheckForward(t *testing.T) {
	for raw, ok := range map[string]bool{
		"":                            true,
		"https://hooks.example/x":     true,
		"http://127.0.0.1:9000/":      true,
		"http://127.0.0.1:8090/":      false,
		"http://localhost:8090/again": false,
		"http://[::1]:8090":           false,
		"ftp://x/":                    false,
		"hooks.example/x":             false,
		"http://":                     false,
	} {
		err := CheckForward(raw, "127.0.0.1:8090")
		if (err == nil) != ok {
			t.Errorf("CheckForward(%q) = %v", raw, err)
		}
	}
}

// A target refusing an event is the last error, without the password its
// URL may carry.
func TestForwardErrorsHideTheURLsPassword(t *testing.T) {
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
	}))
	defer target.Close()
	r := newRig(t)
	fw := &Forwarder{URL: strings.Replace(target.URL, "http://", "http://relay:hunter2@", 1)}
	sub := r.rcv.Subscribe(SubscribeOptions{})
	if rec := r.post("POST", secretSupport, `{"event":"call","data":{}}`); rec.Code != 200 {
		t.Fatal(rec.Code)
	}
	sub.Close()
	fw.Run(context.Background(), sub)
	st := fw.Stats()
	if st.Failed != 1 || !strings.Contains(st.LastError, "502") || strings.Contains(st.LastError, "hunter2") {
		t.Errorf("stats %+v", st)
	}
}
