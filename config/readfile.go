package config

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// ReadRegularFile reads at most limit bytes of the regular file at path. It
// refuses anything else before opening it (a named pipe would block the
// open, and with it the process, until someone writes to it; a device
// could never end), and opens without blocking in case the path was
// swapped for a pipe in between. Errors say what the path is instead.
func ReadRegularFile(path string, limit int64) ([]byte, fs.FileInfo, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	if err := mustBeRegular(info); err != nil {
		return nil, nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	if info, err = f.Stat(); err != nil {
		return nil, nil, err
	}
	if err := mustBeRegular(info); err != nil {
		return nil, nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, nil, err
	}
	if int64(len(data)) > limit {
		return nil, nil, fmt.Errorf("it is larger than %d KiB", limit>>10)
	}
	return data, info, nil
}

// ErrNotRegular is inside the error for a path that is not a regular file.
var ErrNotRegular = errors.New("not a regular file")

func mustBeRegular(info fs.FileInfo) error {
	m := info.Mode()
	var what string
	switch {
	case m.IsRegular():
		return nil
	case m.IsDir():
		what = "a directory"
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	case m&fs.ModeCharDevice != 0:
		what = "a character device"
	case m&fs.ModeDevice != 0:
		what = "a device"
	default:
		return fmt.Errorf("it is %w (mode %s)", ErrNotRegular, m)
	}
	return fmt.Errorf("it is %s, %w", what, ErrNotRegular)
}
