package config

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

var osGetenv = os.Getenv

const appDir = "wasender-tui"

// DefaultPath is $XDG_CONFIG_HOME/wasender-tui/config.toml, else
// ~/.config/wasender-tui/config.toml; "" when neither can be found.
func DefaultPath(getenv func(string) string) string {
	dir := configDir(getenvOrOS(getenv))
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, "config.toml")
}

// ResolvePath is the file Load reads for opts, whether or not it exists:
// opts.Path, else $WASENDER_CONFIG, else DefaultPath.
func ResolvePath(opts Options) string {
	path, _ := resolvePath(opts.Path, opts.getenv())
	return path
}

// resolvePath also names where an explicit path came from ("" for the
// default path, whose absence is not an error).
func resolvePath(flag string, getenv func(string) string) (path, from string) {
	home := homeDir(getenv)
	switch {
	case flag != "":
		return expandTilde(flag, home), "--config"
	case getenv(EnvConfig) != "":
		return expandTilde(getenv(EnvConfig), home), EnvConfig
	}
	return DefaultPath(getenv), ""
}

func getenvOrOS(getenv func(string) string) func(string) string {
	if getenv == nil {
		return osGetenv
	}
	return getenv
}

func homeDir(getenv func(string) string) string {
	if h := getenv("HOME"); h != "" {
		return h
	}
	if runtime.GOOS == "windows" {
		return getenv("USERPROFILE")
	}
	return ""
}

// xdgDir follows the XDG base directory spec: a relative value is ignored.
func xdgDir(getenv func(string) string, variable string, fallback ...string) string {
	if dir := getenv(variable); dir != "" && filepath.IsAbs(dir) {
		return filepath.Join(dir, appDir)
	}
	home := homeDir(getenv)
	if home == "" {
		return ""
	}
	return filepath.Join(append(append([]string{home}, fallback...), appDir)...)
}

func configDir(getenv func(string) string) string {
	return xdgDir(getenv, "XDG_CONFIG_HOME", ".config")
}

func stateDir(getenv func(string) string) string {
	return xdgDir(getenv, "XDG_STATE_HOME", ".local", "state")
}

// expandTilde turns "~" and "~/x" into paths under home; "~user" forms and
// an unknown home are left alone.
func expandTilde(path, home string) string {
	if home == "" || !hasTilde(path) {
		return path
	}
	return filepath.Join(home, strings.TrimPrefix(path[1:], "/"))
}

func hasTilde(path string) bool {
	return path == "~" || strings.HasPrefix(path, "~/") || (runtime.GOOS == "windows" && strings.HasPrefix(path, `~\`))
}

var errNoHome = errors.New(`cannot expand "~": HOME is not set`)

// localPath expands a leading ~ and makes a relative path relative to dir,
// the directory of the config file, so that the file means the same thing
// whatever the working directory of `serve` is.
func localPath(path, home, dir string) (string, error) {
	if hasTilde(path) {
		if home == "" {
			return "", errNoHome
		}
		return expandTilde(path, home), nil
	}
	if !filepath.IsAbs(path) && dir != "" {
		return filepath.Join(dir, path), nil
	}
	return path, nil
}

// StateDir is where wasender-tui keeps what it writes: $XDG_STATE_HOME/
// wasender-tui, else ~/.local/state/wasender-tui.
func StateDir(getenv func(string) string) string { return stateDir(getenvOrOS(getenv)) }
