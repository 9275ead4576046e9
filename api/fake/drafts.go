package fake

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// draftMessage invents one outgoing message the way a session's traffic
// looks: mostly its contacts, some groups, a few unknown or broken numbers.
// The caller decides when it was sent and stores it.
func (s *Server) draftMessage(ss *session, r *rand.Rand, theme string) *messageLog {
	m := &messageLog{outcome: logStatusSent}
	book := ss.contacts
	first := "there"
	roll := r.IntN(100)
	switch {
	case roll < 80 && book.count > 0:
		c := book.at(r.IntN(book.count))
		first = firstName(c)
		m.to, m.jid = "+"+c.digits, c.digits+"@s.whatsapp.net"
		if r.IntN(100) < 3 {
			m.outcome, m.outcomeOf = logStatusFailed, "message timed out"
		}
	case roll < 88 && ss.groups.count > 0:
		m.to = ss.groups.jid(r.IntN(ss.groups.count))
		m.jid = m.to
		m.content = textContent(fmt.Sprintf(pick(groupMessageTemplates, r.Uint64()), first, 1+r.IntN(52)))
	case roll < 95:
		plan := numberPlans[r.IntN(len(numberPlans))]
		digits := plan.prefix + zeroPad(r.Uint64N(pow10(plan.width)), plan.width)
		m.to, m.jid = "+"+digits, digits+"@s.whatsapp.net"
		if !onWhatsApp(s.seed, digits) {
			m.outcome, m.outcomeOf = logStatusFailed, "recipient not on WhatsApp"
		}
	default:
		digits := numberPlans[r.IntN(len(numberPlans))].prefix + zeroPad(r.Uint64N(10000), 4)
		m.to, m.jid = "+"+digits, digits+"@s.whatsapp.net"
		m.outcome, m.outcomeOf = logStatusFailed, "invalid WhatsApp number"
	}
	if m.content == "" {
		m.content = s.draftContent(r, theme, first)
	}
	return m
}

func (s *Server) draftContent(r *rand.Rand, theme, first string) string {
	templates := messageTemplates[theme]
	if templates == nil {
		templates = messageTemplates["generic"]
	}
	n := 10000 + r.IntN(90000)
	text := fmt.Sprintf(pick(templates, r.Uint64()), first, n)
	switch roll := r.IntN(100); {
	case roll < 8:
		return encodeContent(map[string]any{"imageUrl": fmt.Sprintf("https://cdn.example.com/media/%d.jpg", n), "text": text})
	case roll < 12:
		return encodeContent(map[string]any{"documentUrl": fmt.Sprintf("https://files.example.com/invoices/INV-%d.pdf", n), "fileName": fmt.Sprintf("INV-%d.pdf", n)})
	}
	return textContent(text)
}

func textContent(text string) string { return encodeContent(map[string]any{"text": text}) }

// encodeContent is how a message log stores its body: JSON inside a string.
func encodeContent(v map[string]any) string { return string(encodeJSON(v)) }

func firstName(c contact) string {
	switch {
	case c.verified != nil:
		return "team"
	case c.name != nil:
		name, _, _ := strings.Cut(*c.name, " ")
		return name
	case c.notify != nil:
		name, _, _ := strings.Cut(*c.notify, " ")
		return name
	}
	return "there"
}

// settleDelay is how long a message stays in_progress.
func settleDelay(r *rand.Rand) time.Duration {
	return 1500*time.Millisecond + time.Duration(r.IntN(4000))*time.Millisecond
}
