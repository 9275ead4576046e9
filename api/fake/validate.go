package fake

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
)

// fieldErrors is Laravel's errors bag: field -> messages, in rule order.
type fieldErrors struct {
	order []string
	msgs  map[string][]string
}

func (e *fieldErrors) add(field, msg string) {
	if e.msgs == nil {
		e.msgs = map[string][]string{}
	}
	if _, seen := e.msgs[field]; !seen {
		e.order = append(e.order, field)
	}
	e.msgs[field] = append(e.msgs[field], msg)
}

func (e *fieldErrors) empty() bool { return len(e.order) == 0 }

func (e fieldErrors) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, f := range e.order {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(encodeJSON(f))
		buf.WriteByte(':')
		buf.Write(encodeJSON(e.msgs[f]))
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// decodeObject reads a JSON object body; anything else counts as no input,
// which is what Laravel's validator then sees.
func decodeObject(body []byte) map[string]any {
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil || m == nil {
		return map[string]any{}
	}
	return m
}

func attribute(field string) string { return strings.ReplaceAll(field, "_", " ") }

// blank is Laravel's notion of a missing required value.
func blank(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(x) == ""
	case []any:
		return len(x) == 0
	}
	return false
}

// laravelBool accepts what the boolean rule accepts: true, false, 1, 0, "1", "0".
func laravelBool(v any) (bool, bool) {
	switch x := v.(type) {
	case bool:
		return x, true
	case json.Number:
		switch x.String() {
		case "1":
			return true, true
		case "0":
			return false, true
		}
	case string:
		switch x {
		case "1":
			return true, true
		case "0":
			return false, true
		}
	}
	return false, false
}

func validURL(s string, schemes ...string) bool {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return false
	}
	for _, sc := range schemes {
		if strings.EqualFold(u.Scheme, sc) {
			return true
		}
	}
	return false
}

// sessionPatch is a validated create or update body: nil means "not given".
type sessionPatch struct {
	name, phone                                           *string
	protection, logMessages, readIncoming, webhookEnabled *bool
	webhookURL                                            *string
	webhookURLGiven                                       bool
	webhookEvents                                         []string
	webhookEventsGiven                                    bool
	settings                                              map[string]any
}

var sessionSettingFlags = []string{"auto_reject_calls", "ignore_groups", "ignore_channels", "ignore_broadcasts", "always_online"}

// validateSession applies the create rules (all four required fields) or the
// update rules (only what is present, but present means not blank).
func validateSession(in map[string]any, create bool, phoneTaken func(string) bool) (sessionPatch, fieldErrors) {
	var (
		p    = sessionPatch{settings: map[string]any{}}
		errs fieldErrors
	)
	present := func(field string) bool {
		_, ok := in[field]
		return ok || create
	}
	required := func(field string) bool {
		if !present(field) {
			return false
		}
		if blank(in[field]) {
			errs.add(field, "The "+attribute(field)+" field is required.")
			return false
		}
		return true
	}
	boolean := func(field string, req bool) *bool {
		if req && !required(field) {
			return nil
		}
		v, ok := in[field]
		if !ok || v == nil {
			return nil
		}
		b, valid := laravelBool(v)
		if !valid {
			errs.add(field, "The "+attribute(field)+" field must be true or false.")
			return nil
		}
		return &b
	}

	if required("name") {
		switch name, ok := in["name"].(string); {
		case !ok:
			errs.add("name", "The name field must be a string.")
		case len([]rune(name)) > 255:
			errs.add("name", "The name field must not be greater than 255 characters.")
		default:
			name = strings.TrimSpace(name)
			p.name = &name
		}
	}
	if required("phone_number") {
		raw, _ := in["phone_number"].(string)
		digits, ok := phoneDigits(raw)
		switch {
		case !ok || !strings.HasPrefix(strings.TrimSpace(raw), "+") || !plausibleNumber(digits):
			errs.add("phone_number", "The phone number field must be a valid international phone number.")
		case phoneTaken("+" + digits):
			errs.add("phone_number", "The phone number has already been taken.")
		default:
			phone := "+" + digits
			p.phone = &phone
		}
	}
	p.protection = boolean("account_protection", true)
	p.logMessages = boolean("log_messages", true)

	if v, given := in["webhook_url"]; given {
		p.webhookURLGiven = true
		if !blank(v) {
			if u, ok := v.(string); ok && validURL(u, "http", "https") {
				p.webhookURL = &u
			} else {
				errs.add("webhook_url", "The webhook url field must be a valid URL.")
			}
		}
	}
	p.webhookEnabled = boolean("webhook_enabled", false)
	if v, given := in["webhook_events"]; given {
		p.webhookEventsGiven = true
		switch list := v.(type) {
		case nil:
		case []any:
			p.webhookEvents = []string{}
			for i, item := range list {
				if ev, ok := item.(string); ok {
					p.webhookEvents = append(p.webhookEvents, ev)
				} else {
					errs.add("webhook_events."+strconv.Itoa(i), "The webhook_events."+strconv.Itoa(i)+" field must be a string.")
				}
			}
		default:
			errs.add("webhook_events", "The webhook events field must be an array.")
		}
	}
	p.readIncoming = boolean("read_incoming_messages", false)
	for _, flag := range sessionSettingFlags {
		if b := boolean(flag, false); b != nil {
			p.settings[flag] = *b
		}
	}
	if v, given := in["proxy_url"]; given && !blank(v) {
		if u, ok := v.(string); ok && validURL(u, "http", "https", "socks5") {
			p.settings["proxy_url"] = u
		} else {
			errs.add("proxy_url", "The proxy url field must be a valid URL.")
		}
	}
	return p, errs
}
