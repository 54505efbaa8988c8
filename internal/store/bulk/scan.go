package bulk

import (
	"bytes"
	"slices"

	"github.com/deskctl/deskctl/internal/store"
)

// scanMerged is Scan once writes were spilled: the held writes under
// prefix — newest per key, from memory and then the runs newest first —
// are collected and visited in step with the store's own keys, a held
// write replacing the stored key it names. A load's scans of its own
// index are narrow (the children of one record), so what is collected is
// small. Writes by fn are held, as outside a scan, and the scan goes on
// over what it collected: it does not see fn's writes under prefix (the
// store contract leaves that open).
func (v *view) scanMerged(prefix []byte, opts store.ScanOptions, fn func(key, value []byte) error) error {
	held, err := v.buf.heldUnder(prefix)
	if err != nil {
		return err
	}
	return store.ScanWith(v.Tx, prefix, opts, held, fn)
}

// heldUnder returns the newest held write of every key under prefix, in
// key order.
func (b *Buffer) heldUnder(prefix []byte) ([]store.Write, error) {
	seen := map[string]bool{}
	var out []store.Write
	add := func(key, value []byte, deleted bool) {
		if seen[string(key)] {
			return
		}
		seen[string(key)] = true
		out = append(out, store.Write{Key: bytes.Clone(key), Value: bytes.Clone(value), Deleted: deleted})
	}
	b.memoryUnder(prefix, func(off uint32) {
		if newest, _ := b.find(b.recordKey(off)); newest == off {
			_, k, val, deleted := b.record(off)
			add(k, val, deleted)
		}
	})
	if err := b.spill.Under(prefix, add); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(x, y store.Write) int { return bytes.Compare(x.Key, y.Key) })
	return out, nil
}

// sortedTail bounds the records held after the last sort of the arena that
// memoryUnder walks one by one; past it they are sorted in. A load whose
// every row scans (each deactivates an account) would otherwise walk the
// whole arena per row.
const sortedTail = 4096

// memoryUnder calls fn with the offset of every record in memory whose key
// is under prefix (older records of a key included).
func (b *Buffer) memoryUnder(prefix []byte, fn func(off uint32)) {
	if b.sortedEnd < b.start {
		b.sorted, b.sortedEnd = b.sorted[:0], b.start
	}
	var tail []uint32
	for off := b.sortedEnd; int(off) < len(b.arena); off = b.recordEnd(off) {
		tail = append(tail, off)
	}
	byKey := func(x, y uint32) int { return bytes.Compare(b.recordKey(x), b.recordKey(y)) }
	if len(tail) > sortedTail {
		slices.SortFunc(tail, byKey)
		merged := make([]uint32, 0, len(b.sorted)+len(tail))
		i, j := 0, 0
		for i < len(b.sorted) && j < len(tail) {
			if byKey(b.sorted[i], tail[j]) <= 0 {
				merged = append(merged, b.sorted[i])
				i++
			} else {
				merged = append(merged, tail[j])
				j++
			}
		}
		merged = append(append(merged, b.sorted[i:]...), tail[j:]...)
		b.sorted, b.sortedEnd, tail = merged, uint32(len(b.arena)), nil
	}
	from, _ := slices.BinarySearchFunc(b.sorted, prefix, func(off uint32, p []byte) int {
		return bytes.Compare(b.recordKey(off), p)
	})
	for _, off := range b.sorted[from:] {
		if !bytes.HasPrefix(b.recordKey(off), prefix) {
			break
		}
		fn(off)
	}
	for _, off := range tail {
		if bytes.HasPrefix(b.recordKey(off), prefix) {
			fn(off)
		}
	}
}
