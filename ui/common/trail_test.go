package common

import (
	"path/filepath"
	"testing"

	"github.com/wasender-tui/wasender-tui/api/audit"
)

func TestEnvironmentRunsNameTheirProfile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "audit.log")
	log, err := audit.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()
	c := NewContext(nil, nil)
	c.Audit, c.Profile = log, "" // configured by WASENDER_TOKEN alone
	if msg := c.Refuse("restart session", "12", "restart")(); msg == nil {
		t.Fatal("no notice")
	}
	entries, err := audit.Tail(path, 10)
	if err != nil || len(entries) != 1 {
		t.Fatalf("%v %v", entries, err)
	}
	if entries[0].Profile != "env" {
		t.Errorf("profile %q, want env", entries[0].Profile)
	}
}
