package bulk

import (
	"bytes"
	"errors"
	"slices"

	"github.com/deskctl/deskctl/internal/store"
)

// heldEntry is the newest held write of one key.
type heldEntry struct {
	key, value []byte
	deleted    bool
}

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
	cmp := func(a, b []byte) int { return bytes.Compare(a, b) }
	if opts.Reverse {
		slices.Reverse(held)
		cmp = func(a, b []byte) int { return bytes.Compare(b, a) }
	}
	if opts.From != nil {
		held = slices.DeleteFunc(held, func(e heldEntry) bool { return cmp(e.key, opts.From) < 0 })
	}
	stopped := false
	visit := func(k, val []byte) error {
		err := fn(k, val)
		if errors.Is(err, store.ErrStop) {
			stopped = true
		}
		return err
	}
	emit := func(e heldEntry) error {
		if e.deleted {
			return nil
		}
		return visit(e.key, e.value)
	}
	err = v.Tx.Scan(prefix, opts, func(k, val []byte) error {
		for len(held) > 0 && cmp(held[0].key, k) < 0 {
			if err := emit(held[0]); err != nil {
				return err
			}
			held = held[1:]
		}
		if len(held) > 0 && bytes.Equal(held[0].key, k) {
			e := held[0]
			held = held[1:]
			return emit(e)
		}
		return visit(k, val)
	})
	if err != nil || stopped {
		return err
	}
	for _, e := range held {
		if err := emit(e); errors.Is(err, store.ErrStop) {
			return nil
		} else if err != nil {
			return err
		}
	}
	return nil
}

// heldUnder returns the newest held write of every key under prefix, in
// key order.
func (b *Buffer) heldUnder(prefix []byte) ([]heldEntry, error) {
	seen := map[string]bool{}
	var out []heldEntry
	add := func(key, value []byte, deleted bool) {
		if seen[string(key)] {
			return
		}
		seen[string(key)] = true
		out = append(out, heldEntry{key: bytes.Clone(key), value: bytes.Clone(value), deleted: deleted})
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
	slices.SortFunc(out, func(x, y heldEntry) int { return bytes.Compare(x.key, y.key) })
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
