package api

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// sameOriginRedirect is the client's redirect policy: a GET follows a
// redirect only to the same scheme and host (at most 10 hops); anything else
// stops at the redirect, which exchange reports with its target. Following
// one to another host would show that host's sessions under the configured
// host's name; a POST turned into a GET by a 301 would silently not act.
func sameOriginRedirect(req *http.Request, via []*http.Request) error {
	first := via[0]
	switch {
	case first.Method != http.MethodGet,
		req.URL.Scheme != first.URL.Scheme,
		!strings.EqualFold(req.URL.Host, first.URL.Host):
		return http.ErrUseLastResponse
	case len(via) >= 10:
		return errors.New("stopped after 10 redirects")
	}
	return nil
}

// redirectError reports a redirect that was not followed, naming where it
// pointed (without any password in it).
func (c *Client) redirectError(k *call, resp *http.Response, cred Credential) *Error {
	e := &Error{Op: k.op, Method: k.method, Path: k.path, Status: resp.StatusCode, Credential: cred}
	to, err := resp.Location()
	switch {
	case err != nil:
		e.Message = "the API answered with a redirect but no usable Location; not followed"
	case k.method != http.MethodGet && strings.EqualFold(to.Host, c.base.Host) && to.Scheme == c.base.Scheme:
		e.Message = fmt.Sprintf("the API redirected this %s to %s; not followed (only reads follow redirects)", k.method, Clean(to.Redacted()))
	default:
		e.Message = fmt.Sprintf("the API redirected to %s; not followed (another host or scheme than %s://%s)",
			Clean(to.Redacted()), c.base.Scheme, c.base.Host)
	}
	return e
}
