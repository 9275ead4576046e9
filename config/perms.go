package config

import (
	"fmt"
	"runtime"
	"strings"
)

// permissionWarning warns when a file holding secrets can be read by
// others. Windows has no such mode bits.
func permissionWarning(fc *fileConfig) string {
	perm := fc.mode.Perm()
	if !fc.holdsSecret() || runtime.GOOS == "windows" || perm&0o077 == 0 {
		return ""
	}
	return fmt.Sprintf("%s is readable by others (mode %04o) and holds a token: run chmod 600 %s",
		fc.path, perm, shellQuote(fc.path))
}

// shellQuote quotes a path for a command the user can paste, only when it
// needs quoting.
func shellQuote(s string) string {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '/' || r == '.' || r == '_' || r == '-' || r == '~' || r == '+' || r == ',' || r == ':' || r == '@') {
			return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		}
	}
	return s
}
