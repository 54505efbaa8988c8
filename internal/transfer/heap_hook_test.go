package transfer

// SetHeapSampler makes the imports started after it see the heap f
// reports; the returned function restores the real sampler.
func SetHeapSampler(f func() uint64) (restore func()) {
	old := sampleHeap
	sampleHeap = f
	return func() { sampleHeap = old }
}

// HeapHigh is the heap above which imports shrink their transactions.
const HeapHigh = heapHigh
