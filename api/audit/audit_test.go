package audit

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
)

func TestWriteThenTailPrivately(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "audit.log")
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	for i, r := range []string{"ok", "refused: viewer", "error: no"} {
		if err := l.Write(Entry{Time: at.Add(time.Duration(i) * time.Second), Actor: "local:a", Action: "restart session", Target: "11", Result: r}); err != nil {
			t.Fatal(err)
		}
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v", fi.Mode())
	}
	if fi, _ := os.Stat(filepath.Dir(path)); fi.Mode().Perm() != 0o700 {
		t.Errorf("directory mode %v", fi.Mode())
	}
	got, err := Tail(path, 2)
	if err != nil || len(got) != 2 || got[0].Result != "refused: viewer" || got[1].Target != "11" {
		t.Fatalf("tail: %+v, %v", got, err)
	}
}

func TestHookNamesTheResultAndTheActor(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.log")
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	hook := l.Hook("work")
	hook(api.Mutation{Action: "delete session", Target: "12", Actor: "ssh:bob", At: time.Now()})
	hook(api.Mutation{Action: "send message", Target: "+1", Err: errors.New("boom")})
	got, _ := Tail(path, 10)
	if len(got) != 2 || got[0].Result != "ok" || got[0].Profile != "work" || got[1].Actor != "unknown" || got[1].Result != "error: boom" {
		t.Fatalf("%+v", got)
	}
}

func TestNilLogWritesNothing(t *testing.T) {
	var l *Log
	if err := l.Write(Entry{Action: "x"}); err != nil || l.Close() != nil {
		t.Fatal("a nil log failed")
	}
}

func TestTailOfNoFileIsEmpty(t *testing.T) {
	if got, err := Tail(filepath.Join(t.TempDir(), "none"), 5); err != nil || got != nil {
		t.Fatalf("%v %v", got, err)
	}
}

// Issue 12: the trail is read with cat and tail: a name with a bidi
// override or a C1 control (an SSH user's, a server's) is written as a \u
// escape, and reads back the same.
func TestTrailWritesNoBidiOrC1Raw(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.log")
	l, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	who := "ssh:mallory\u202e\u009b31m\x1b]0;x\a"
	if err := l.Write(Entry{Actor: who, Action: "restart session", Target: "11\u2066", Result: "ok"}); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	for _, raw := range []string{"\u202e", "\u009b", "\u2066", "\x1b", "\a"} {
		if strings.Contains(string(b), raw) {
			t.Errorf("the trail holds %q raw: %q", raw, b)
		}
	}
	got, err := Tail(path, 1)
	if err != nil || len(got) != 1 || got[0].Actor != who {
		t.Errorf("read back %+v, %v", got, err)
	}
}
