package config

import (
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"strings"
)

// selectProfile picks the profile by --profile, WASENDER_PROFILE,
// default_profile, a profile named "default", or the only profile. It may
// pick none: then only the environment configures the API.
func selectProfile(fc *fileConfig, flag string, getenv func(string) string) (p *fileProfile, warning string, err error) {
	name, from := flag, "--profile"
	if name == "" {
		name, from = getenv(EnvProfile), EnvProfile
	}
	if name != "" {
		if p = fc.find(name); p == nil {
			return nil, "", &Error{File: fc.path, Msg: from + ": " + unknownProfile(name, fc.names(), fc.path)}
		}
		return p, "", nil
	}
	switch {
	case fc.defaultProfile != "":
		return fc.find(fc.defaultProfile), "", nil // decodeFile made sure it exists
	case fc.find("default") != nil:
		return fc.find("default"), "", nil
	case len(fc.profiles) == 1:
		return &fc.profiles[0], "", nil
	case len(fc.profiles) > 1:
		return nil, fmt.Sprintf("%s has profiles %s but none is chosen: use --profile NAME or set default_profile",
			fc.path, listNames(fc.names())), nil
	}
	return nil, "", nil
}

// resolveProfile builds the profile in use from the chosen one (nil: none)
// and the environment, and fetches its token.
func resolveProfile(ctx context.Context, chosen *fileProfile, path string, getenv func(string) string, run CommandRunner) (Profile, error) {
	p := defaultProfile("")
	if chosen != nil {
		p = chosen.Profile
		p.Token = "" // resolveToken sets it, with its source
		p.SessionKeys = maps.Clone(chosen.SessionKeys)
		if p.APIKey != "" {
			p.APIKeySource = "api_key in " + filepath.Base(path)
		}
	}
	tokenFromEnv, errs := applyEnv(&p, getenv)
	// A token from the environment wins, so the profile's token_command is
	// not run at all; after other problems it is not worth running either.
	if chosen != nil && !tokenFromEnv && len(errs) == 0 {
		if e := resolveToken(ctx, chosen, &p, path, getenv, run); e != nil {
			errs = append(errs, e)
		}
	}
	return p, errs.err()
}

func unknownProfile(name string, known []string, path string) string {
	switch {
	case len(known) > 0:
		return fmt.Sprintf("no profile named %q; known profiles: %s", name, listNames(known))
	case path != "":
		return fmt.Sprintf("no profile named %q; %s has no profiles", name, path)
	}
	return fmt.Sprintf("no profile named %q: there is no config file (create one with \"wasender-tui config init\")", name)
}

func listNames(names []string) string {
	if len(names) == 0 {
		return "(none)"
	}
	return strings.Join(names, ", ")
}
