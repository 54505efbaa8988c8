package transfer

import (
	"math/rand/v2"
	"os"
	"testing"
)

// firstLines answers as a map would, whether its keys are in memory or in
// runs on disk: every hash's first line, nothing for a hash never added —
// also hashes that are exactly a run's index entries, below or above a
// run, and past a run's last, partial block.
func TestFirstLinesAgreesWithMap(t *testing.T) {
	for _, c := range []struct{ memKeys, stride int }{{1 << 20, 8}, {100, 8}, {64, 1}, {37, 5}} {
		f := newFirstLines(c.memKeys, c.stride)
		model := map[uint64]uint32{}
		rng := rand.New(rand.NewPCG(uint64(c.memKeys), uint64(c.stride)))
		var added []uint64
		for line := uint32(1); line <= 3000; line++ {
			var h uint64
			if len(added) > 0 && rng.IntN(4) == 0 {
				h = added[rng.IntN(len(added))] // a key seen before
			} else {
				h = rng.Uint64() >> rng.IntN(64) // small hashes too
			}
			got, ok, err := f.first(h)
			if err != nil {
				t.Fatal(err)
			}
			want, seen := model[h]
			if ok != seen || got != want {
				t.Fatalf("%+v, line %d: first(%#x) = %d, %v; want %d, %v", c, line, h, got, ok, want, seen)
			}
			if !seen {
				model[h] = line
				added = append(added, h)
				if err := f.add(h, line); err != nil {
					t.Fatal(err)
				}
			}
		}
		if c.memKeys < 3000 && f.runs.Len() == 0 {
			t.Errorf("%+v: no run was spilled", c)
		}
		for h, want := range model {
			if got, ok, err := f.first(h); err != nil || !ok || got != want {
				t.Fatalf("%+v: after all, first(%#x) = %d, %v, %v; want %d", c, h, got, ok, err, want)
			}
		}
		for range 2000 {
			h := rng.Uint64()
			if _, seen := model[h]; seen {
				continue
			}
			if _, ok, err := f.first(h); err != nil || ok {
				t.Fatalf("%+v: first(%#x), never added, = %v, %v", c, h, ok, err)
			}
		}
		if name := f.runs.FileName(); name != "" {
			if _, err := os.Stat(name); !os.IsNotExist(err) {
				t.Errorf("the key file %s is visible in the file system (%v)", name, err)
			}
		}
		f.close()
	}
}
