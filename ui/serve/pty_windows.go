package serve

import (
	"io"

	"github.com/charmbracelet/ssh"
)

// ptyOutput is the session: on Windows ssh.Pty has no pty side to draw to.
func ptyOutput(sess ssh.Session, _ ssh.Pty) io.Writer { return sess }
