package uitest

import (
	"cmp"
	"slices"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// stuck is how long a Driver waits for a command that neither answers nor
// waits for the clock before it says one blocks.
const stuck = 10 * time.Second

// Driver runs commands the way Bubble Tea does, each in its own goroutine
// with its message fed back to update, but on the fake clock: timers are
// held until the test moves the clock with Advance, so every call returns
// as soon as nothing is left to run (no quiet periods, no timeouts).
type Driver struct {
	t       testing.TB
	clock   *Clock
	update  func(tea.Msg) tea.Cmd
	results chan tea.Msg
	pending int
	timers  []TimerMsg
	// Seen is every message fed to update, in order.
	Seen []tea.Msg
	// Tick runs at every step of Advance, before the timers due then: the
	// background requests a scheduler would start meanwhile (Env.Poll).
	Tick func()
}

// NewDriver returns a driver of update on clk.
func NewDriver(t testing.TB, clk *Clock, update func(tea.Msg) tea.Cmd) *Driver {
	return &Driver{t: t, clock: clk, update: update, results: make(chan tea.Msg, 256)}
}

// Send feeds msg to update and runs what follows until nothing is left.
func (d *Driver) Send(msg tea.Msg) {
	d.t.Helper()
	d.deliver(msg)
	d.settle()
}

// Run runs cmd and what follows until nothing is left.
func (d *Driver) Run(cmd tea.Cmd) {
	d.t.Helper()
	d.start(cmd)
	d.settle()
}

// Press sends keys one by one (see Key), running what each starts.
func (d *Driver) Press(keys ...string) {
	d.t.Helper()
	for _, k := range keys {
		d.Send(Key(k))
	}
}

// Type sends each rune of s as its own key press.
func (d *Driver) Type(s string) {
	d.t.Helper()
	for _, r := range s {
		d.Send(Rune(r))
	}
}

// Advance moves the clock by dur in steps, from one due timer or sleep to
// the next, delivering each timer's message and running what follows.
func (d *Driver) Advance(dur time.Duration) {
	d.t.Helper()
	target := d.clock.Now().Add(dur)
	for {
		next, ok := d.nextDue()
		if !ok || next.After(target) {
			break
		}
		d.clock.set(next)
		if d.Tick != nil {
			d.Tick()
		}
		for len(d.timers) > 0 && !d.timers[0].At.After(next) {
			t := d.timers[0]
			d.timers = d.timers[1:]
			d.deliver(t.fire(next))
		}
		d.settle()
	}
	d.clock.set(target)
	if d.Tick != nil {
		d.Tick()
	}
	d.settle()
}

// Timers is how many timers wait for the clock.
func (d *Driver) Timers() int { return len(d.timers) }

func (d *Driver) nextDue() (time.Time, bool) {
	next, ok := d.clock.nextWake()
	if len(d.timers) > 0 && (!ok || d.timers[0].At.Before(next)) {
		return d.timers[0].At, true
	}
	return next, ok
}

func (d *Driver) start(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	d.pending++
	go func() { d.results <- cmd() }()
}

func (d *Driver) deliver(msg tea.Msg) {
	switch msg := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			d.start(c)
		}
	case TimerMsg:
		// By the time they were set, not by when their commands answered:
		// those run concurrently and answer in any order.
		i, _ := slices.BinarySearchFunc(d.timers, msg, func(t, m TimerMsg) int {
			if c := t.At.Compare(m.At); c != 0 {
				return c
			}
			return cmp.Compare(t.seq, m.seq)
		})
		d.timers = slices.Insert(d.timers, i, msg)
	default:
		d.Seen = append(d.Seen, msg)
		d.start(d.update(msg))
	}
}

// settle waits until every command has answered, except those waiting
// for the clock.
func (d *Driver) settle() {
	d.t.Helper()
	deadline := time.NewTimer(stuck)
	defer deadline.Stop()
	for {
		if d.pending <= d.clock.sleeping() {
			select { // an answer already there is not left for later
			case msg := <-d.results:
				d.pending--
				d.deliver(msg)
				continue
			default:
				return
			}
		}
		select {
		case msg := <-d.results:
			d.pending--
			d.deliver(msg)
			deadline.Reset(stuck)
		case <-d.clock.changed:
		case <-deadline.C:
			d.t.Fatalf("uitest: %d commands still running after %s: one blocks on something other than the clock", d.pending, stuck)
		}
	}
}
