package config

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/BurntSushi/toml"
	"github.com/wasender-tui/wasender-tui/api/webhook"
)

// Typed readers for values of the decoded tree. Each reports a problem at
// the key's position and returns ok=false, so decoding carries on and finds
// every problem in one pass.

func (d *fileDecoder) str(path []string, v any) (string, bool) {
	s, ok := v.(string)
	if !ok {
		d.typeError(path, "a string", v)
	}
	return s, ok
}

func (d *fileDecoder) table(path []string, v any, want string) (map[string]any, bool) {
	t, ok := v.(map[string]any)
	if !ok {
		d.typeError(path, want, v)
	}
	return t, ok
}

// duration reads a Go duration string within sp's bounds; with sp.pause,
// "off" and "0" mean 0 (paused). The default is shown in type errors.
func (d *fileDecoder) duration(path []string, v any, sp span) (time.Duration, bool) {
	want := fmt.Sprintf("a duration string like %q", formatDuration(sp.def))
	if sp.pause {
		want += ` or "off"`
	}
	s, isString := v.(string)
	if !isString {
		d.typeError(path, want, v)
		return 0, false
	}
	name := path[len(path)-1]
	if sp.pause && (s == "off" || s == "0") {
		return 0, true
	}
	dur, err := time.ParseDuration(s)
	switch {
	case err != nil:
		d.fail(path, "%s: %q is not a duration; expected %s", name, s, want)
		return 0, false
	case dur < sp.min:
		d.fail(path, "%s: %q is below the minimum of %s", name, s, formatDuration(sp.min))
		return 0, false
	case dur > sp.max:
		d.fail(path, "%s: %q is above the maximum of %s", name, s, formatDuration(sp.max))
		return 0, false
	}
	return dur, true
}

func (d *fileDecoder) integer(path []string, v any, lo, hi int64) (int, bool) {
	n, ok := v.(int64)
	if !ok {
		d.typeError(path, "an integer", v)
		return 0, false
	}
	if n < lo || n > hi {
		d.fail(path, "%s: %d is out of range: use %d to %d", path[len(path)-1], n, lo, hi)
		return 0, false
	}
	return int(n), true
}

// secret reads a token or key literal. Problems never quote the value.
// number is a positive rate: an integer or a float within [lo, hi].
func (d *fileDecoder) number(path []string, v any, lo, hi float64) (float64, bool) {
	f, ok := asNumber(v)
	if !ok {
		d.typeError(path, "a number", v)
		return 0, false
	}
	if f < lo || f > hi {
		d.fail(path, "%s: %g is out of range: use %g to %g", path[len(path)-1], f, lo, hi)
		return 0, false
	}
	return f, true
}

// asNumber reads an integer or a float.
func asNumber(v any) (float64, bool) {
	switch n := v.(type) {
	case int64:
		return float64(n), true
	case float64:
		return n, true
	}
	return 0, false
}

// rate is a share from 0.01 to 1: 0.2 is 20%.
func (d *fileDecoder) rate(path []string, v any) (float64, bool) {
	f, ok := asNumber(v)
	if !ok {
		d.typeError(path, "a number like 0.2 (for 20%)", v)
		return 0, false
	}
	if f < 0.01 || f > 1 {
		d.fail(path, "%s: %g is out of range: use 0.01 to 1 (0.2 is 20%%)", path[len(path)-1], f)
		return 0, false
	}
	return f, true
}

func (d *fileDecoder) secret(path []string, v any) (string, bool) {
	s, ok := d.str(path, v)
	if !ok {
		return "", false
	}
	if err := checkSecret(s); err != nil {
		d.fail(path, "%s %s", keyLabel(path), err)
		return "", false
	}
	return s, true
}

func (d *fileDecoder) baseURL(path []string, v any) (string, bool) {
	s, ok := d.str(path, v)
	if !ok {
		return "", false
	}
	u, err := parseBaseURL(s)
	if err != nil {
		d.fail(path, "%s: %s", path[len(path)-1], err)
	}
	return u, err == nil
}

func (d *fileDecoder) listen(path []string, v any) (string, bool) {
	s, ok := d.str(path, v)
	if !ok {
		return "", false
	}
	_, port, err := net.SplitHostPort(s)
	if err == nil {
		_, err = strconv.ParseUint(port, 10, 16)
	}
	if err != nil {
		d.fail(path, `%s: %q is not host:port (like ":2222" or "127.0.0.1:2222")`, path[len(path)-1], s)
		return "", false
	}
	return s, true
}

// eventsListen reads where the receiver listens: a bare port or ":PORT"
// is loopback (webhook.ListenAddr), "0.0.0.0:PORT" everywhere.
func (d *fileDecoder) eventsListen(path []string, v any) (string, bool) {
	s, ok := d.str(path, v)
	if !ok {
		return "", false
	}
	addr := webhook.ListenAddr(s)
	_, port, err := net.SplitHostPort(addr)
	n := uint64(0)
	if err == nil {
		n, err = strconv.ParseUint(port, 10, 16)
	}
	if err != nil || n == 0 || strings.TrimSpace(s) == "" {
		d.fail(path, `listen: %q is not a port or host:port (like "8090", "127.0.0.1:8090" or "0.0.0.0:8090")`, s)
		return "", false
	}
	return addr, true
}

// publicURL reads a webhook URL: where WasenderAPI reaches the receiver
// (public_url), or where it forwards to (forward).
func (d *fileDecoder) publicURL(path []string, v any) (string, bool) {
	s, ok := d.str(path, v)
	if !ok {
		return "", false
	}
	name := path[len(path)-1]
	what := map[string]string{"public_url": "where WasenderAPI reaches this console's receiver", "forward": "where the receiver relays every event"}[name]
	u, err := url.Parse(strings.TrimSpace(s))
	switch {
	case err != nil:
		d.fail(path, "%s: %q is not a URL", name, redactURL(s))
	case (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		d.fail(path, "%s: %q is not an http:// or https:// URL (%s)", name, u.Redacted(), what)
	case u.Fragment != "":
		d.fail(path, "%s: %q: a webhook URL takes no #fragment", name, u.Redacted())
	default:
		return u.String(), true
	}
	return "", false
}

func (d *fileDecoder) envName(path []string, v any) (string, bool) {
	s, ok := d.str(path, v)
	if ok && (s == "" || strings.ContainsAny(s, "= \t\r\n\x00")) {
		d.fail(path, "token_env: %q is not an environment variable name", s)
		return "", false
	}
	return s, ok
}

func (d *fileDecoder) command(path []string, v any) (string, bool) {
	s, ok := d.str(path, v)
	if ok && strings.TrimSpace(s) == "" {
		d.fail(path, "token_command is empty")
		return "", false
	}
	return s, ok
}

func (d *fileDecoder) localPath(path []string, v any) (string, bool) {
	s, ok := d.str(path, v)
	if !ok {
		return "", false
	}
	if s == "" {
		d.fail(path, "%s is empty", path[len(path)-1])
		return "", false
	}
	p, err := localPath(s, d.home, d.dir)
	if err != nil {
		d.fail(path, "%s: %s", path[len(path)-1], err)
		return "", false
	}
	return p, true
}

func (d *fileDecoder) typeError(path []string, want string, got any) {
	d.fail(path, "%s: expected %s, got %s", keyLabel(path), want, tomlTypeName(got))
}

// keyLabel names a key in a message: its own name, which the line number
// puts in context, or for a session key, which is just an id, "session key
// "12"".
func keyLabel(path []string) string {
	if len(path) == 4 && path[2] == "session_keys" {
		return fmt.Sprintf("session key %q", path[3])
	}
	return displayKey(path[len(path)-1])
}

// parseBaseURL checks an API base URL and drops a trailing slash. Errors
// show the URL without any password in it.
func parseBaseURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("%q is not a URL", redactURL(raw))
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("%q is not an http:// or https:// URL", u.Redacted())
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("%q: the base URL takes no query or fragment", u.Redacted())
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// RedactURL shows a URL with any password in it as "xxxxx".
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return redactURL(raw)
	}
	return u.Redacted()
}

// redactURL hides what could be a password in a string that did not parse.
func redactURL(raw string) string {
	if at := strings.LastIndexByte(raw, '@'); at >= 0 {
		return "…" + raw[at:]
	}
	return raw
}

// checkSecret rejects values that cannot be sent in an Authorization header.
func checkSecret(s string) error {
	if s == "" {
		return fmt.Errorf("is empty")
	}
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return fmt.Errorf("contains spaces or control characters")
	}
	return nil
}

func tomlTypeName(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case int64:
		return "integer"
	case float64:
		return "float"
	case bool:
		return "boolean"
	case time.Time:
		return "datetime"
	case []map[string]any:
		return "array of tables"
	case []any:
		return "array"
	case map[string]any:
		return "table"
	}
	return fmt.Sprintf("%T", v)
}

// displayKey quotes a key the way TOML would need it.
func displayKey(k string) string { return toml.Key{k}.String() }

// displayTable renders a table header, e.g. [profiles.work].
func displayTable(path []string) string { return "[" + toml.Key(path).String() + "]" }

// formatDuration prints 15m rather than 15m0s.
func formatDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
