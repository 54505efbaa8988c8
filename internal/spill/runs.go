// Package spill keeps sorted runs of key-value records in one temporary
// file, for loads whose working set outgrows the memory they may use: a
// run is written once, sorted; a key is found through the run's key
// range, its Bloom filter and a sparse index of its keys (one read of at
// most a stride of records); all runs merge back in key order, the newest
// record of a key winning. The file is unlinked as soon as it is made,
// so that nothing is left behind, even by a killed process.
//
// Used by package bulk (an import's held index entries) and by the
// import's duplicate-key check (package transfer).
package spill

import (
	"bufio"
	"bytes"
	"container/heap"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/bits-and-blooms/bloom/v3"
)

// Runs are the runs of one file, the newest last. A record is the key's
// length and the value's length+1 (0 for a deleted key) as uvarints, then
// the key and the value. Not safe for concurrent use.
type Runs struct {
	name     string   // the file's name pattern, for os.CreateTemp
	what     string   // what the file is, for errors
	stride   int      // records per mark
	filtered bool     // each run has a filter of its keys
	file     *os.File // nil until the first run
	end      int64
	list     []run
	// block is reused by lookups: the records between two marks.
	block []byte
	reads int // blocks read by lookups, for the tests
}

// New returns runs in a file named after pattern (os.CreateTemp, in
// $TMPDIR), made at the first Write; what names the file in errors ("the
// load's spill file"). A lookup reads at most stride records of a run.
// filtered gives each run a Bloom filter of its keys (1.2 bytes per key),
// so that a lookup skips the runs that lack the key without a read; a
// caller that keeps one filter of every key it spilled, and asks the runs
// only when that says "maybe", does without.
func New(pattern, what string, stride int, filtered bool) *Runs {
	return &Runs{name: pattern, what: what, stride: max(stride, 1), filtered: filtered}
}

// run is one sorted run: its bytes [off, end) of the file, its first and
// last keys, and a mark at every stride-th record, from which a lookup
// reads at most stride records.
type run struct {
	off, end    int64
	first, last []byte
	marks       []mark
	// keys, when the runs are filtered, holds the run's keys: a lookup
	// reads the run only when its filter may hold the key (in bulk: a key
	// stored but not held, every key of an import that updates, costs no
	// read per run).
	keys *bloom.BloomFilter
}

type mark struct {
	key []byte
	off int64
}

// ErrNoFile is returned by the first Write when no temporary file can be
// made ($TMPDIR missing or not writable).
var ErrNoFile = errors.New("no temporary file")

// Len is the number of runs.
func (rs *Runs) Len() int { return len(rs.list) }

// FileName is the name the file had when it was made ("" before the
// first run): it is unlinked at once, so nothing should be found there.
func (rs *Runs) FileName() string {
	if rs.file == nil {
		return ""
	}
	return rs.file.Name()
}

// Reads is the number of blocks lookups have read.
func (rs *Runs) Reads() int { return rs.reads }

// Write appends a run of the n records next yields, which must come in
// strictly increasing key order.
func (rs *Runs) Write(n int, next func() (key, value []byte, deleted, ok bool)) error {
	if rs.file == nil {
		f, err := os.CreateTemp("", rs.name)
		if err != nil {
			return fmt.Errorf("%w for %s: %w", ErrNoFile, rs.what, err)
		}
		// Unlinked at once where the system allows: a killed load leaves
		// nothing behind (its journal undoes what it wrote).
		_ = os.Remove(f.Name())
		rs.file = f
	}
	r := run{off: rs.end}
	if rs.filtered {
		r.keys = bloom.NewWithEstimates(uint(max(n, 1)), 0.01)
	}
	w := bufio.NewWriterSize(io.NewOffsetWriter(rs.file, rs.end), 256<<10)
	pos := rs.end
	var hdr []byte
	for i := 0; ; i++ {
		k, v, deleted, ok := next()
		if !ok {
			break
		}
		if i%rs.stride == 0 {
			r.marks = append(r.marks, mark{key: bytes.Clone(k), off: pos})
		}
		if i == 0 {
			r.first = bytes.Clone(k)
		}
		r.last = append(r.last[:0], k...)
		if r.keys != nil {
			r.keys.Add(k)
		}
		vlen := uint64(0)
		if !deleted {
			vlen = uint64(len(v)) + 1
		}
		hdr = binary.AppendUvarint(binary.AppendUvarint(hdr[:0], uint64(len(k))), vlen)
		for _, part := range [][]byte{hdr, k, v} {
			if _, err := w.Write(part); err != nil {
				return fmt.Errorf("write %s: %w", rs.what, err)
			}
		}
		pos += int64(len(hdr) + len(k) + len(v))
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", rs.what, err)
	}
	if len(r.marks) == 0 {
		return nil
	}
	r.end, rs.end = pos, pos
	rs.list = append(rs.list, r)
	return nil
}

// markAtOrBelow returns the last mark at or below key, or the first when
// key sorts before every mark: where a read for key starts.
func (r *run) markAtOrBelow(key []byte) int {
	m, exact := slices.BinarySearchFunc(r.marks, key, func(m mark, k []byte) int { return bytes.Compare(m.key, k) })
	if !exact && m > 0 {
		m--
	}
	return m
}

// Find returns the newest record of key in the runs.
func (rs *Runs) Find(key []byte) (value []byte, deleted, ok bool, err error) {
	for i := len(rs.list) - 1; i >= 0; i-- {
		r := &rs.list[i]
		if bytes.Compare(key, r.first) < 0 || bytes.Compare(key, r.last) > 0 || (r.keys != nil && !r.keys.Test(key)) {
			continue
		}
		m := r.markAtOrBelow(key)
		end := r.end
		if m+1 < len(r.marks) {
			end = r.marks[m+1].off
		}
		rs.block = slices.Grow(rs.block[:0], int(end-r.marks[m].off))[:end-r.marks[m].off]
		rs.reads++
		if _, err := rs.file.ReadAt(rs.block, r.marks[m].off); err != nil {
			return nil, false, false, fmt.Errorf("read %s: %w", rs.what, err)
		}
		for rest := rs.block; len(rest) > 0; {
			k, v, del, n, err := decodeRecord(rest)
			if err != nil {
				return nil, false, false, err
			}
			if c := bytes.Compare(k, key); c == 0 {
				// A copy: the block is reused by the next lookup.
				return bytes.Clone(v), del, true, nil
			} else if c > 0 {
				break
			}
			rest = rest[n:]
		}
	}
	return nil, false, false, nil
}

var errDamaged = errors.New("spill: a run is damaged")

// decodeRecord reads one record from the front of b and its length.
func decodeRecord(b []byte) (key, value []byte, deleted bool, n int, err error) {
	klen, a := binary.Uvarint(b)
	if a <= 0 {
		return nil, nil, false, 0, errDamaged
	}
	vlen, c := binary.Uvarint(b[a:])
	if c <= 0 || uint64(len(b)-a-c) < klen+max(vlen, 1)-1 {
		return nil, nil, false, 0, errDamaged
	}
	key = b[a+c : a+c+int(klen)]
	n = a + c + int(klen)
	if vlen == 0 {
		return key, nil, true, n, nil
	}
	value = b[n : n+int(vlen)-1]
	return key, value, false, n + int(vlen) - 1, nil
}

// Merged forgets the runs m merged.
func (rs *Runs) Merged(m *Merger) {
	if rs.list = rs.list[m.runs:]; len(rs.list) == 0 {
		rs.Reset()
	}
}

// Reset forgets every run; the file's space is reused by the next.
func (rs *Runs) Reset() {
	rs.list, rs.end = nil, 0
	if rs.file != nil {
		_ = rs.file.Truncate(0)
	}
}

// Close closes the file, unlinked when it was made.
func (rs *Runs) Close() {
	rs.Reset()
	if rs.file != nil {
		_ = rs.file.Close()
		rs.file = nil
	}
}

// runReader reads one run front to back.
type runReader struct {
	r    *bufio.Reader
	what string
	age  int // the run's index: a higher one is newer
	left int64
	buf  []byte
	// the current record
	key, value []byte
	deleted    bool
}

// next moves to the run's next record; false at its end.
func (rr *runReader) next() (bool, error) {
	if rr.left == 0 {
		return false, nil
	}
	klen, err := binary.ReadUvarint(rr.r)
	if err != nil {
		return false, fmt.Errorf("read %s: %w", rr.what, err)
	}
	vlen, err := binary.ReadUvarint(rr.r)
	if err != nil {
		return false, fmt.Errorf("read %s: %w", rr.what, err)
	}
	n := int(klen) + int(max(vlen, 1)-1)
	rr.buf = slices.Grow(rr.buf[:0], n)[:n]
	if _, err := io.ReadFull(rr.r, rr.buf); err != nil {
		return false, fmt.Errorf("read %s: %w", rr.what, err)
	}
	rr.left -= int64(uvarintLen(klen) + uvarintLen(vlen) + n)
	rr.key, rr.value, rr.deleted = rr.buf[:klen], rr.buf[klen:], vlen == 0
	return true, nil
}

func uvarintLen(x uint64) int {
	var b [binary.MaxVarintLen64]byte
	return binary.PutUvarint(b[:], x)
}

// Merger yields the newest record of every key of the runs, in key
// order.
type Merger struct {
	heads readerHeap
	// runs is how many runs, the oldest, it merges: runs spilled since
	// it began are newer and wait for the next merge.
	runs int
	// key and value hold the record next returned: the reader it came
	// from moves on before the caller sees it.
	key, value []byte
}

// Merge starts a merge of the runs written so far; runs written while it
// is under way wait for the next (see Merged).
func (rs *Runs) Merge() (*Merger, error) {
	m := &Merger{runs: len(rs.list)}
	for i, r := range rs.list {
		rr := &runReader{
			r:    bufio.NewReaderSize(io.NewSectionReader(rs.file, r.off, r.end-r.off), 64<<10),
			what: rs.what,
			age:  i,
			left: r.end - r.off,
		}
		ok, err := rr.next()
		if err != nil {
			return nil, err
		}
		if ok {
			m.heads = append(m.heads, rr)
		}
	}
	heap.Init(&m.heads)
	return m, nil
}

// Next returns the lowest key left with its newest record, valid until the
// following call; ok is false once every run is read.
func (m *Merger) Next() (key, value []byte, deleted, ok bool, err error) {
	if len(m.heads) == 0 {
		return nil, nil, false, false, nil
	}
	top := m.heads[0]
	m.key, m.value = append(m.key[:0], top.key...), append(m.value[:0], top.value...)
	key, value, deleted = m.key, m.value, top.deleted
	// Older records of the same key sort right below it in the heap
	// (see less): skip them.
	for len(m.heads) > 0 && bytes.Equal(m.heads[0].key, key) {
		rr := m.heads[0]
		more, err := rr.next()
		if err != nil {
			return nil, nil, false, false, err
		}
		if more {
			heap.Fix(&m.heads, 0)
		} else {
			heap.Pop(&m.heads)
		}
	}
	return key, value, deleted, true, nil
}

// readerHeap orders run readers by their current key, the newest run first
// among equal keys.
type readerHeap []*runReader

func (h readerHeap) Len() int { return len(h) }
func (h readerHeap) Less(i, j int) bool {
	if c := bytes.Compare(h[i].key, h[j].key); c != 0 {
		return c < 0
	}
	return h[i].age > h[j].age
}
func (h readerHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *readerHeap) Push(x any)   { *h = append(*h, x.(*runReader)) }
func (h *readerHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// Under calls fn with every record under prefix, newest run first: the
// first record fn sees of a key is its newest. The slices are valid only
// during the call.
func (rs *Runs) Under(prefix []byte, fn func(key, value []byte, deleted bool)) error {
	for i := len(rs.list) - 1; i >= 0; i-- {
		r := &rs.list[i]
		if bytes.Compare(r.last, prefix) < 0 || (!bytes.HasPrefix(r.first, prefix) && bytes.Compare(r.first, prefix) > 0) {
			continue
		}
		m := r.markAtOrBelow(prefix)
		rr := runReader{
			r:    bufio.NewReaderSize(io.NewSectionReader(rs.file, r.marks[m].off, r.end-r.marks[m].off), 16<<10),
			what: rs.what,
			left: r.end - r.marks[m].off,
		}
		for {
			ok, err := rr.next()
			if err != nil {
				return err
			}
			if !ok || (bytes.Compare(rr.key, prefix) > 0 && !bytes.HasPrefix(rr.key, prefix)) {
				break
			}
			if bytes.HasPrefix(rr.key, prefix) {
				fn(rr.key, rr.value, rr.deleted)
			}
		}
	}
	return nil
}
