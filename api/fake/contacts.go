package fake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
)

// contactBook is a session's address book, stored as a formula: contact i is
// rebuilt from (seed, session, i) whenever it is needed, and a phone number
// maps back to i through the per-plan bijections.
type contactBook struct {
	seed    uint64
	session uint64
	count   int
	home    []int
	numbers []affine // one per number plan
}

type contact struct {
	digits   string
	name     *string
	notify   *string
	verified *string
	img      *string
	status   *string
	lid      string
}

func newContactBook(seed uint64, session, count int, home []int) *contactBook {
	b := &contactBook{seed: seed, session: uint64(session), count: count, home: home}
	b.numbers = make([]affine, len(numberPlans))
	for p, plan := range numberPlans {
		b.numbers[p] = newAffine(pow10(plan.width),
			mix(seed, b.session, uint64(p), purposeAffineA),
			mix(seed, b.session, uint64(p), purposeAffineB))
	}
	return b
}

func (b *contactBook) plan(i int) int {
	h := mix(b.seed, b.session, uint64(i), purposeCountry)
	if h%100 < 60 && len(b.home) > 0 {
		return pick(b.home, h>>8)
	}
	return int((h >> 16) % uint64(len(numberPlans)))
}

func (b *contactBook) digitsOf(i int) string {
	p := b.plan(i)
	return numberPlans[p].prefix + zeroPad(b.numbers[p].apply(uint64(i)), numberPlans[p].width)
}

// find maps digits back to the contact index.
func (b *contactBook) find(digits string) (int, bool) {
	for p, plan := range numberPlans {
		if len(digits) != len(plan.prefix)+plan.width || digits[:len(plan.prefix)] != plan.prefix {
			continue
		}
		x, ok := parseDigits(digits[len(plan.prefix):])
		if !ok {
			continue
		}
		i := b.numbers[p].invert(x)
		if i < uint64(b.count) && b.plan(int(i)) == p {
			return int(i), true
		}
	}
	return 0, false
}

func (b *contactBook) lidOf(i int) string {
	return strconv.FormatUint(100000000000000+mix(b.seed, b.session, uint64(i), purposeLID)%900000000000000, 10)
}

func (b *contactBook) at(i int) contact {
	p := b.plan(i)
	pool := namePools[numberPlans[p].pool]
	h := mix(b.seed, b.session, uint64(i), purposeContact)
	first, last := pick(pool.first, h), pick(pool.last, h>>12)
	c := contact{digits: b.digitsOf(i), lid: b.lidOf(i)}
	switch kind := (h >> 24) % 100; {
	case kind < 4: // a business account
		biz := last + pick(businessSuffixes, h>>32)
		c.name, c.verified, c.notify = &biz, &biz, &biz
	case kind < 18: // not in the address book: only the push name is known
		notify := first + pick(nicknameDecor, h>>32)
		c.notify = &notify
	case kind < 21: // saved, but no push name synced
		full := first + " " + last
		c.name = &full
	default:
		full := first + " " + last
		notify := first + pick(nicknameDecor, h>>32)
		c.name, c.notify = &full, &notify
	}
	x := mix(b.seed, b.session, uint64(i), purposeContactExtra)
	if x%100 < 62 {
		url := profilePictureURL(x)
		c.img = &url
	}
	if (x>>8)%100 < 45 {
		st := pick(statusTexts, x>>16)
		c.status = &st
	}
	return c
}

func profilePictureURL(h uint64) string {
	return fmt.Sprintf("https://pps.whatsapp.net/v/t61.24694-24/%d_%d_%d_n.jpg?ccb=11-4&oh=01_Q5AaI%016x&oe=%X&_nc_sid=5e03e0&_nc_cat=10%d",
		400000000+h%99999999, 1000000000000000+(h>>7)%999999999999999, 2000000000000000+(h>>11)%999999999999999,
		splitmix(h), 0x68000000+uint32(h>>40)%0xFFFFFF, (h>>50)%10)
}

type contactListItem struct {
	JID          string  `json:"jid"`
	Name         *string `json:"name"`
	Notify       *string `json:"notify"`
	VerifiedName *string `json:"verifiedName"`
	ImgURL       *string `json:"imgUrl"`
	Status       *string `json:"status"`
}

type contactInfo struct {
	ID           string  `json:"id"`
	Name         *string `json:"name"`
	Notify       *string `json:"notify"`
	VerifiedName *string `json:"verifiedName"`
	ImgURL       *string `json:"imgUrl"`
	Status       *string `json:"status"`
}

type pictureJSON struct {
	ImgURL *string `json:"imgUrl"`
}

func (c contact) listItem() contactListItem {
	return contactListItem{c.digits, c.name, c.notify, c.verified, c.img, c.status}
}

func (s *Server) listContacts(c *call) reply {
	book := c.sess.contacts
	if !wantsPagination(c) {
		return streamArray(book.count, func(i int) any { return book.at(i).listItem() })
	}
	p := newPagination(c, s.opts.MaxPerPage, book.count)
	from, to := p.bounds()
	items := make([]contactListItem, 0, to-from)
	for i := from; i < to; i++ {
		items = append(items, book.at(i).listItem())
	}
	return ok(itemsPage{Items: items, Pagination: p})
}

func (s *Server) findContact(c *call) (contact, bool) {
	digits, ok := phoneDigits(c.params[0])
	if !ok {
		return contact{}, false
	}
	i, ok := c.sess.contacts.find(digits)
	if !ok {
		return contact{}, false
	}
	return c.sess.contacts.at(i), true
}

// showContact: the docs do not show an unknown number; 404 with the message
// envelope is a guess.
func (s *Server) showContact(c *call) reply {
	ct, found := s.findContact(c)
	if !found {
		return failMessage(http.StatusNotFound, "Contact not found.")
	}
	return ok(contactInfo{ct.digits + "@s.whatsapp.net", ct.name, ct.notify, ct.verified, ct.img, ct.status})
}

// contactPicture answers imgUrl null for numbers it does not know, as WhatsApp
// does when a picture is hidden by privacy settings.
func (s *Server) contactPicture(c *call) reply {
	ct, _ := s.findContact(c)
	return ok(pictureJSON{ct.img})
}

// streamArray writes {"success":true,"data":[…]} item by item with one
// encoder, so the plain 100k-contact list never holds 100k structs at once.
func streamArray(n int, item func(int) any) reply {
	var buf bytes.Buffer
	buf.Grow(64 + n*240)
	buf.WriteString(`{"success":true,"data":[`)
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for i := range n {
		if i > 0 {
			buf.WriteByte(',')
		}
		if err := enc.Encode(item(i)); err != nil {
			panic(err)
		}
		buf.Truncate(buf.Len() - 1) // Encode's newline
	}
	buf.WriteString("]}")
	return reply{status: http.StatusOK, contentType: "application/json", body: buf.Bytes()}
}
