package common

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/ui/styles"
)

// Clean makes text safe to draw, copy or write: api.Clean, the one
// sanitiser. What the api package decodes is clean already; Clean is for
// text from anywhere else (an SSH user's name, a file, an error of the Go
// libraries) and costs nothing on text that is clean.
func Clean(s string) string { return api.Clean(s) }

// Mask hides a secret, keeping its last four characters so an operator can
// tell keys apart. It masks the cleaned secret, so what it keeps is
// printable (whole characters, never part of one).
func Mask(secret string) string {
	secret = api.Clean(secret)
	if secret == "" {
		return ""
	}
	r := []rune(secret)
	if len(r) < 12 {
		return strings.Repeat("•", 8)
	}
	return strings.Repeat("•", 12) + string(r[len(r)-4:])
}

// Ago renders how long ago t was, compactly and coarsely, for columns:
// "now" for the first minute, then "5m", "3h", "12d". Coarse on purpose: a
// text that changes every second rewrites a line every second (over SSH,
// bytes every second for nothing).
func Ago(now, t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	if d := now.Sub(t); d < time.Minute {
		return "now"
	}
	return age(now.Sub(t))
}

// Since is how fresh something is, for a status line: "just now" for ten
// seconds, then "10s ago", "20s ago"… "5m ago".
func Since(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case t.IsZero():
		return "never"
	case d < 10*time.Second:
		return "just now"
	case d < time.Minute:
		return strconv.Itoa(int(d/(10*time.Second))*10) + "s ago"
	}
	return age(d) + " ago"
}

// age is a duration of a minute or more: "5m", "3h", "12d".
func age(d time.Duration) string {
	switch {
	case d < time.Hour:
		return strconv.Itoa(int(d/time.Minute)) + "m"
	case d < 48*time.Hour:
		return strconv.Itoa(int(d/time.Hour)) + "h"
	}
	return strconv.Itoa(int(d/(24*time.Hour))) + "d"
}

// YesNo renders a boolean as a word.
func YesNo(v bool) string {
	if v {
		return "yes"
	}
	return "no"
}

// FitHeight pads or cuts s to exactly h lines without re-rendering it.
func FitHeight(s string, h int) string {
	if h <= 0 {
		return ""
	}
	n := strings.Count(s, "\n") + 1
	switch {
	case n == h:
		return s
	case n < h:
		return s + strings.Repeat("\n", h-n)
	}
	cut := 0
	for i := 0; i < h; i++ {
		j := strings.IndexByte(s[cut:], '\n')
		cut += j + 1
	}
	return s[:cut-1]
}

// Itoa is strconv.Itoa, for views that build strings piece by piece.
func Itoa(n int) string { return strconv.Itoa(n) }

// Account renders a linked WhatsApp account as "NAME (+phone)".
func Account(u api.User) string {
	name := Clean(string(u.Name))
	switch {
	case name != "" && u.Phone() != "":
		return name + " (" + u.Phone() + ")"
	case name != "":
		return name
	case u.Phone() != "":
		return u.Phone()
	}
	return "an unknown account"
}

// Plural is "1 session" or "6 sessions".
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// RedactURL hides the password of a URL ("socks5://user:xxxxx@host"),
// which proxy URLs often carry.
func RedactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return s
	}
	if _, has := u.User.Password(); !has {
		return s
	}
	return u.Redacted()
}

// Center places box in the middle of a w x h area, exactly h lines.
func Center(st *styles.Styles, w, h int, box string) string {
	return FitHeight(st.Renderer.Place(w, h, lipgloss.Center, lipgloss.Center, box), h)
}
