package transfer

import (
	"encoding/binary"
	"fmt"
	"os"
	"slices"
	"sort"

	"github.com/bits-and-blooms/bloom/v3"
)

// firstLines remembers, for each key hash of an import, the line it first
// appeared on, in memory bounded whatever the file's size: a Go map of up
// to memKeys hashes (36 bytes each at worst, so 36 MB for the default);
// when it fills, its entries are written sorted to a temporary file as a
// run, and the map starts again. A Bloom filter of every spilled hash and
// a sparse index of each run (every stride-th hash) answer a lookup: most
// new keys are not in the filter; a key that is, or a false positive (1 %),
// costs one read of stride entries per run.
//
// Before runs, a million-row file cost 36 MB and a ten-million-row one
// 360 MB: past about 2.5 million rows an import broke issue #5's 256 MB.
type firstLines struct {
	mem     map[uint64]uint32
	memKeys int
	stride  int
	file    *os.File // the runs, one after the other; nil until the first
	end     int64
	runs    []keyRun
	spilled *bloom.BloomFilter
	block   []byte // reused by lookups: stride entries
}

// keyRun is one sorted run in the file: n entries of entrySize bytes (the
// hash, big-endian, then the line) from off; index holds every stride-th
// hash.
type keyRun struct {
	off   int64
	n     int
	index []uint64
}

const (
	entrySize = 12
	// defaultMemKeys (36 MB of map) keeps files of a million rows, the
	// common case, off the disk.
	defaultMemKeys = 1 << 20
	defaultStride  = 512
	// spilledKeys sizes the filter: 19 MB at 1 %; files past 16 million
	// keys see more false positives, which cost reads, not correctness.
	spilledKeys = 16 << 20
)

func newFirstLines(memKeys, stride int) *firstLines {
	return &firstLines{mem: map[uint64]uint32{}, memKeys: memKeys, stride: stride}
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
	for i := range f.runs {
		if line, ok, err := f.search(&f.runs[i], h); ok || err != nil {
			return line, ok, err
		}
	}
	return 0, false, nil
}

// search looks h up in one run: the index names the one block it can be
// in, which is read and searched.
func (f *firstLines) search(r *keyRun, h uint64) (uint32, bool, error) {
	blk, exact := slices.BinarySearch(r.index, h)
	if !exact {
		if blk == 0 {
			return 0, false, nil // below the run's first hash
		}
		blk-- // the block starting at the last index entry below h
	}
	from := blk * f.stride
	n := min(f.stride, r.n-from)
	buf := f.block[:n*entrySize]
	if _, err := f.file.ReadAt(buf, r.off+int64(from)*entrySize); err != nil {
		return 0, false, fmt.Errorf("read the import's key file: %w", err)
	}
	hashAt := func(i int) uint64 { return binary.BigEndian.Uint64(buf[i*entrySize:]) }
	i := sort.Search(n, func(i int) bool { return hashAt(i) >= h })
	if i < n && hashAt(i) == h {
		return binary.BigEndian.Uint32(buf[i*entrySize+8:]), true, nil
	}
	return 0, false, nil
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
	if f.file == nil {
		file, err := os.CreateTemp("", "deskctl-import-keys-*")
		if err != nil {
			return fmt.Errorf("create the import's key file: %w", err)
		}
		// Unlinked at once where the system allows: nothing is left
		// behind, even by a killed import.
		_ = os.Remove(file.Name())
		f.file, f.spilled = file, bloom.NewWithEstimates(spilledKeys, 0.01)
		f.block = make([]byte, f.stride*entrySize)
	}
	hashes := make([]uint64, 0, len(f.mem))
	for h := range f.mem {
		hashes = append(hashes, h)
	}
	slices.Sort(hashes)
	r := keyRun{off: f.end, n: len(hashes)}
	buf := make([]byte, 0, 64<<10)
	for i, h := range hashes {
		if i%f.stride == 0 {
			r.index = append(r.index, h)
		}
		buf = binary.BigEndian.AppendUint64(buf, h)
		buf = binary.BigEndian.AppendUint32(buf, f.mem[h])
		f.spilled.Add(buf[len(buf)-entrySize : len(buf)-4])
		if len(buf) > cap(buf)-entrySize || i == len(hashes)-1 {
			if _, err := f.file.WriteAt(buf, f.end); err != nil {
				return fmt.Errorf("write the import's key file: %w", err)
			}
			f.end += int64(len(buf))
			buf = buf[:0]
		}
	}
	f.runs = append(f.runs, r)
	f.mem = map[uint64]uint32{}
	return nil
}

// close removes the runs' file.
func (f *firstLines) close() {
	if f.file != nil {
		name := f.file.Name()
		_ = f.file.Close()
		_ = os.Remove(name)
		f.file = nil
	}
}
