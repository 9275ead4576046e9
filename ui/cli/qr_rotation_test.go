package cli_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wasender-tui/wasender-tui/api"
	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/ui/cli"
	"github.com/wasender-tui/wasender-tui/ui/qrtext"
	"github.com/wasender-tui/wasender-tui/ui/qrtext/qrtexttest"
)

// simClock is virtual time shared by the fake and the client: a sleep
// moves it at once, in steps, noting each string the server serves.
type simClock struct {
	mu     sync.Mutex
	now    time.Time
	f      *fake.Server
	served []string
}

func (c *simClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *simClock) Sleep(ctx context.Context, d time.Duration) error {
	for ; d > 0; d -= 100 * time.Millisecond {
		if err := ctx.Err(); err != nil {
			return err
		}
		c.mu.Lock()
		c.now = c.now.Add(min(d, 100*time.Millisecond))
		c.mu.Unlock()
		if s, err := c.f.PairingString(14); err == nil && (len(c.served) == 0 || c.served[len(c.served)-1] != s) {
			c.served = append(c.served, s)
		}
	}
	return ctx.Err()
}

// The case: codes rotating every 20 s, `qr` into a pipe for 65 s.
// Every code served is printed, once, in order.
func TestQRIntoAPipePrintsEveryCodeServedOnce(t *testing.T) {
	t.Parallel()
	for _, opts := range []fake.Options{
		{QRRotate: 20 * time.Second},
		{QRRotate: 20 * time.Second, QRPhase: 14 * time.Second, ClockOffset: 30 * time.Second},
		{QRRotate: 9 * time.Second, QRJitter: 3 * time.Second},
	} {
		clk := &simClock{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
		opts.Now, opts.AutoPair = clk.Now, 65*time.Second
		clk.f = fake.New(opts)
		srv := httptest.NewServer(clk.f)
		c, err := api.New(api.Options{BaseURL: srv.URL + "/api", Token: clk.f.PersonalToken(), Now: clk.Now, Sleep: clk.Sleep, HTTPClient: &http.Client{}})
		if err != nil {
			t.Fatal(err)
		}
		var out, errOut bytes.Buffer
		draw := qrtext.Options{Quiet: 4, Colors: qrtext.ANSI256}
		if err := cli.QR(context.Background(), c, "14", &out, &errOut, cli.QROptions{Timeout: 30 * time.Second, Draw: draw}); err != nil {
			t.Fatalf("QR: %v (stderr %s)", err, errOut.String())
		}
		srv.Close()
		var printed []string
		for _, lines := range codes(out.String()) {
			grid, err := qrtexttest.Grid(lines, draw)
			if err != nil {
				t.Fatal(err)
			}
			got, err := qrtexttest.Decode(grid, false)
			if err != nil {
				t.Fatal(err)
			}
			printed = append(printed, got)
		}
		if len(clk.served) < 4 || strings.Join(printed, "\n") != strings.Join(clk.served, "\n") {
			t.Errorf("rotate %s phase %s: printed %d codes for the %d served, or not in order", opts.QRRotate, opts.QRPhase, len(printed), len(clk.served))
		}
		if n := strings.Count(out.String(), "\nWhatsApp → Linked devices → Link a device · seen "); n != len(printed) {
			t.Errorf("%d captions for %d codes", n, len(printed))
		}
	}
}

// screen is a terminal for the qr command: its size can change, and what
// is written to it is kept.
type screen struct {
	mu         sync.Mutex
	cols, rows int
	out        bytes.Buffer
}

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.out.Write(p)
}

func (s *screen) size() (int, int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cols, s.rows, true
}

func (s *screen) resize(cols, rows int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cols, s.rows = cols, rows
}

// frame is the last screenful drawn, without the cursor movements.
func (s *screen) frame() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	all := s.out.String()
	f := all[strings.LastIndex(all, "\x1b[H")+1:]
	return strings.NewReplacer("[H", "", "\x1b[K", "", "\x1b[J", "").Replace(f)
}

func (s *screen) waitFor(t *testing.T, cond func(string) bool) string {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if f := s.frame(); cond(f) {
			return f
		}
	}
	t.Fatalf("not seen within 5s; the screen shows:\n%s", s.frame())
	return ""
}

// At 80x24 the code cannot fit: qr says exactly how much room it needs and
// draws nothing clipped; when the window grows, the code appears at once.
func TestQRAtATooSmallTerminalSaysTheSizeAndDrawsWhenItGrows(t *testing.T) {
	t.Parallel()
	f := fake.New(fake.Options{QRRotate: 300 * time.Millisecond})
	c := clientOf(t, f)
	scr := &screen{cols: 80, rows: 24}
	resized := make(chan struct{}, 1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	draw := qrtext.Options{Quiet: qrtext.PreferredQuiet, Colors: qrtext.NoColor, DarkBackground: true}
	done := make(chan error, 1)
	go func() {
		done <- cli.QR(ctx, c, "14", scr, &bytes.Buffer{}, cli.QROptions{Timeout: 20 * time.Second, TTY: true, Draw: draw, Pairing: fastPair, Size: scr.size, Resized: resized})
	}()

	small := scr.waitFor(t, func(f string) bool {
		return strings.Contains(f, "The QR code needs 61x32 cells; this terminal is 80x24.")
	})
	if strings.ContainsAny(small, "▀▄█") {
		t.Fatalf("a clipped code was drawn:\n%s", small)
	}
	for _, l := range strings.Split(small, "\n") {
		if w := len([]rune(l)); w > 80 {
			t.Errorf("a line of %d cells on an 80-column terminal: %q", w, l)
		}
	}

	scr.resize(120, 40)
	resized <- struct{}{}
	big := scr.waitFor(t, func(f string) bool { return strings.Contains(f, "████████") })
	lines, err := qrtexttest.FindHalfBlockCode(big)
	if err != nil {
		t.Fatal(err)
	}
	grid, err := qrtexttest.Grid(lines, draw)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := qrtexttest.Decode(grid, false); err != nil || !strings.HasPrefix(got, "2@") {
		t.Fatalf("decoded %q, %v", got, err)
	}
	if n := strings.Count(big, "\n") + 1; n > 40 || len(lines) != 65/2+1 {
		t.Errorf("%d lines on a 40-row terminal, code %d rows (want the quiet zone of 4)", n, len(lines))
	}

	scr.resize(70, 31) // one row short of a code with its caption
	resized <- struct{}{}
	scr.waitFor(t, func(f string) bool { return strings.Contains(f, "this terminal is 70x31") })
	cancel()
	if err := <-done; err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Errorf("err = %v", err)
	}
	if !strings.HasSuffix(scr.out.String(), "\x1b[H\x1b[J") {
		t.Error("the screen was not cleared at the end")
	}
}
