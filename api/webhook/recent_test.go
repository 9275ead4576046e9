package webhook

import (
	"context"
	"strconv"
	"strings"
	"testing"
)

// A subscriber who comes later starts with what the receiver keeps: the
// latest events, oldest first, and then every later one, none twice.
func TestALaterSubscriberStartsWithTheKeptEvents(t *testing.T) {
	secrets := NewSecrets(SecretOptions{Source: account()})
	if err := secrets.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	r := &rig{t: t, rcv: New(Options{Secrets: secrets, Keep: 3})}
	post := func(i int) {
		body := `{"event":"session.status","data":{"status":"connected","n":` + strconv.Itoa(i) + `}}`
		if rec := r.post("POST", secretSupport, body); rec.Code != 200 {
			t.Fatalf("answered %d %s", rec.Code, rec.Body)
		}
	}
	for i := 1; i <= 5; i++ {
		post(i)
	}
	sub, kept := r.rcv.SubscribeKept(SubscribeOptions{})
	var seqs []string
	for _, e := range kept {
		seqs = append(seqs, strconv.FormatUint(e.Seq, 10))
	}
	post(6)
	for _, e := range sub.Take().Events {
		seqs = append(seqs, strconv.FormatUint(e.Seq, 10))
	}
	if got := strings.Join(seqs, " "); got != "3 4 5 6" {
		t.Errorf("events %s, want 3 4 5 6", got)
	}
	if _, kept := New(Options{Secrets: secrets}).SubscribeKept(SubscribeOptions{}); kept != nil {
		t.Errorf("a receiver that keeps nothing kept %d", len(kept))
	}
}

// What is kept is bounded by size as well as by count.
func TestRecentIsBoundedBySize(t *testing.T) {
	k := newRecent(100, 3*(512+10))
	var dropped uint64
	for range 10 {
		dropped += k.add(&Event{Body: make([]byte, 10)})
	}
	if len(k.list()) != 3 || dropped != 7 || k.bytes != 3*522 {
		t.Errorf("kept %d, dropped %d, %d bytes", len(k.list()), dropped, k.bytes)
	}
}
