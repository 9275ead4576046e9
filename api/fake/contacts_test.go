package fake

import (
	"fmt"
	"reflect"
	"regexp"
	"testing"
	"time"
)

var digitsOnly = regexp.MustCompile(`^[1-9]\d{7,14}$`)

type itemsResult struct {
	items                          []map[string]any
	total, page, limit, totalPages int
}

func readItems(h *harness, target, token string) itemsResult {
	h.t.Helper()
	data := h.get(target, token, 200)["data"].(map[string]any)
	p := data["pagination"].(map[string]any)
	r := itemsResult{total: int(p["total"].(float64)), page: int(p["page"].(float64)),
		limit: int(p["limit"].(float64)), totalPages: int(p["totalPages"].(float64))}
	for _, it := range data["items"].([]any) {
		r.items = append(r.items, it.(map[string]any))
	}
	return r
}

func TestNewIsFastAt100kContacts(t *testing.T) {
	start := time.Now()
	New(Options{Contacts: 100000, Groups: 5000})
	if took := time.Since(start); took > 500*time.Millisecond {
		t.Errorf("New with 100k contacts took %v", took)
	}
}

// Walk every page of 100k contacts and 5k groups: no duplicates, totals add up.
func TestContactsAndGroupsAtScale(t *testing.T) {
	if testing.Short() {
		t.Skip("walks 100k contacts")
	}
	h := newHarness(t, Options{Contacts: 100000, Groups: 5000, MaxPerPage: 1000})
	key := h.key(supportDesk)
	first := readItems(h, "/api/contacts?paginated=true&limit=1000", key)
	if first.total != 100000 || first.totalPages != 100 || first.limit != 1000 {
		t.Fatalf("pagination %+v", first)
	}
	seen := make(map[string]bool, first.total)
	for page := 1; page <= first.totalPages; page++ {
		r := readItems(h, fmt.Sprintf("/api/contacts?paginated=true&limit=1000&page=%d", page), key)
		for _, c := range r.items {
			jid := c["jid"].(string)
			if seen[jid] || !digitsOnly.MatchString(jid) {
				t.Fatalf("page %d: jid %q duplicate or malformed", page, jid)
			}
			seen[jid] = true
		}
		h.clock.Advance(time.Second)
	}
	if len(seen) != 100000 {
		t.Fatalf("%d distinct contacts, want 100000", len(seen))
	}
	if r := readItems(h, "/api/contacts?paginated=true&limit=1000&page=101", key); len(r.items) != 0 {
		t.Errorf("page past the end has %d items", len(r.items))
	}
	// spot checks: the other sessions vary a little; lookups find any contact
	if n := readItems(h, "/api/contacts?paginated=true&limit=1", h.key(salesEU)).total; n != 96000 {
		t.Errorf("session 12 has %d contacts", n)
	}
	if n := readItems(h, "/api/contacts?paginated=true&limit=1", h.key(orderUpdates)).total; n != 105000 {
		t.Errorf("session 13 has %d contacts", n)
	}
	page := readItems(h, "/api/contacts?paginated=true&limit=5&page=17321", key)
	for _, c := range page.items {
		info := h.get("/api/contacts/"+c["jid"].(string), key, 200)["data"].(map[string]any)
		if info["id"] != c["jid"].(string)+"@s.whatsapp.net" || !reflect.DeepEqual(info["name"], c["name"]) {
			t.Errorf("contact info %v for list item %v", info, c)
		}
	}

	groups := map[string]bool{}
	for page := 1; page <= 5; page++ {
		r := readItems(h, fmt.Sprintf("/api/groups?paginated=true&limit=1000&page=%d", page), key)
		if r.total != 5000 || r.totalPages != 5 {
			t.Fatalf("groups pagination %+v", r)
		}
		for _, g := range r.items {
			jid := g["jid"].(string)
			if groups[jid] || !regexp.MustCompile(`^1203630\d{11}@g\.us$`).MatchString(jid) {
				t.Fatalf("group jid %q duplicate or malformed", jid)
			}
			groups[jid] = true
		}
	}
	if len(groups) != 5000 {
		t.Errorf("%d distinct groups", len(groups))
	}
}

func TestPlainListEqualsThePages(t *testing.T) {
	h := newHarness(t, Options{Contacts: 57, Groups: 9})
	key := h.key(supportDesk)
	for _, kind := range []string{"contacts", "groups"} {
		plain := h.get("/api/"+kind, key, 200)["data"].([]any)
		var paged []any
		for page := 1; ; page++ {
			r := readItems(h, fmt.Sprintf("/api/%s?paginated=1&limit=10&page=%d", kind, page), key)
			for _, it := range r.items {
				paged = append(paged, it)
			}
			if page >= r.totalPages {
				break
			}
		}
		if len(plain) == 0 || !reflect.DeepEqual(plain, paged) {
			t.Errorf("%s: plain list (%d) differs from the pages (%d)", kind, len(plain), len(paged))
		}
	}
}

func TestContactLookups(t *testing.T) {
	h := newHarness(t, Options{})
	key := h.key(supportDesk)
	digits := contactOf(h, supportDesk, 3)
	for _, form := range []string{digits, "+" + digits, digits + "@s.whatsapp.net", "%2B" + digits, digits + "%40s.whatsapp.net"} {
		r := h.do("GET", "/api/contacts/"+form, key, nil)
		if r.status != 200 || dig(t, r.json(t), "data", "id") != digits+"@s.whatsapp.net" {
			t.Errorf("contact %q: %d %s", form, r.status, r.body)
		}
	}
	if r := h.do("GET", "/api/contacts/15550000000", key, nil); r.status != 404 {
		t.Errorf("unknown contact: %d %s", r.status, r.body)
	}
	if r := h.get("/api/contacts/15550000000/picture", key, 200); dig(t, r, "data", "imgUrl") != nil {
		t.Errorf("unknown contact picture %v", r)
	}
	if r := h.get("/api/on-whatsapp/+"+digits, key, 200); dig(t, r, "data", "exists") != true {
		t.Errorf("a contact is not on WhatsApp: %v", r)
	}
	if r := h.get("/api/on-whatsapp/not-a-number", key, 200); dig(t, r, "data", "exists") != false {
		t.Errorf("garbage is on WhatsApp: %v", r)
	}
	if r := readItems(h, "/api/contacts?paginated=true&limit=500", key); r.limit != 100 || len(r.items) != 100 {
		t.Errorf("limit not clamped to MaxPerPage: %+v", r.limit)
	}
	if r := readItems(h, "/api/contacts?paginated=true&limit=oops&page=0", key); r.limit != 20 || r.page != 1 {
		t.Errorf("defaults: limit %d page %d", r.limit, r.page)
	}
}

func TestContactsHaveRealisticVariety(t *testing.T) {
	h := newHarness(t, Options{})
	list := h.get("/api/contacts", h.key(supportDesk), 200)["data"].([]any)
	if len(list) != 300 {
		t.Fatalf("%d contacts, want 300", len(list))
	}
	nulls := map[string]int{}
	countries := map[string]int{}
	for _, c := range list {
		c := c.(map[string]any)
		for _, k := range contactNullable {
			if c[k] == nil {
				nulls[k]++
			}
		}
		countries[c["jid"].(string)[:2]]++
	}
	for _, k := range contactNullable {
		if nulls[k] == 0 || nulls[k] == len(list) {
			t.Errorf("%s: %d of %d null; want some of each", k, nulls[k], len(list))
		}
	}
	if countries["49"] < 150 || len(countries) < 5 {
		t.Errorf("a German session should know mostly +49 numbers and some others: %v", countries)
	}
}

func TestSeedsAreDeterministic(t *testing.T) {
	body := func(seed int64, target string) string {
		h := newHarness(t, Options{Seed: seed})
		return string(h.do("GET", target, h.key(supportDesk), nil).body)
	}
	for _, target := range []string{"/api/contacts", "/api/groups"} {
		if body(7, target) != body(7, target) {
			t.Errorf("%s differs for the same seed", target)
		}
		if body(7, target) == body(8, target) {
			t.Errorf("%s is the same for different seeds", target)
		}
	}
}
