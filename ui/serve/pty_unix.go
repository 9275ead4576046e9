//go:build !windows

package serve

import (
	"io"

	"github.com/charmbracelet/ssh"
)

// ptyOutput is where a session with a pty is drawn: the pty's own side
// when the server allocated one (the client's terminal modes apply), else
// the session.
func ptyOutput(sess ssh.Session, pty ssh.Pty) io.Writer {
	if pty.Slave != nil {
		return pty.Slave
	}
	return sess
}
