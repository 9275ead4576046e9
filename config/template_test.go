package config

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

func TestInit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "new", "wasender-tui", "config.toml")
	if err := Init(path, false); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != Template() {
		t.Fatalf("file = %q, %v; want the template", got, err)
	}
	if runtime.GOOS != "windows" {
		if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
			t.Errorf("file mode = %v, want 0600", info.Mode().Perm())
		}
		if info, _ := os.Stat(filepath.Dir(path)); info.Mode().Perm() != 0o700 {
			t.Errorf("dir mode = %v, want 0700", info.Mode().Perm())
		}
	}

	if err := os.WriteFile(path, []byte("# mine\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	err = Init(path, false)
	if want := "config init: " + path + " already exists; edit it, or add --force to replace it"; err == nil || err.Error() != want {
		t.Errorf("second Init = %v, want %q", err, want)
	}
	if got, _ := os.ReadFile(path); string(got) != "# mine\n" {
		t.Errorf("refused Init changed the file: %q", got)
	}
	if err := Init(path, true); err != nil {
		t.Fatalf("forced Init: %v", err)
	}
	if got, _ := os.ReadFile(path); string(got) != Template() {
		t.Errorf("forced Init did not write the template")
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("left files behind: %v", entries)
	}
	if err := Init("", false); err == nil {
		t.Errorf("Init with no path succeeded")
	}
}

// Two inits at once, as two terminals: one writes, the others are told
// the file exists, and none replaces what another wrote.
func TestInitsAtOnceWriteOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	errs := make(chan error)
	for range 20 {
		go func() { errs <- Init(path, false) }()
	}
	wrote := 0
	for range 20 {
		switch err := <-errs; {
		case err == nil:
			wrote++
		case !strings.Contains(err.Error(), "already exists"):
			t.Errorf("Init: %v", err)
		}
	}
	if wrote != 1 {
		t.Errorf("%d inits wrote the file, want 1", wrote)
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("left files behind: %v", entries)
	}
}

// A fresh template loads cleanly, and asks for a token.
func TestTemplateLoads(t *testing.T) {
	c, path, err := loadFile(t, Template())
	if err != nil {
		t.Fatalf("template does not load: %v", err)
	}
	if c.ProfileName != "default" || len(c.Warnings) != 0 {
		t.Errorf("template config = %+v", c)
	}
	err = c.RequireCredential()
	if err == nil || !strings.Contains(err.Error(), "to [profiles.default] in "+path) {
		t.Errorf("RequireCredential = %v", err)
	}
}

// Uncommenting the template's example settings changes nothing: the
// template shows the real defaults, and every key it shows is real.
func TestTemplateShowsTheDefaults(t *testing.T) {
	setting := regexp.MustCompile(`(?m)^# ((\w+) = .*)$`)
	tmpl := Template()
	// [events] is off by default: its examples turn it on, so they stay
	// commented (and are checked apart).
	tmpl, events, _ := strings.Cut(tmpl, "\n[events]\n")
	var shown []string
	uncommented := setting.ReplaceAllStringFunc(tmpl, func(line string) string {
		m := setting.FindStringSubmatch(line)
		key := m[2]
		shown = append(shown, key)
		switch key {
		case "token", "token_env", "token_command", "api_key":
			return line // secrets stay commented; they have no default
		}
		return m[1]
	})
	for _, key := range append(append(append([]string{"default_profile", "base_url"}, profileKeys...), serveKeys...), healthKeys...) {
		if key == "session_keys" {
			continue
		}
		if !strings.Contains(tmpl, key+" = ") {
			t.Errorf("template does not show %s", key)
		}
	}
	for _, key := range shown {
		known := append(append(append([]string{}, profileKeys...), serveKeys...), healthKeys...)
		if !contains(known, key) {
			t.Errorf("template shows unknown key %q", key)
		}
	}
	for _, key := range eventsKeys {
		if !strings.Contains(events, "\n# "+key+" = ") {
			t.Errorf("template does not show [events] %s", key)
		}
	}
	on, err := Load(Options{Path: writeConfig(t, t.TempDir(), tmpl+"\n[events]\n"+setting.ReplaceAllString(events, "$1")), Getenv: envMap("HOME", t.TempDir())})
	if err != nil || on.Events != (Events{Listen: "127.0.0.1:8090", PublicURL: "https://console.example.com/wasender", Forward: "https://n8n.example.com/webhook/wasender"}) {
		t.Errorf("the [events] examples give %+v, %v", on, err)
	}

	home := t.TempDir()
	getenv := envMap("HOME", home)
	c1, err := Load(Options{Path: writeConfig(t, t.TempDir(), tmpl), Getenv: getenv})
	if err != nil {
		t.Fatal(err)
	}
	c2, err := Load(Options{Path: writeConfig(t, t.TempDir(), uncommented), Getenv: getenv})
	if err != nil {
		t.Fatalf("uncommented template: %v\n%s", err, uncommented)
	}
	if !reflect.DeepEqual(c1.Profile, c2.Profile) || c1.Serve != c2.Serve || c1.Health != c2.Health {
		t.Errorf("uncommented template differs:\n%+v %+v %+v\n%+v %+v %+v", c1.Profile, c1.Serve, c1.Health, c2.Profile, c2.Serve, c2.Health)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
