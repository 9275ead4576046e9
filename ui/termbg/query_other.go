//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd)

package termbg

import (
	"os"
	"time"
)

// Elsewhere termenv does not ask the terminal either.
func foreground(*os.File) bool { return false }

func query(*os.File, time.Duration) (bool, string) { return true, Untouched }
