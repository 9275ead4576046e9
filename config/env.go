package config

import (
	"fmt"
	"strings"
)

// applyEnv lays the WASENDER_* credential and URL variables over p. It
// reports whether the token came from the environment, in which case the
// profile's own token source is not consulted at all.
func applyEnv(p *Profile, getenv func(string) string) (tokenFromEnv bool, errs ErrorList) {
	if raw := strings.TrimSpace(getenv(EnvAPIURL)); raw != "" {
		if u, err := parseBaseURL(raw); err != nil {
			errs = append(errs, &Error{Msg: fmt.Sprintf("%s: %s", EnvAPIURL, err)})
		} else {
			p.BaseURL = u
		}
	}
	if token := strings.TrimSpace(getenv(EnvToken)); token != "" {
		if err := checkSecret(token); err != nil {
			errs = append(errs, &Error{Msg: fmt.Sprintf("%s %s", EnvToken, err)})
		} else {
			p.Token, p.TokenSource, tokenFromEnv = token, EnvToken, true
		}
	}
	if key := strings.TrimSpace(getenv(EnvAPIKey)); key != "" {
		if err := checkSecret(key); err != nil {
			errs = append(errs, &Error{Msg: fmt.Sprintf("%s %s", EnvAPIKey, err)})
		} else {
			p.APIKey, p.APIKeySource = key, EnvAPIKey
		}
	}
	return tokenFromEnv, errs
}
