package transfer

import "runtime/metrics"

// The rows of one store transaction stay in memory until it commits: with
// bbolt, every index page a row touches is held as a dirty node, and keys
// in random order touch a page each. At 5,000 rows per transaction, a
// million accounts in shuffled order peaked at 242 MiB of private memory
// (in file order 130 MiB), near the 256 MB issue #5 allows for any
// import, and wider rows would pass it. So the heap is sampled at the end
// of each transaction, before its commit: above heapHigh, the next
// transactions take half the rows (down to minRows); below heapHigh/2,
// twice as many again, up to the batch size.
const (
	heapHigh = 128 << 20
	minRows  = 250
)

// sampleHeap is the heap sampler of new imports; tests replace it.
var sampleHeap = heapObjects

// heapObjects returns the bytes of live and not yet swept heap objects.
func heapObjects() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// fitRows sets the rows of the next transactions from the heap the last
// one held.
func (imp *importer) fitRows(heap uint64) {
	switch {
	case heap > heapHigh && imp.memRows > minRows:
		imp.memRows = max(imp.memRows/2, minRows)
	case heap < heapHigh/2 && imp.memRows < imp.opts.BatchSize:
		imp.memRows = min(imp.memRows*2, imp.opts.BatchSize)
	}
}
