package common

import (
	"sync"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
)

// Directory is the account's session list as last loaded, shared by the
// panes that let the operator pick a session (logs, groups, contacts).
type Directory struct {
	mu    sync.Mutex
	list  []api.Session
	at    time.Time
	err   error // the last read failed, and no read since succeeded
	errAt time.Time
}

// Set replaces the list; a failure of an older read is over.
func (d *Directory) Set(list []api.Session, at time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.list = append([]api.Session(nil), list...)
	d.at = at
	if !at.Before(d.errAt) {
		d.err = nil
	}
}

// Fail records that a read of the list at at failed, whichever pane read
// it: every pane that shows the list says so until a read succeeds.
func (d *Directory) Fail(err error, at time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err != nil && !at.Before(d.errAt) && !at.Before(d.at) {
		d.err, d.errAt = err, at
	}
}

// Err is the failure of the latest read of the list, or nil when it
// succeeded.
func (d *Directory) Err() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.err
}

// Sessions returns the list and when it was loaded (zero: never).
func (d *Directory) Sessions() ([]api.Session, time.Time) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]api.Session(nil), d.list...), d.at
}

// At is when the list was loaded (zero: never).
func (d *Directory) At() time.Time {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.at
}

// Name returns a session's display name, or "session ID".
func (d *Directory) Name(id api.ID) string {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, s := range d.list {
		if s.ID == id {
			if n := Clean(string(s.Name)); n != "" {
				return n
			}
		}
	}
	return "session " + string(id)
}

// FirstConnected is the first connected session, else the first session,
// else "" — the default of panes that show one session.
func (d *Directory) FirstConnected() api.ID {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, s := range d.list {
		if s.Status.Is(api.StatusConnected) && s.ID != "" {
			return s.ID
		}
	}
	for _, s := range d.list {
		if s.ID != "" {
			return s.ID
		}
	}
	return ""
}

// Status is a session's state as the list gave it; ok is false for a
// session the list does not have.
func (d *Directory) Status(id api.ID) (status api.Status, ok bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, s := range d.list {
		if s.ID == id {
			return s.Status, true
		}
	}
	return "", false
}
