package config

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"
)

// maxFileSize bounds what Load reads, in case --config names something
// that is not a config file (a device, a log).
const maxFileSize = 1 << 20

// Load reads the config file (if any), selects a profile, applies the
// environment and resolves the token. With no config file at the default
// path it runs from the environment alone; a file named by --config or
// WASENDER_CONFIG must exist. A missing credential is not an error here:
// see RequireCredential.
//
// The error is a *Error, or an ErrorList when there are several problems.
func Load(opts Options) (*Config, error) {
	getenv := opts.getenv()
	fc, err := readConfigFile(resolvePath(opts.Path, getenv))
	if err != nil {
		return nil, err
	}
	if fc == nil {
		fc = &fileConfig{serve: defaultServe(getenv), health: defaultHealth()}
	} else if fc, err = decodeFile(fc, getenv); err != nil {
		return nil, err
	}

	chosen, warning, err := selectProfile(fc, opts.Profile, getenv)
	if err != nil {
		return nil, err
	}
	profile, err := resolveProfile(opts.context(), chosen, fc.path, getenv, opts.runner())
	if err != nil {
		return nil, err
	}
	c := &Config{
		Path:        fc.path,
		FileExists:  fc.path != "",
		ProfileName: profile.Name,
		Profiles:    fc.names(),
		Profile:     profile,
		Serve:       fc.serve,
		Health:      fc.health,
		Events:      fc.events,
		opts:        opts,
	}
	if w := permissionWarning(fc); w != "" {
		c.Warnings = append(c.Warnings, w)
	}
	if warning != "" {
		c.Warnings = append(c.Warnings, warning)
	}
	return c, nil
}

// WithProfile loads the configuration again with profile name selected, as
// `:profile NAME` does. The file is read afresh, so edits made since start
// take effect.
func (c *Config) WithProfile(name string) (*Config, error) {
	if strings.TrimSpace(name) == "" {
		return nil, &Error{Msg: "which profile? known profiles: " + listNames(c.Profiles)}
	}
	opts := c.opts
	opts.Profile, opts.Notes = name, nil // the console is on screen
	return Load(opts)
}

// readConfigFile reads the file at path; from names who asked for it ("" for
// the default path). It returns nil without an error when there is no file
// at the default path.
func readConfigFile(path, from string) (*fileConfig, error) {
	if path == "" {
		return nil, nil
	}
	src, mode, err := readFile(path)
	switch {
	case err == nil:
		return &fileConfig{path: path, src: src, mode: mode}, nil
	case errors.Is(err, fs.ErrNotExist) && from == "":
		return nil, nil
	case errors.Is(err, fs.ErrNotExist):
		return nil, &Error{File: path, Msg: fmt.Sprintf("config file not found (named by %s)", from)}
	}
	return nil, &Error{File: path, Msg: "cannot read config file: " + describeReadError(err), Err: err}
}

func readFile(path string) (string, fs.FileMode, error) {
	src, info, err := ReadRegularFile(path, maxFileSize)
	if err != nil {
		return "", 0, err
	}
	return string(src), info.Mode(), nil
}

// describeReadError drops the path the *PathError repeats.
func describeReadError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
