//go:build !unix

package cli

import "context"

// Resizes: no SIGWINCH here; the size is read again with each new code.
func Resizes(context.Context) <-chan struct{} { return nil }
