package cmdutil

import (
	"os"
	"runtime/debug"
)

// streamingGCPercent is the collector's setting for commands that stream
// a whole kind of record through a small live heap (export): every record
// decoded is garbage a moment later, and at the default the collector ran
// a cycle per few megabytes. A million-account export took 1.30 s at the
// default and 1.11 s at 400 (median of 4, alternating, 2 cores); the heap
// then grows to five times a live set of a few megabytes. Imports keep
// the default: their live heap is large, and the memory limit set at
// start-up bounds it.
const streamingGCPercent = 400

// StreamingGC applies streamingGCPercent unless GOGC says otherwise.
func StreamingGC() {
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(streamingGCPercent)
	}
}
