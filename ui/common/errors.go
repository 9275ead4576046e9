package common

import "github.com/wasender-tui/wasender-tui/api"

// ErrorText is an error as the operator should read it: the API's own
// words with the HTTP status, without the Go call path; clean, whatever
// the error.
func ErrorText(err error) string {
	if err == nil {
		return ""
	}
	if e, ok := api.AsError(err); ok {
		c := *e
		c.Op = ""
		return c.Error()
	}
	return Clean(err.Error())
}
