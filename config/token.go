package config

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// resolveToken fills p.Token from the profile's token source: the literal
// token, the variable named by token_env, or the output of token_command.
func resolveToken(ctx context.Context, fp *fileProfile, p *Profile, path string, getenv func(string) string, run CommandRunner) *Error {
	fail := func(format string, args ...any) *Error {
		return &Error{File: path, Line: fp.tokenAt.line, Col: fp.tokenAt.col,
			Msg: fmt.Sprintf("profile %q: ", fp.Name) + fmt.Sprintf(format, args...)}
	}
	switch {
	case fp.Token != "":
		p.Token, p.TokenSource = fp.Token, "token in "+filepath.Base(path)
	case fp.tokenEnv != "":
		token := strings.TrimSpace(getenv(fp.tokenEnv))
		if token == "" {
			return fail("token_env %s is not set or empty", fp.tokenEnv)
		}
		if err := checkSecret(token); err != nil {
			return fail("the value of token_env %s %s", fp.tokenEnv, err)
		}
		p.Token, p.TokenSource = token, "token_env "+fp.tokenEnv
	case fp.tokenCommand != "":
		token, err := runTokenCommand(ctx, fp.tokenCommand, run)
		if err != nil {
			e := fail("token_command failed: %s", err)
			if errors.Is(err, context.Canceled) {
				e.Err = ErrInterrupted
			}
			return e
		}
		p.Token, p.TokenSource = token, "token_command"
	}
	return nil
}

// runTokenCommand runs command until it ends, TokenCommandTimeout passes,
// or parent ends (ctrl-C): then the command is killed.
func runTokenCommand(parent context.Context, command string, run CommandRunner) (string, error) {
	ctx, cancel := context.WithTimeout(parent, TokenCommandTimeout)
	defer cancel()
	out, err := run(ctx, command)
	switch {
	case parent.Err() != nil, errors.Is(err, context.Canceled):
		return "", errInterrupted{}
	case ctx.Err() == context.DeadlineExceeded:
		return "", fmt.Errorf("timed out after %s", formatDuration(TokenCommandTimeout))
	}
	if err != nil {
		return "", err
	}
	token := strings.TrimSpace(out)
	switch {
	case token == "":
		return "", errors.New("it printed nothing")
	case strings.ContainsAny(token, "\r\n"):
		return "", errors.New("it printed more than one line; it must print only the token")
	}
	if err := checkSecret(token); err != nil {
		return "", fmt.Errorf("its output %s", err)
	}
	return token, nil
}

// errInterrupted says a token_command was stopped by ctrl-C; it is
// context.Canceled to errors.Is.
type errInterrupted struct{}

func (errInterrupted) Error() string        { return "interrupted" }
func (errInterrupted) Is(target error) bool { return target == context.Canceled }

// ErrInterrupted is inside the error of a Load whose token_command ctrl-C
// stopped: the one line to say (it is context.Canceled to errors.Is).
var ErrInterrupted error = interruptedLoad{}

type interruptedLoad struct{}

func (interruptedLoad) Error() string        { return "interrupted while running token_command" }
func (interruptedLoad) Is(target error) bool { return target == context.Canceled }

// noting runs run with a note on w while it runs (see Options.Notes).
func noting(w io.Writer, run CommandRunner) CommandRunner {
	if w == nil {
		return run
	}
	return func(ctx context.Context, command string) (string, error) {
		fmt.Fprint(w, "running token_command…")
		defer fmt.Fprint(w, "\r\x1b[K") // the note goes, and a ^C the terminal echoed after it
		return run(ctx, command)
	}
}

// shellRunner runs command with `sh -c`. Its errors give the exit status and
// the first line of standard error, never standard output.
func shellRunner(ctx context.Context, command string) (string, error) {
	var stdout, stderr cappedBuffer
	cmd := exec.CommandContext(ctx, "sh", "-c", command)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	// A child that keeps the pipes open must not outlive the timeout.
	cmd.WaitDelay = time.Second
	err := cmd.Run()
	if err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			return "", err
		}
		// ctrl-C at a terminal reaches the command too, and may end it
		// before the program hears of it.
		if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() && (ws.Signal() == syscall.SIGINT || ws.Signal() == syscall.SIGTERM) {
			return "", errInterrupted{}
		}
		msg := exit.ProcessState.String()
		if line := firstLine(stderr.buf.String()); line != "" {
			msg += ": " + line
		}
		return "", errors.New(msg)
	}
	if stdout.overflow {
		return "", fmt.Errorf("it printed more than %d KiB", captureLimit>>10)
	}
	return stdout.buf.String(), nil
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	return s
}

// cappedBuffer keeps the first 64 KiB written to it and drops the rest, so
// a runaway command cannot fill memory. (Not embedding bytes.Buffer keeps
// io.Copy from using its ReadFrom, which would bypass the cap.)
type cappedBuffer struct {
	buf      bytes.Buffer
	overflow bool
}

const captureLimit = 64 << 10

func (b *cappedBuffer) Write(p []byte) (int, error) {
	room := captureLimit - b.buf.Len()
	if len(p) > room {
		b.overflow = true
	}
	b.buf.Write(p[:min(len(p), max(room, 0))])
	return len(p), nil
}
