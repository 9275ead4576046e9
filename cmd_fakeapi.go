package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"sort"
	"time"

	"github.com/wasender-tui/wasender-tui/api/fake"
	"github.com/wasender-tui/wasender-tui/ui/backend"
)

func fakeAPICmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newCommand("wasender-tui fake-api", "Usage: wasender-tui fake-api [--listen 127.0.0.1:8080] [--token T] [--contacts N] [--groups N] [--webhook-url URL | --webhooks]", stdout)
	listen := fs.String("listen", "127.0.0.1:8080", "address to listen on")
	token := fs.String("token", "", "personal access token to accept (default: a fixed demo token)")
	contacts := fs.Int("contacts", 0, "contacts per connected session (default 300)")
	groups := fs.Int("groups", 0, "groups per connected session (default 25)")
	autoPair := fs.Duration("auto-pair", 20*time.Second, "the demo phone scans the QR code after this (0 = never)")
	webhookURL := fs.String("webhook-url", "", "send every session's webhooks, signed with its webhook_secret, to this URL")
	sessions := fs.Int("sessions", 6, "sessions in the account: the demo's six, then generated ones")
	incidents := fs.Bool("incidents", true, "a session that flaps now and then, outages and bursts of failed messages (--incidents=false: a calm world)")
	webhooks := fs.Bool("webhooks", false, "send each session's webhooks to its own webhook_url, when webhook_enabled, for its webhook_events, as the real API does")
	world := worldFlags(fs.FlagSet)
	if err := fs.parse(args); err != nil {
		return err
	}
	if *contacts < 0 || *groups < 0 {
		return usageError{errors.New("--contacts and --groups must be positive")}
	}
	if *sessions < 1 || *sessions > 10000 {
		return usageError{fmt.Errorf("--sessions %d: use 1 to 10000", *sessions)}
	}
	if u, err := url.Parse(*webhookURL); *webhookURL != "" && (err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "") {
		return usageError{fmt.Errorf("--webhook-url %q: want an http:// or https:// URL", *webhookURL)}
	}
	if *webhookURL != "" && *webhooks {
		return usageError{errors.New("--webhook-url or --webhooks, not both: one URL for every session, or each session's own webhook_url")}
	}
	opts, err := world()
	if err != nil {
		return usageError{err}
	}
	opts.PersonalToken, opts.Contacts, opts.Groups, opts.AutoPair, opts.LogActivity, opts.WebhookURL, opts.Webhooks = *token, *contacts, *groups, *autoPair, true, *webhookURL, *webhooks
	opts.Sessions, opts.Incidents = *sessions, *incidents
	srv := fake.New(opts)
	defer srv.Close()
	base, stop, err := backend.ServeFake(srv, *listen)
	if err != nil {
		return err
	}
	defer stop()
	fmt.Fprintf(stdout, "fake WasenderAPI listening on %s\n\n", base)
	fmt.Fprintf(stdout, "  personal access token: %s\n", srv.PersonalToken())
	keys := srv.SessionKeys()
	ids := make([]int, 0, len(keys))
	for id := range keys {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	for _, id := range ids {
		fmt.Fprintf(stdout, "  session %d api key:    %s\n", id, keys[id])
	}
	if *webhookURL != "" || *webhooks {
		secrets := srv.WebhookSecrets()
		if *webhookURL != "" {
			fmt.Fprintf(stdout, "\nEvery session's webhooks go to %s, signed (X-Webhook-Signature) with:\n", *webhookURL)
		} else {
			fmt.Fprintf(stdout, "\nEach session's webhooks go to its own webhook_url while webhook_enabled, for its webhook_events, signed (X-Webhook-Signature) with:\n")
		}
		for _, id := range ids {
			fmt.Fprintf(stdout, "  session %d webhook secret: %s\n", id, secrets[id])
		}
	}
	fmt.Fprintf(stdout, "\nTry:\n  WASENDER_API_URL=%s WASENDER_TOKEN='%s' wasender-tui\n", base, srv.PersonalToken())
	fmt.Fprintf(stdout, "  curl -H 'Authorization: Bearer %s' %s/whatsapp-sessions\n\nctrl+c stops.\n", srv.PersonalToken(), base)
	<-ctx.Done()
	if *webhookURL != "" || *webhooks {
		st := srv.WebhookStats()
		fmt.Fprintf(stdout, "webhooks: %d sent, %d failed, %d dropped while the receiver was too slow\n", st.Sent, st.Failed, st.Dropped)
	}
	return nil
}

// worldFlags are the fake API's switches for how unkind a server it is;
// the returned func reads them once the flags are parsed.
func worldFlags(fs *flag.FlagSet) func() (fake.Options, error) {
	var o fake.Options
	ties := fs.String("ties", "stable", "entries of one second in log pages: stable, or shuffled (a new order every request)")
	fs.BoolVar(&o.Logs.OldestFirst, "oldest-first", false, "log pages list the oldest entries first")
	fs.IntVar(&o.MaxPerPage, "max-per-page", 100, "the largest per_page (and limit) served")
	fs.IntVar(&o.Logs.Keep, "keep-logs", 20000, "entries a log keeps before it prunes the oldest tenth")
	fs.BoolVar(&o.Logs.KeepExact, "keep-exact", false, "prune one old entry for every new one instead")
	fs.IntVar(&o.Logs.Churn, "churn", 0, "write up to N entries to a log just before each of its pages is served")
	fs.Float64Var(&o.Logs.Rate, "log-rate", 0, "messages a second per connected session (default: one every 2-9 s)")
	fs.IntVar(&o.Logs.Burst, "burst", 0, "with --burst-every: this many messages in one second")
	fs.DurationVar(&o.Logs.BurstEvery, "burst-every", 0, "how often a burst comes, e.g. 30s")
	fs.Float64Var(&o.Logs.ErrorRate, "error-rate", 0, "share of log page requests answered 500, e.g. 0.05")
	fs.DurationVar(&o.Latency, "latency", 0, "delay every answer by this much")
	fs.BoolVar(&o.PATOnly, "pat-only", false, "refuse a session's API key on logs, restart, disconnect and regenerate-key (take only the personal token)")
	fs.BoolVar(&o.GroupsSDKShape, "groups-sdk-shape", false, "answer group calls as the SDKs type them: list items with size and participants, metadata with announce and restrict")
	fs.StringVar(&o.SendFailure, "send-fails", "", "every message sent fails with this failed_reason, e.g. \"Recipient has blocked you\"")
	fs.IntVar(&o.DefaultLimit, "default-limit", 1000, "requests a minute per endpoint per session where the API publishes no limit; -1 for none")
	fs.DurationVar(&o.QRRotate, "qr-rotate", 45*time.Second, "how long a pairing code lives before the server serves a new one")
	fs.DurationVar(&o.QRPhase, "qr-phase", 0, "how far into its first rotation a pairing attempt is when connect answers")
	fs.DurationVar(&o.QRJitter, "qr-jitter", 0, "each rotation comes up to this much early or late (at most a third of --qr-rotate)")
	fs.DurationVar(&o.ClockOffset, "clock-offset", 0, "the server's clock runs this far ahead (negative: behind)")
	fs.BoolVar(&o.Hostile, "hostile", false, "put terminal escapes, bidi overrides and C1 controls into every string served, webhooks and errors too")
	return func() (fake.Options, error) {
		switch *ties {
		case "stable":
		case "shuffled", "shuffle":
			o.Logs.ShuffleTies = true
		default:
			return o, fmt.Errorf("--ties %q: want stable or shuffled", *ties)
		}
		if o.QRRotate <= 0 || o.QRPhase < 0 || o.QRJitter < 0 {
			return o, errors.New("--qr-rotate must be positive; --qr-phase and --qr-jitter not negative")
		}
		if o.MaxPerPage < 1 || o.Logs.Keep < 1 || o.Logs.Churn < 0 || o.Logs.Rate < 0 || o.Logs.Burst < 0 || o.Logs.ErrorRate < 0 || o.Logs.ErrorRate > 1 {
			return o, errors.New("--max-per-page and --keep-logs must be positive; --churn, --log-rate and --burst not negative; --error-rate within 0..1")
		}
		return o, nil
	}
}
