package transfer

import (
	"encoding/binary"
	"slices"

	"github.com/bits-and-blooms/bloom/v3"

	"github.com/deskctl/deskctl/internal/spill"
)

// firstLines remembers, for each key hash of an import, the line it first
// appeared on, in memory bounded whatever the file's size: a Go map of up
// to memKeys hashes (36 bytes each at worst, so 36 MB for the default);
// when it fills, its entries are written sorted to a temporary file as a
// run (package spill), and the map starts again. A Bloom filter of every
// spilled hash answers most lookups (most new keys are not in it); a key
// that is, or a false positive (1 %), costs one read of at most stride
// entries in each run whose own filter may hold it.
//
// Before runs, a million-row file cost 36 MB and a ten-million-row one
// 360 MB: past about 2.5 million rows an import broke issue #5's 256 MB.
type firstLines struct {
	mem     map[uint64]uint32
	memKeys int
	runs    *spill.Runs // the spilled hashes (8 bytes, big-endian) and lines
	spilled *bloom.BloomFilter
}

const (
	// defaultMemKeys (36 MB of map) keeps files of a million rows, the
	// common case, off the disk.
	defaultMemKeys = 1 << 20
	defaultStride  = 512
	// spilledKeys sizes the filter: 19 MB at 1 %; files past 16 million
	// keys see more false positives, which cost reads, not correctness.
	spilledKeys = 16 << 20
)

func newFirstLines(memKeys, stride int) *firstLines {
	return &firstLines{
		mem:     map[uint64]uint32{},
		memKeys: memKeys,
		runs:    spill.New("deskctl-import-keys-*", "the import's key file", stride, false),
	}
}

// first returns the line h first appeared on.
func (f *firstLines) first(h uint64) (line uint32, ok bool, err error) {
	if line, ok := f.mem[h]; ok {
		return line, true, nil
	}
	var key [8]byte
	binary.BigEndian.PutUint64(key[:], h)
	if f.spilled == nil || !f.spilled.Test(key[:]) {
		return 0, false, nil
	}
	v, _, ok, err := f.runs.Find(key[:])
	if err != nil || !ok {
		return 0, false, err
	}
	return binary.BigEndian.Uint32(v), true, nil
}

// add records h's first line (h must not be in the set yet).
func (f *firstLines) add(h uint64, line uint32) error {
	f.mem[h] = line
	if len(f.mem) < f.memKeys {
		return nil
	}
	return f.spill()
}

// spill writes the map as a sorted run and empties it.
func (f *firstLines) spill() error {
	if f.spilled == nil {
		f.spilled = bloom.NewWithEstimates(spilledKeys, 0.01)
	}
	hashes := make([]uint64, 0, len(f.mem))
	for h := range f.mem {
		hashes = append(hashes, h)
	}
	slices.Sort(hashes)
	var key [8]byte
	var line [4]byte
	err := f.runs.Write(len(hashes), func() (k, v []byte, deleted, ok bool) {
		if len(hashes) == 0 {
			return nil, nil, false, false
		}
		binary.BigEndian.PutUint64(key[:], hashes[0])
		binary.BigEndian.PutUint32(line[:], f.mem[hashes[0]])
		hashes = hashes[1:]
		f.spilled.Add(key[:])
		return key[:], line[:], false, true
	})
	if err != nil {
		return err
	}
	f.mem = map[uint64]uint32{}
	return nil
}

// close removes the runs' file.
func (f *firstLines) close() { f.runs.Close() }
