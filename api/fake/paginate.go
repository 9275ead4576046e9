package fake

import (
	"strconv"
	"strings"
)

const (
	defaultPerPage = 10 // session-logs and message-logs
	defaultLimit   = 20 // contacts and groups with paginated=true
)

// laravelPage is Laravel's LengthAwarePaginator as the docs show it: twelve
// keys, relative URLs that carry only ?page=, no links array.
type laravelPage struct {
	CurrentPage  int     `json:"current_page"`
	Data         any     `json:"data"`
	FirstPageURL string  `json:"first_page_url"`
	From         *int    `json:"from"`
	LastPage     int     `json:"last_page"`
	LastPageURL  string  `json:"last_page_url"`
	NextPageURL  *string `json:"next_page_url"`
	Path         string  `json:"path"`
	PerPage      int     `json:"per_page"`
	PrevPageURL  *string `json:"prev_page_url"`
	To           *int    `json:"to"`
	Total        int     `json:"total"`
}

func newLaravelPage(c *call, maxPerPage, total int, path string) *laravelPage {
	page := positiveInt(c.query("page"), 1)
	perPage := min(positiveInt(c.query("per_page"), defaultPerPage), maxPerPage)
	lastPage := max((total+perPage-1)/perPage, 1)
	url := func(n int) string { return path + "?page=" + strconv.Itoa(n) }
	p := &laravelPage{
		CurrentPage:  page,
		FirstPageURL: url(1),
		LastPage:     lastPage,
		LastPageURL:  url(lastPage),
		Path:         path,
		PerPage:      perPage,
		Total:        total,
	}
	if page < lastPage {
		next := url(page + 1)
		p.NextPageURL = &next
	}
	if page > 1 {
		prev := url(page - 1)
		p.PrevPageURL = &prev
	}
	if from, to := p.offset()+1, p.end(); from <= to {
		p.From, p.To = &from, &to
	}
	return p
}

func (p *laravelPage) offset() int { return min((p.CurrentPage-1)*p.PerPage, p.Total) }

func (p *laravelPage) end() int { return min(p.offset()+p.PerPage, p.Total) }

// itemsPage is the contacts/groups paginator: {items, pagination}.
type itemsPage struct {
	Items      any        `json:"items"`
	Pagination pagination `json:"pagination"`
}

type pagination struct {
	Total      int `json:"total"`
	Page       int `json:"page"`
	Limit      int `json:"limit"`
	TotalPages int `json:"totalPages"`
}

func newPagination(c *call, maxPerPage, total int) pagination {
	limit := min(positiveInt(c.query("limit"), defaultLimit), maxPerPage)
	return pagination{
		Total:      total,
		Page:       positiveInt(c.query("page"), 1),
		Limit:      limit,
		TotalPages: (total + limit - 1) / limit,
	}
}

func (p pagination) bounds() (from, to int) {
	from = min((p.Page-1)*p.Limit, p.Total)
	return from, min(from+p.Limit, p.Total)
}

func wantsPagination(c *call) bool {
	switch strings.ToLower(c.query("paginated")) {
	case "1", "true", "yes", "on":
		return true
	}
	return false
}

// positiveInt reads a query number the way Laravel casts one: anything that
// is not a positive integer gives the default. Huge values are capped so page
// arithmetic cannot overflow.
func positiveInt(s string, def int) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 1 {
		return def
	}
	return min(n, 1_000_000_000)
}
