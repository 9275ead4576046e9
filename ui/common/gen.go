package common

import "sync/atomic"

var generation atomic.Uint64

// NextGen returns a process-wide unique number for tagging async work, so
// a result for a request that is no longer current can be recognised.
func NextGen() uint64 { return generation.Add(1) }
