package bulk

import (
	"fmt"
	"testing"
)

// The filter holds every key added and keeps its false positives near 1 %
// per part when it takes ten times the keys it was first sized for.
func TestKeyFilterGrows(t *testing.T) {
	hash := New().hash
	f := newKeyFilter(1000)
	for i := range 10_000 {
		f.Add(hash(fmt.Appendf(nil, "in-%d", i)))
	}
	for i := range 10_000 {
		if !f.Test(hash(fmt.Appendf(nil, "in-%d", i))) {
			t.Fatalf("key %d added and missing", i)
		}
	}
	wrong := 0
	for i := range 10_000 {
		if f.Test(hash(fmt.Appendf(nil, "out-%d", i))) {
			wrong++
		}
	}
	if rate := float64(wrong) / 10_000; rate > 0.04 {
		t.Errorf("%.1f %% false positives past ten times the first size", 100*rate)
	}
	if len(f.parts) != 4 { // 1,000 + 2,000 + 4,000 + 8,000 keys
		t.Errorf("%d parts for 10,000 keys from 1,000", len(f.parts))
	}
}
