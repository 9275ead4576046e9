//go:build race

package tail

// raceEnabled shortens the long simulations under the race detector, which
// slows them about tenfold; the properties checked stay the same.
const raceEnabled = true
