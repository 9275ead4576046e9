package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Contact is a WhatsApp contact of a session. The list calls the identifier
// "jid" and the details call it "id"; both land in JID.
type Contact struct {
	JID          string `json:"-"`
	Name         Text   `json:"name"`
	Notify       Text   `json:"notify"`
	VerifiedName Text   `json:"verifiedName"`
	ImgURL       Text   `json:"imgUrl"`
	Status       Text   `json:"status"` // the contact's "about" text
}

func (c *Contact) UnmarshalJSON(b []byte) error {
	type plain Contact
	var aux struct {
		*plain
		JID Text `json:"jid"`
		ID  Text `json:"id"`
	}
	aux.plain = (*plain)(c)
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	c.JID = string(firstText(aux.JID, aux.ID))
	return nil
}

// Phone is the contact's number, "+digits", when its JID holds one.
func (c Contact) Phone() string { return JIDPhone(c.JID) }

// Pagination is the paginated=true shape of contacts and groups.
type Pagination struct {
	Total      Int `json:"total"`
	Page       Int `json:"page"`
	Limit      Int `json:"limit"`
	TotalPages Int `json:"totalPages"`
}

// Page is one page of a paginated list.
type Page[T any] struct {
	Items      []T        `json:"items"`
	Pagination Pagination `json:"pagination"`
}

// Contacts returns every contact in one response (large for big address
// books; prefer ContactsPage).
func (s *SessionClient) Contacts(ctx context.Context) ([]Contact, error) {
	var l list[Contact]
	if err := s.do(ctx, call{op: "list contacts", method: http.MethodGet, path: "/contacts"}, &l); err != nil {
		return nil, err
	}
	return l, nil
}

// ContactsPage returns one page of contacts (paginated=true). A server that
// ignores the flag and sends the plain array yields a single page.
func (s *SessionClient) ContactsPage(ctx context.Context, page, limit int) (Page[Contact], error) {
	return listPage[Contact](ctx, s, "list contacts", "/contacts", page, limit)
}

func listPage[T any](ctx context.Context, s *SessionClient, op, path string, page, limit int) (Page[T], error) {
	q := url.Values{"paginated": {"true"}}
	if page > 0 {
		q.Set("page", strconv.Itoa(page))
	}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	var p pageOrList[T]
	err := s.do(ctx, call{op: op, method: http.MethodGet, path: path, query: q}, &p)
	return Page[T](p), err
}

// pageOrList is a paginated answer, or the plain array of a server that
// ignored paginated=true, read as one whole page.
type pageOrList[T any] Page[T]

func (p *pageOrList[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '[' {
		return json.Unmarshal(b, (*Page[T])(p))
	}
	var items []T
	if err := json.Unmarshal(b, &items); err != nil {
		return err
	}
	n := Int(len(items))
	*p = pageOrList[T]{Items: items, Pagination: Pagination{Total: n, Page: 1, Limit: n, TotalPages: 1}}
	return nil
}

// Contact returns one contact by phone number (digits, "+" optional).
func (s *SessionClient) Contact(ctx context.Context, phone string) (Contact, error) {
	var c Contact
	digits := phoneDigits(phone)
	if digits == "" { // "/contacts/" would be the whole address book
		return c, fmt.Errorf("get contact: %q holds no phone number", phone)
	}
	err := s.do(ctx, call{op: "get contact", method: http.MethodGet, path: "/contacts/" + seg(digits)}, &c)
	return c, err
}

// ContactPicture returns the contact's profile picture URL ("" when none).
func (s *SessionClient) ContactPicture(ctx context.Context, phone string) (string, error) {
	var r struct {
		ImgURL Text `json:"imgUrl"`
	}
	digits := phoneDigits(phone)
	if digits == "" {
		return "", fmt.Errorf("get contact picture: %q holds no phone number", phone)
	}
	err := s.do(ctx, call{op: "get contact picture", method: http.MethodGet, path: "/contacts/" + seg(digits) + "/picture", pace: EndpointContactPicture}, &r)
	return string(r.ImgURL), err
}

// phoneDigits strips "+", a JID suffix and separators from a number.
func phoneDigits(p string) string {
	p, _, _ = strings.Cut(p, "@")
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, p)
}

func firstText(ts ...Text) Text {
	for _, t := range ts {
		if t != "" {
			return t
		}
	}
	return ""
}
