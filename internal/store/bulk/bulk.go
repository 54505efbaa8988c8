package bulk

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"hash/maphash"
	"math"
	"slices"
	"strings"

	"github.com/deskctl/deskctl/internal/spill"
	"github.com/deskctl/deskctl/internal/store"
)

// Buffer holds writes under its prefixes. It is not safe for concurrent
// use: one load, one transaction at a time.
//
// The held writes are records appended to one byte slice, found through a
// table from key hash to record: no pointer per write for the garbage
// collector to trace (a map of strings was a seventh of an import's time
// in collection alone).
type Buffer struct {
	prefixes []string
	hash     func(key []byte) uint64
	// arena holds the records from offset start on: the offset+1 of the
	// previous record with the same hash, the key's length and the
	// value's length+1 (0 for a delete), 4 bytes each (recordHeader), then
	// the key and the value. Records before start were drained inside the
	// current transaction, which may still use values Get handed out
	// from them; the next transaction reuses the whole arena when nothing
	// is left held, and compacts it once they fill half (see Wrap).
	arena []byte
	start uint32
	// heads maps a key hash to the offset of its newest record.
	heads map[uint64]uint32
	// order is the sorted record offsets of a drain in progress: Drain
	// applies them front first, over as many transactions as its caller
	// needs.
	order []uint32
	// known, once built, holds every key under the prefixes that the
	// store may hold (see LearnStored) or the buffer holds with a value;
	// a key it lacks is absent.
	known   *keyFilter
	touched bool  // the current transaction wrote to or drained the buffer
	err     error // ErrLost, once
	// spill holds the writes moved out of memory by Spill, older than
	// every record in the arena; merging is a drain of them in progress.
	spill   *spill.Runs
	merging *spill.Merger
	// sorted is the arena's records from start to sortedEnd in key order
	// (stale ones included), for scans once there are runs: see scanHeld.
	sorted    []uint32
	sortedEnd uint32
}

const recordHeader = 12

// New returns a buffer holding writes to keys under any of prefixes.
func New(prefixes ...string) *Buffer {
	seed := maphash.MakeSeed()
	return &Buffer{
		prefixes: prefixes,
		hash:     func(key []byte) uint64 { return maphash.Bytes(seed, key) },
		heads:    map[uint64]uint32{},
		spill:    spill.New("deskctl-held-*", "the load's spill file", marksEvery, true),
	}
}

// marksEvery is the spill's stride: a lookup of a spilled key reads at
// most this many records of a run.
const marksEvery = 64

// Bytes is the size of the records held in memory: what the caller weighs
// against its memory budget before calling Drain or Spill.
func (b *Buffer) Bytes() int { return len(b.arena) - int(b.start) }

// Empty reports whether nothing is held, in memory or spilled.
func (b *Buffer) Empty() bool { return b.memEmpty() && !b.Spilled() }

// Spilled reports whether some held writes are in runs (see Spill).
func (b *Buffer) Spilled() bool { return b.spill.Len() > 0 }

func (b *Buffer) memEmpty() bool { return len(b.arena) == int(b.start) }

// Err is ErrLost once a transaction that used the buffer failed.
func (b *Buffer) Err() error { return b.err }

// Wrap returns tx as seen through the buffer: writes under its prefixes
// are held, reads see them. Held writes that must reach the store inside
// the transaction (a scan over them) go through apply, a view of the same
// transaction (the caller's journal), or tx when apply is nil. Call Done
// with the transaction's outcome
// before the next Wrap: a transaction that used the buffer and reported
// nothing (its function panicked, or the store ran it again) may have
// left writes here that its journal records no longer cover, so the
// buffer is then lost.
func (b *Buffer) Wrap(tx, apply store.Tx) store.Tx {
	if b.touched && b.err == nil {
		b.err = ErrLost
	}
	switch {
	case b.memEmpty():
		b.arena, b.start, b.sortedEnd = b.arena[:0], 0, 0
	case b.order == nil && int(b.start) > len(b.arena)/2:
		b.compact()
	}
	if apply == nil {
		apply = tx
	}
	return &view{Tx: tx, apply: apply, buf: b}
}

// Done records the outcome of the transaction last wrapped or drained: if
// it failed after the buffer was used, the buffer is lost (see ErrLost).
func (b *Buffer) Done(err error) {
	if err != nil && b.touched && b.err == nil {
		b.err = ErrLost
	}
	b.touched = false
}

// Discard drops every held write: the load is being rolled back.
func (b *Buffer) Discard() {
	b.reset()
	b.merging = nil
	b.spill.Reset()
	b.known, b.err, b.touched = nil, nil, false
}

// Close drops every held write and closes the spill file: the load is
// over, and any later use of the buffer fails.
func (b *Buffer) Close() {
	b.Discard()
	b.spill.Close()
	b.err = errClosed
}

// reset drops the records. Their bytes stay until the transaction ends
// (see arena); a large table is replaced rather than cleared, since
// clearing costs its capacity, not its contents.
func (b *Buffer) reset() {
	b.start = uint32(len(b.arena))
	if len(b.heads) > 1<<12 {
		// Sized as the last one was: a load's rounds are alike, and
		// growing a table of half a million keys rehashes it many times.
		b.heads = make(map[uint64]uint32, len(b.heads))
	} else {
		clear(b.heads)
	}
	b.order = nil
	b.sorted, b.sortedEnd = b.sorted[:0], b.start
}

// Covers reports whether key is one the buffer holds writes for.
func (b *Buffer) Covers(key []byte) bool {
	for _, p := range b.prefixes {
		if len(key) > len(p) && string(key[:len(p)]) == p {
			return true
		}
	}
	return false
}

// overlaps reports whether a scan of prefix may visit a covered key.
func (b *Buffer) overlaps(prefix []byte) bool {
	for _, p := range b.prefixes {
		if strings.HasPrefix(p, string(prefix)) || strings.HasPrefix(string(prefix), p) {
			return true
		}
	}
	return false
}

// record decodes the record at off.
func (b *Buffer) record(off uint32) (prev uint32, key, value []byte, deleted bool) {
	return recordAt(b.arena, off)
}

// recordAt decodes the record at off of arena.
func recordAt(arena []byte, off uint32) (prev uint32, key, value []byte, deleted bool) {
	r := arena[off:]
	prev = binary.LittleEndian.Uint32(r)
	klen := binary.LittleEndian.Uint32(r[4:])
	vlen := binary.LittleEndian.Uint32(r[8:])
	key = r[recordHeader : recordHeader+klen]
	if vlen == 0 {
		return prev, key, nil, true
	}
	return prev, key, r[recordHeader+klen : recordHeader+klen+vlen-1], false
}

// recordKey returns the key of the record at off.
func (b *Buffer) recordKey(off uint32) []byte {
	_, key, _, _ := b.record(off)
	return key
}

// recordEnd returns the offset past the record at off.
func (b *Buffer) recordEnd(off uint32) uint32 {
	_, key, value, _ := b.record(off)
	return off + recordHeader + uint32(len(key)+len(value))
}

// find returns the newest record of key.
func (b *Buffer) find(key []byte) (off uint32, ok bool) {
	off, ok = b.heads[b.hash(key)]
	for ok {
		prev, k, _, _ := b.record(off)
		if bytes.Equal(k, key) {
			return off, true
		}
		off, ok = prev-1, prev != 0
	}
	return 0, false
}

// maxArena bounds the arena: record offsets are 32-bit. The caller spills
// or drains long before (between transactions, at its budget); only one
// transaction holding 4 GiB of index entries could reach it.
const maxArena = math.MaxUint32

func (b *Buffer) hold(key, value []byte, deleted bool) error {
	if len(b.arena)+recordHeader+len(key)+len(value) > maxArena {
		return errFull
	}
	b.touched = true
	// A write during a drain may change a key the drain has sorted: the
	// next Drain sorts again (applying a key twice is harmless).
	b.order = nil
	h := b.hash(key)
	head, ok := b.heads[h]
	if ok && !deleted && b.overwrite(head, key, value) {
		return nil
	}
	b.appendRecordHashed(h, head, ok, key, value, deleted)
	if !deleted {
		b.remember(h)
	}
	return nil
}

// overwrite replaces the value of key's newest record, found from head,
// with value when both have the same length: a count rewritten for each
// row of a load (the tally of a custom field every row carries) then
// takes one record, not one per row — and no more filter or table work.
// A value Get handed out from the record changes with it: the store's
// values are valid only until the next write.
func (b *Buffer) overwrite(head uint32, key, value []byte) bool {
	for off, ok := head, true; ok; {
		prev, k, v, deleted := b.record(off)
		if bytes.Equal(k, key) {
			if deleted || len(v) != len(value) {
				return false
			}
			copy(b.arena[off+recordHeader+uint32(len(k)):], value)
			return true
		}
		off, ok = prev-1, prev != 0
	}
	return false
}

// appendRecord adds a record to the arena and the table.
func (b *Buffer) appendRecord(key, value []byte, deleted bool) {
	h := b.hash(key)
	head, ok := b.heads[h]
	b.appendRecordHashed(h, head, ok, key, value, deleted)
}

// appendRecordHashed is appendRecord with the key's hash h and the table's
// entry for it (head, if held) already looked up.
func (b *Buffer) appendRecordHashed(h uint64, head uint32, held bool, key, value []byte, deleted bool) {
	var prev uint32
	if held {
		prev = head + 1
	}
	off := len(b.arena)
	b.arena = binary.LittleEndian.AppendUint32(b.arena, prev)
	b.arena = binary.LittleEndian.AppendUint32(b.arena, uint32(len(key)))
	if deleted {
		b.arena = binary.LittleEndian.AppendUint32(b.arena, 0)
	} else {
		b.arena = binary.LittleEndian.AppendUint32(b.arena, uint32(len(value))+1)
	}
	b.arena = append(b.arena, key...)
	b.arena = append(b.arena, value...)
	b.heads[h] = uint32(off)
}

// compact moves the records held to a new arena without the drained ones
// before them. A load whose every transaction drains in a scan and then
// holds more never empties the buffer between transactions, and its arena
// would grow by each transaction's writes. The old arena stays valid for
// the values Get handed out from it.
func (b *Buffer) compact() {
	old, from := b.arena, b.start
	b.arena, b.start = make([]byte, 0, len(old)-int(from)), 0
	b.heads = make(map[uint64]uint32, len(b.heads))
	b.sorted, b.sortedEnd = b.sorted[:0], 0
	for off := from; int(off) < len(old); {
		_, key, value, deleted := recordAt(old, off)
		b.appendRecord(key, value, deleted)
		off += recordHeader + uint32(len(key)+len(value))
	}
}

// remember adds the key of hash h to the filter of keys the store may
// hold.
func (b *Buffer) remember(h uint64) {
	if b.known != nil {
		b.known.Add(h)
	}
}

// absent reports whether key is certainly neither stored nor held with a
// value: the filter holds every stored key and every key held since it
// was built (LearnStored added the keys held in memory then).
func (b *Buffer) absent(key []byte) bool {
	return b.known != nil && !b.known.Test(b.hash(key))
}

// sortRecords returns the offsets of the newest record of every held key,
// in key order. They are collected in the order they were written, which
// for a load in (nearly) key order is (nearly) sorted already: the sort
// then costs little. Records of one key sort by offset, oldest first, so
// the newest is the last of its kind: no lookup of each key in the table.
func (b *Buffer) sortRecords() []uint32 {
	type entry struct {
		key []byte
		off uint32
	}
	all := make([]entry, 0, len(b.heads))
	for off := b.start; int(off) < len(b.arena); off = b.recordEnd(off) {
		all = append(all, entry{b.recordKey(off), off})
	}
	slices.SortFunc(all, func(x, y entry) int {
		if c := bytes.Compare(x.key, y.key); c != 0 {
			return c
		}
		return cmp.Compare(x.off, y.off)
	})
	order := make([]uint32, 0, len(all))
	for i, e := range all {
		if i+1 == len(all) || !bytes.Equal(all[i+1].key, e.key) {
			order = append(order, e.off)
		}
	}
	return order
}

// Drain applies up to max held writes (all, when max <= 0) to tx, the
// lowest keys first, and reports whether the buffer is then empty. The
// writes go to tx itself, not through a view. Once writes were spilled,
// the records in memory join them as one more run and all are applied
// merged, newest record per key, over as many calls as it takes.
func (b *Buffer) Drain(tx store.Tx, max int) (empty bool, err error) {
	if b.err != nil {
		return false, b.err
	}
	b.touched = true
	if b.Spilled() {
		return b.drainRuns(tx, max)
	}
	if b.order == nil {
		b.order = b.sortRecords()
	}
	n := len(b.order)
	if max > 0 {
		n = min(n, max)
	}
	for _, off := range b.order[:n] {
		_, k, v, deleted := b.record(off)
		if err := (store.Write{Key: k, Value: v, Deleted: deleted}).Apply(tx); err != nil {
			return false, err
		}
	}
	b.order = b.order[n:]
	if len(b.order) > 0 {
		return false, nil
	}
	b.reset()
	return true, nil
}

// drainRuns is Drain once there are runs. Records held or spilled while it
// is under way are newer than the runs it merges: they wait for a later
// Drain.
func (b *Buffer) drainRuns(tx store.Tx, max int) (empty bool, err error) {
	if b.merging == nil {
		if !b.memEmpty() {
			if err := b.spillMemory(); err != nil {
				return false, err
			}
		}
		if b.merging, err = b.spill.Merge(); err != nil {
			return false, err
		}
	}
	for n := 0; max <= 0 || n < max; n++ {
		k, v, deleted, ok, err := b.merging.Next()
		switch {
		case err != nil:
			return false, err
		case !ok:
			b.spill.Merged(b.merging)
			b.merging = nil
			return b.Empty(), nil
		}
		if err := (store.Write{Key: k, Value: v, Deleted: deleted}).Apply(tx); err != nil {
			return false, err
		}
	}
	return false, nil
}

// Spill moves the records held in memory to a sorted run in a temporary
// file (TMPDIR), freeing their memory; the next Drain applies every run
// at once, merged. Reads keep seeing spilled writes: a key the filter
// may hold is looked up in each run whose key range and own filter may
// hold it, newest first, through a sparse index (a read of at most 64
// records). Call it between transactions,
// once the buffer has its filter (LearnStored), which spilled keys need.
//
// Why: applied in many rounds, keys scattered over an index split the
// pages they land in round after round, leaving them half full. Applied
// once, a load into an empty index writes it front to back, its pages
// packed full and each written once: the index of a million accounts
// takes 138 MiB of file instead of 267 MiB.
func (b *Buffer) Spill() error {
	switch {
	case b.err != nil:
		return b.err
	case b.known == nil:
		return errors.New("bulk: Spill before LearnStored")
	}
	return b.spillMemory()
}

func (b *Buffer) spillMemory() error {
	order := b.sortRecords()
	err := b.spill.Write(len(order), func() (key, value []byte, deleted, ok bool) {
		if len(order) == 0 {
			return nil, nil, false, false
		}
		_, key, value, deleted = b.record(order[0])
		order = order[1:]
		return key, value, deleted, true
	})
	if err != nil {
		return err
	}
	b.reset()
	return nil
}

// Filter sizes: 1.5 bytes per key (filterBitsPerKey). The filter starts
// sized for four times the keys stored when it is built (at least
// minFilterKeys, at most maxFilterKeys: 6 to 21 MB), and grows with a
// load that outgrows that (keyFilter).
const (
	minFilterKeys = 4 << 20
	maxFilterKeys = 14 << 20
)

// Filtered reports whether the buffer has its filter of stored keys.
func (b *Buffer) Filtered() bool { return b.known != nil }

// LearnStored builds the filter of stored keys from a scan of the
// prefixes in tx, a transaction that sees every write of the load not
// held here, and adds the keys held in memory: from then on the lookup of
// a key the filter lacks needs no store read. A load calls it once it is
// known to be big — when its memory budget first fills — since the scan
// costs as much as the keys already stored.
func (b *Buffer) LearnStored(tx store.Tx) error {
	if b.Spilled() {
		return errors.New("bulk: LearnStored with writes spilled")
	}
	var keys uint
	for _, p := range b.prefixes {
		if err := tx.Scan([]byte(p), store.ScanOptions{}, func(_, _ []byte) error {
			keys++
			return nil
		}); err != nil {
			return err
		}
	}
	known := newKeyFilter(min(max(4*keys, minFilterKeys), maxFilterKeys))
	for _, p := range b.prefixes {
		if err := tx.Scan([]byte(p), store.ScanOptions{}, func(k, _ []byte) error {
			known.Add(b.hash(k))
			return nil
		}); err != nil {
			return err
		}
	}
	for off := b.start; int(off) < len(b.arena); off = b.recordEnd(off) {
		if _, k, _, deleted := b.record(off); !deleted {
			known.Add(b.hash(k))
		}
	}
	b.known = known
	return nil
}

// LearnNoneStored builds the filter at once when the store holds no key
// under the prefixes — a first load, whose filter then costs no scan
// (Filtered tells whether it did). Until a buffer has its filter, the
// lookup of every key it does not hold asks the store.
func (b *Buffer) LearnNoneStored(tx store.Tx) error {
	if b.known != nil {
		return nil
	}
	for _, p := range b.prefixes {
		stored := false
		if err := tx.Scan([]byte(p), store.ScanOptions{}, func(_, _ []byte) error {
			stored = true
			return store.ErrStop
		}); err != nil || stored {
			return err
		}
	}
	return b.LearnStored(tx)
}

// view is a transaction seen through the buffer.
type view struct {
	store.Tx
	apply store.Tx // where held writes are applied inside the transaction
	buf   *Buffer
	// scans counts the scans over covered keys in progress: writes made
	// by their callbacks go straight to the store, where the scan can
	// see them.
	scans int
}

func (v *view) Get(key []byte) ([]byte, error) {
	if v.buf.Covers(key) {
		// The filter also holds every key held with a value, so a key it
		// lacks is neither held nor stored: the common case, a new value,
		// costs no lookup in the held records either.
		if v.buf.absent(key) {
			return nil, store.ErrNotFound
		}
		if off, ok := v.buf.find(key); ok {
			_, _, val, deleted := v.buf.record(off)
			if deleted {
				return nil, store.ErrNotFound
			}
			return val[:len(val):len(val)], nil // an append must not run into the next record
		}
		if v.buf.Spilled() {
			val, deleted, ok, err := v.buf.spill.Find(key)
			switch {
			case err != nil:
				return nil, err
			case ok && deleted:
				return nil, store.ErrNotFound
			case ok:
				return val, nil
			}
		}
	}
	return v.Tx.Get(key)
}

func (v *view) Put(key, value []byte) error {
	if !v.buf.Covers(key) {
		return v.Tx.Put(key, value)
	}
	if v.buf.err != nil {
		return v.buf.err
	}
	if v.scans > 0 && !v.buf.Spilled() {
		v.buf.remember(v.buf.hash(key))
		return v.apply.Put(key, value)
	}
	return v.buf.hold(key, value, false)
}

func (v *view) Delete(key []byte) error {
	if !v.buf.Covers(key) {
		return v.Tx.Delete(key)
	}
	if v.buf.err != nil {
		return v.buf.err
	}
	if v.scans > 0 && !v.buf.Spilled() {
		return v.apply.Delete(key)
	}
	return v.buf.hold(key, nil, true)
}

// Scan over covered keys first applies every held write, in this
// transaction: the store then answers it alone, in order. Bulk loads
// rarely scan their own indexes; one that does pays a drain per scan.
// Once writes were spilled, applying them all here could take more
// memory than the load may: the scan then merges the held writes under
// prefix with the store's keys instead (scanMerged).
func (v *view) Scan(prefix []byte, opts store.ScanOptions, fn func(key, value []byte) error) error {
	if !v.buf.overlaps(prefix) {
		return v.Tx.Scan(prefix, opts, fn)
	}
	if v.buf.Spilled() {
		return v.scanMerged(prefix, opts, fn)
	}
	if !v.buf.Empty() {
		if _, err := v.buf.Drain(v.apply, 0); err != nil {
			return err
		}
	}
	v.scans++
	defer func() { v.scans-- }()
	return v.Tx.Scan(prefix, opts, fn)
}

// KnownAbsent answers for held keys and keys the filter lacks, and asks
// the store's transaction about the others.
func (v *view) KnownAbsent(key []byte) bool {
	if v.buf.Covers(key) {
		if v.buf.absent(key) {
			return true
		}
		if off, ok := v.buf.find(key); ok {
			_, _, _, deleted := v.buf.record(off)
			return deleted
		}
		if v.buf.Spilled() {
			_, deleted, ok, err := v.buf.spill.Find(key)
			if err != nil || ok {
				return ok && deleted
			}
		}
	}
	h, ok := v.Tx.(store.AbsenceHinter)
	return ok && h.KnownAbsent(key)
}
