package main

import (
	"context"
	"errors"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// streaming are the commands that print until they are done or stopped.
// When the reader of their stdout goes (`| head`), they stop, and that is
// no error: exit 0, as `git log | head` does.
var streaming = map[string]bool{"logs": true, "events": true, "status": true, "qr": true}

// catchSIGPIPE makes a write to a closed pipe on stdout fail with EPIPE
// instead of killing the process (Go's runtime ends a program by SIGPIPE
// on fd 1 and 2 unless SIGPIPE is notified). Notify, not Ignore: an
// ignored signal would stay ignored in the programs we start, such as a
// token_command.
func catchSIGPIPE() {
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
}

// pipeOut is a command's stdout that notices its reader is gone: the first
// EPIPE stops the command (its context ends), and every later write fails
// without being tried.
type pipeOut struct {
	w    io.Writer
	stop context.CancelFunc

	mu   sync.Mutex
	gone bool
}

func (p *pipeOut) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.gone {
		return 0, syscall.EPIPE
	}
	n, err := p.w.Write(b)
	if errors.Is(err, syscall.EPIPE) {
		p.gone = true
		p.stop()
	}
	return n, err
}

// readerGone reports whether the reader closed the pipe.
func (p *pipeOut) readerGone() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.gone
}

// isStdout reports whether w is the process's stdout, under a pipeOut or
// not.
func isStdout(w io.Writer) bool {
	if p, ok := w.(*pipeOut); ok {
		w = p.w
	}
	return w == io.Writer(os.Stdout)
}
