package uitest

import (
	"encoding/base64"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/wasender-tui/wasender-tui/api/fake"
)

// Unsafe returns where s holds a character a terminal would act on or that
// reorders or hides text, and whether it does: ESC, BEL and every other C0
// control but the newline, DEL, C1 controls, the bidi embeddings,
// overrides, isolates and marks, the other invisible format characters
// (zero-width space, word joiner, BOM, soft hyphen, tags), or invalid
// UTF-8. The list is written out here, apart from the sanitiser it checks.
func Unsafe(s string) (string, bool) {
	for i, r := range s {
		bad := r == utf8.RuneError && !validAt(s, i)
		switch {
		case r == '\n':
		case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
			bad = true
		case r == 0xad, r == 0x061c, r >= 0x200b && r <= 0x200f, r >= 0x202a && r <= 0x202e,
			r == 0x2028, r == 0x2029, r >= 0x2060 && r <= 0x2069, r == 0xfeff, r >= 0xe0000 && r <= 0xe007f:
			bad = true
		}
		if bad {
			lo := max(0, i-24)
			for lo > 0 && !utf8.RuneStart(s[lo]) {
				lo--
			}
			hi := min(len(s), i+8)
			for hi < len(s) && !utf8.RuneStart(s[hi]) {
				hi++
			}
			return s[lo:hi], true
		}
	}
	return "", false
}

func validAt(s string, i int) bool {
	r, n := utf8.DecodeRuneInString(s[i:])
	return r != utf8.RuneError || n == 3
}

var osc52 = regexp.MustCompile(`\x1b\]52;[a-z]*;([A-Za-z0-9+/=]*)(?:\x07|\x1b\\)`)

// Clipboard returns the texts of the OSC52 clipboard writes in out.
func Clipboard(out string) []string {
	var texts []string
	for _, m := range osc52.FindAllStringSubmatch(out, -1) {
		b, err := base64.StdEncoding.DecodeString(m[1])
		if err != nil {
			texts = append(texts, "\x1b(undecodable OSC52 payload)")
			continue
		}
		texts = append(texts, string(b))
	}
	return texts
}

// Output is something a front end wrote: a frame, a clipboard text, a
// file, a command's stdout or stderr. Kind groups them in the report.
type Output struct{ Kind, What, Text string }

// Report fails the test for every output holding an Unsafe character, and
// logs what was checked: the outputs by kind, and the string fields the
// hostile servers of the process served (fake.HostileFields), with those
// whose mark was seen in an output, so shown, copied or written, and
// clean. It returns how many of the API's fields were served and seen.
func Report(t testing.TB, outs []Output) (served, seen int) {
	t.Helper()
	kinds := map[string]int{}
	var all strings.Builder
	for _, o := range outs {
		if bad, ok := Unsafe(o.Text); ok {
			t.Errorf("%s holds %q", o.What, bad)
		}
		kinds[o.Kind]++
		all.WriteString(o.Text)
	}
	text := all.String()
	var unseen, list []string
	bare, added, addedSeen := 0, 0, 0
	for _, f := range fake.HostileFields() {
		state := "seen"
		switch {
		case f.Mark == "":
			bare++
			state = "bare"
		case f.Added:
			added++
			state = "added, not seen"
			if strings.Contains(text, f.Mark) {
				addedSeen++
				state = "added, seen"
			}
		case strings.Contains(text, f.Mark):
			seen++
		default:
			unseen = append(unseen, f.Where)
			state = "not seen"
		}
		list = append(list, f.Where+": "+state)
	}
	served = bare + seen + len(unseen)
	var parts []string
	for k, n := range kinds {
		parts = append(parts, fmt.Sprintf("%d %s", n, k))
	}
	sort.Strings(parts)
	t.Logf("%d outputs checked (%s); %d of the API's string fields served with payloads: %d ids, keys and states (control characters only) and %d others, %d of which were seen in an output; and %d of the %d members the server added to objects",
		len(outs), strings.Join(parts, ", "), served, bare, seen+len(unseen), seen, addedSeen, added)
	if testing.Verbose() {
		t.Logf("fields not seen in any output:\n%s\n\nevery field:\n%s", strings.Join(unseen, "\n"), strings.Join(list, "\n"))
	}
	return served, seen
}
