//go:build unix

package cli

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// Resizes receives once for each burst of SIGWINCH until ctx ends.
func Resizes(ctx context.Context) <-chan struct{} {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGWINCH)
	out := make(chan struct{}, 1)
	go func() {
		defer signal.Stop(sig)
		for {
			select {
			case <-ctx.Done():
				return
			case <-sig:
				select {
				case out <- struct{}{}:
				default: // one is already waiting
				}
			}
		}
	}()
	return out
}
