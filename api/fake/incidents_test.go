package fake

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// span counts what a session's logs hold between from and to: session
// logs, and messages by outcome with their reasons.
type span struct {
	states       int
	sent, failed int
	reasons      map[string]int
}

func (h *harness) spanOf(id int, from, to time.Time) span {
	h.srv.mu.Lock()
	defer h.srv.mu.Unlock()
	h.srv.advance(h.clock.Now())
	ss := h.srv.sessions[id]
	w := span{reasons: map[string]int{}}
	for _, l := range ss.sessionLogs {
		if !l.at.Before(from) && l.at.Before(to) {
			w.states++
		}
	}
	for _, m := range ss.messageLogs {
		if m.createdAt.Before(from) || !m.createdAt.Before(to) {
			continue
		}
		switch m.status {
		case logStatusSent:
			w.sent++
		case logStatusFailed:
			w.failed++
			w.reasons[m.reason]++
		}
	}
	return w
}

func (w span) rate() float64 {
	if w.sent+w.failed == 0 {
		return 0
	}
	return float64(w.failed) / float64(w.sent+w.failed)
}

// A fresh world with incidents already shows the flapper's flap and the
// outage in its last hour; without them the last hour is calm.
func TestIncidentsAreInTheLastHourAtOnce(t *testing.T) {
	for _, on := range []bool{false, true} {
		h := newHarness(t, Options{Incidents: on})
		now := h.clock.Now()
		sales := h.spanOf(salesEU, now.Add(-time.Hour), now.Add(time.Second))
		orders := h.spanOf(orderUpdates, now.Add(-time.Hour), now.Add(time.Second))
		desk := h.spanOf(supportDesk, now.Add(-time.Hour), now.Add(time.Second))
		t.Logf("incidents %v: Sales EU %d session logs; Order Updates %d sent %d failed %v; Support Desk %d/%d", on,
			sales.states, orders.sent, orders.failed, orders.reasons, desk.sent, desk.failed)
		if !on {
			if sales.states >= 3 || orders.failed >= 5 && orders.rate() >= 0.2 {
				t.Errorf("the calm world has trouble: %+v %+v", sales, orders)
			}
			continue
		}
		if sales.states < 6 {
			t.Errorf("the flapper has %d session logs in the last hour, want its episode (6)", sales.states)
		}
		if orders.sent+orders.failed < 100 || orders.rate() < 0.5 || orders.reasons["message timed out"] < 50 {
			t.Errorf("Order Updates' outage: %d sent, %d failed %v", orders.sent, orders.failed, orders.reasons)
		}
		if desk.states >= 3 || desk.failed >= 5 && desk.rate() >= 0.2 {
			t.Errorf("Support Desk is in trouble too: %+v", desk)
		}
	}
}

// Live, over six hours: the flapper flaps in episodes, the outage-prone
// session has an outage with one of the reasons, every session sends bad
// bursts, and the other sessions hardly flap at all.
func TestIncidentsComeNowAndThen(t *testing.T) {
	run := func() string {
		h := newHarness(t, Options{Incidents: true, LogActivity: true, Contacts: 50, Groups: 3})
		start := h.clock.Now()
		var hourly []string
		episodes, outages, calm := 0, 0, 0
		for hour := range 6 {
			for range 12 { // within catchUpWindow, so nothing is skipped
				h.clock.Advance(5 * time.Minute)
				h.spanOf(supportDesk, start, start)
			}
			from := start.Add(time.Duration(hour) * time.Hour)
			sales := h.spanOf(salesEU, from, h.clock.Now())
			orders := h.spanOf(orderUpdates, from, h.clock.Now())
			desk := h.spanOf(supportDesk, from, h.clock.Now())
			if sales.states >= 4 {
				episodes++
			}
			if orders.rate() >= 0.2 {
				outages++
				found := false
				for r := range orders.reasons {
					found = found || slices.Contains(outageReasons, r)
				}
				if !found {
					t.Errorf("hour %d: an outage without its reason: %v", hour, orders.reasons)
				}
			}
			if desk.states < 3 {
				calm++
			}
			hourly = append(hourly, fmt.Sprintf("%d:%d/%d:%d/%d:%v", sales.states, orders.failed, orders.sent, desk.failed, desk.sent, desk.reasons))
		}
		t.Logf("per hour (flapper logs : outage failed/sent : desk failed/sent reasons): %v", hourly)
		if episodes < 2 || episodes == 6 {
			t.Errorf("the flapper flapped in %d of 6 hours; want now and then", episodes)
		}
		if outages < 1 || outages > 4 {
			t.Errorf("Order Updates failed in %d of 6 hours", outages)
		}
		if calm < 5 {
			t.Errorf("Support Desk flapped in %d of 6 hours", 6-calm)
		}
		return fmt.Sprint(hourly)
	}
	if a, b := run(), run(); a != b {
		t.Errorf("two runs differ:\n%s\n%s", a, b)
	}
}

// More sessions than the demo's six: unique ids, names and numbers, most
// connected but every state present, and room to create one more.
func TestMoreSessions(t *testing.T) {
	h := newHarness(t, Options{Sessions: 50, Contacts: 10, Groups: 2})
	list := h.get("/api/whatsapp-sessions", h.pat(), 200)["data"].([]any)
	if len(list) != 50 {
		t.Fatalf("%d sessions listed, want 50", len(list))
	}
	names, phones, states := map[string]bool{}, map[string]bool{}, map[string]int{}
	for _, it := range list {
		s := it.(map[string]any)
		names[s["name"].(string)] = true
		phones[s["phone_number"].(string)] = true
		states[s["status"].(string)]++
	}
	if len(names) != 50 || len(phones) != 50 {
		t.Errorf("%d names and %d numbers for 50 sessions", len(names), len(phones))
	}
	if states[statusConnected] < 30 || len(states) < 4 {
		t.Errorf("states %v", states)
	}
	for _, it := range list[45:] {
		id := int(it.(map[string]any)["id"].(float64))
		if p := readLogPage(h, fmt.Sprintf("/api/whatsapp-sessions/%d/session-logs", id)); p.total == 0 {
			t.Errorf("session %d has no session logs", id)
		}
	}
	if r := h.do("POST", "/api/whatsapp-sessions", h.pat(), map[string]any{"name": "One more", "phone_number": "+4915112345678",
		"account_protection": false, "log_messages": true}); r.status != 403 {
		t.Errorf("creating a 51st session: %d; the plan holds the 50 there are", r.status)
	}
}
