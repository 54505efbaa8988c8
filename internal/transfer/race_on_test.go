//go:build race

package transfer_test

// raceEnabled shrinks the big tests under the race detector, which slows
// the store's work tenfold; the full sizes run in the ordinary test run.
const raceEnabled = true
