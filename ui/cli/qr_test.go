package cli_test

import (
	"bytes"
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/ui/cli"
	"github.com/wasender-tui/wasender-tui/ui/qrtext"
	"github.com/wasender-tui/wasender-tui/ui/qrtext/qrtexttest"
	"github.com/wasender-tui/wasender-tui/ui/uitest"
)

func client(t *testing.T, opts fake.Options) *api.Client {
	t.Helper()
	return clientOf(t, fake.New(opts))
}

func clientOf(t *testing.T, f *fake.Server) *api.Client {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	c, err := api.New(api.Options{BaseURL: srv.URL + "/api", Token: f.PersonalToken()})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var fastPair = api.PairOptions{StatusEvery: 50 * time.Millisecond, CodeEvery: 50 * time.Millisecond}

// codes cuts the printed codes out of the output: runs of lines that
// start with an escape sequence.
func codes(out string) [][]string {
	var all [][]string
	var cur []string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, "\x1b[") {
			cur = append(cur, l)
			continue
		}
		if cur != nil {
			all = append(all, cur)
			cur = nil
		}
	}
	return all
}

func TestQRPrintsEachRotationToAPipeUntilPaired(t *testing.T) {
	t.Parallel()
	c := client(t, fake.Options{QRRotate: 400 * time.Millisecond, AutoPair: 1500 * time.Millisecond})
	var out, errOut bytes.Buffer
	draw := qrtext.Options{Quiet: 4, Colors: qrtext.ANSI256}
	err := cli.QR(context.Background(), c, "marketing", &out, &errOut, cli.QROptions{Timeout: 10 * time.Second, Draw: draw, Pairing: fastPair})
	if err != nil {
		t.Fatalf("QR: %v (stderr %s)", err, errOut.String())
	}
	printed := codes(out.String())
	if len(printed) < 2 {
		t.Fatalf("%d codes printed, want one per rotation", len(printed))
	}
	seen := map[string]bool{}
	for _, lines := range printed {
		grid, err := qrtexttest.Grid(lines, draw)
		if err != nil {
			t.Fatal(err)
		}
		got, err := qrtexttest.Decode(grid, false)
		if err != nil || !strings.HasPrefix(got, "2@") {
			t.Fatalf("decoded %q, %v", got, err)
		}
		seen[got] = true
	}
	if len(seen) < 2 {
		t.Error("every printed code is the same")
	}
	if !strings.HasSuffix(out.String(), "paired as ACME Marketing (+34622198043)\n") {
		t.Errorf("output ends %q", out.String()[max(0, out.Len()-120):])
	}
	if strings.Contains(out.String(), "\x1b[J") {
		t.Error("cursor movement written to a pipe")
	}
}

func TestQRRedrawsOverTheScreenOnATerminal(t *testing.T) {
	t.Parallel()
	c := client(t, fake.Options{QRRotate: 400 * time.Millisecond, AutoPair: time.Second})
	var out bytes.Buffer
	err := cli.QR(context.Background(), c, "14", &out, &bytes.Buffer{}, cli.QROptions{Timeout: 10 * time.Second, TTY: true, Draw: qrtext.Options{Quiet: 2}, Pairing: fastPair})
	if err != nil {
		t.Fatal(err)
	}
	frames := strings.Split(out.String(), "\x1b[H")
	if len(frames) < 3 {
		t.Fatalf("%d frames, want one per code", len(frames)-1)
	}
	for _, f := range frames[1 : len(frames)-1] {
		if strings.HasSuffix(f, "\n") || strings.Count(f, "\n") != 31+2-1 {
			t.Fatalf("a frame of %d lines (trailing newline %v), want the 31+2 lines and no scrolling", strings.Count(f, "\n")+1, strings.HasSuffix(f, "\n"))
		}
	}
	if last := frames[len(frames)-1]; last != "\x1b[Jpaired as ACME Marketing (+34622198043)\n" {
		t.Errorf("ends with %q, want the code cleared and the account", last)
	}
}

func TestQRTimesOut(t *testing.T) {
	t.Parallel()
	c := client(t, fake.Options{})
	err := cli.QR(context.Background(), c, "Marketing Bot", &bytes.Buffer{}, &bytes.Buffer{}, cli.QROptions{Timeout: 300 * time.Millisecond, Pairing: fastPair})
	if err == nil || err.Error() != "timed out after 300ms: Marketing Bot was not paired" {
		t.Fatalf("err = %v", err)
	}
}

func TestQRAlreadyConnectedAndUnknownSession(t *testing.T) {
	t.Parallel()
	c := client(t, fake.Options{})
	var out bytes.Buffer
	if err := cli.QR(context.Background(), c, "support desk", &out, &bytes.Buffer{}, cli.QROptions{Pairing: fastPair}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Support Desk is already connected") {
		t.Errorf("out = %q", out.String())
	}
	err := cli.QR(context.Background(), c, "nobody", &bytes.Buffer{}, &bytes.Buffer{}, cli.QROptions{})
	if err == nil || !strings.Contains(err.Error(), `no session "nobody"`) || !strings.Contains(err.Error(), "Legacy Line (16)") {
		t.Fatalf("err = %v", err)
	}
}

func TestFindSession(t *testing.T) {
	t.Parallel()
	c := client(t, fake.Options{})
	for ref, want := range map[string]string{"12": "Sales EU", "sales eu": "Sales EU", "Leg": "Legacy Line", " 16 ": "Legacy Line"} {
		s, err := cli.FindSession(context.Background(), c, ref)
		if err != nil || string(s.Name) != want {
			t.Errorf("%q: %v %v", ref, s.Name, err)
		}
	}
	if _, err := cli.FindSession(context.Background(), c, "S"); !errors.Is(err, cli.ErrAmbiguous) || !strings.Contains(err.Error(), "Sales EU (12), Support Desk (11)") {
		t.Errorf("ambiguous prefix: %v", err)
	}
}

// The candidates of an ambiguous name are named cleaned: a hostile server's
// names reach stderr without a control or bidi character.
func TestAmbiguousCandidatesAreCleaned(t *testing.T) {
	t.Parallel()
	c := client(t, fake.Options{Hostile: true})
	_, err := cli.FindSession(context.Background(), c, "]0;pwn") // every hostile name starts so, cleaned
	if !errors.Is(err, cli.ErrAmbiguous) || !strings.Contains(err.Error(), "Support Desk") {
		t.Fatalf("err = %v", err)
	}
	if at, bad := uitest.Unsafe(err.Error()); bad {
		t.Errorf("unsafe at %q in %q", at, err.Error())
	}
}

// A refused connect is told in the API's words with its field errors and
// status, not only the message.
func TestQRRefusedConnectKeepsTheFieldErrors(t *testing.T) {
	t.Parallel()
	f := fake.New(fake.Options{})
	f.FailNext("POST", "/api/whatsapp-sessions/14/connect", 422, `{"success":false,"message":"Validation failed","errors":{"linkMethod":["The selected link method is invalid."]}}`, 1)
	c := clientOf(t, f)
	err := cli.QR(context.Background(), c, "14", &bytes.Buffer{}, &bytes.Buffer{}, cli.QROptions{Timeout: 10 * time.Second, Pairing: fastPair})
	if err == nil || !strings.Contains(err.Error(), "Validation failed (linkMethod: The selected link method is invalid.) [HTTP 422]") {
		t.Fatalf("err = %v", err)
	}
}

// Without the personal token a session found by its key's id is named by
// that id in what qr says.
func TestQRWithOnlySessionKeysNamesTheSessionByItsID(t *testing.T) {
	t.Parallel()
	f := fake.New(fake.Options{})
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	c, err := api.New(api.Options{BaseURL: srv.URL + "/api", SessionKeys: map[string]string{"14": f.SessionKeys()[14]}})
	if err != nil {
		t.Fatal(err)
	}
	err = cli.QR(context.Background(), c, "14", &bytes.Buffer{}, &bytes.Buffer{}, cli.QROptions{Timeout: 10 * time.Second, Pairing: fastPair})
	if err == nil || !strings.HasPrefix(err.Error(), "connect session 14: ") || !strings.Contains(err.Error(), "personal access token") {
		t.Fatalf("err = %v", err)
	}
}
