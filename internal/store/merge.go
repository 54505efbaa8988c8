package store

import (
	"bytes"
	"errors"
	"slices"
)

// Write is a write held back from a transaction: a key's new value, or
// its delete.
type Write struct {
	Key, Value []byte
	Deleted    bool
}

// Apply makes w in tx: its value stored, or its key deleted.
func (w Write) Apply(tx Tx) error {
	if w.Deleted {
		return tx.Delete(w.Key)
	}
	return tx.Put(w.Key, w.Value)
}

// ScanWith is tx.Scan(prefix, opts, fn) as if writes had been applied to
// tx: a write's value replaces the stored key it names or joins the keys,
// a delete hides it. writes are under prefix, one per key, in increasing
// key order. It is the Scan of a view that holds writes back from its
// transaction (an import's savepoint for one row, an import's held index
// entries). Writes by fn are not seen by the scan.
func ScanWith(tx Tx, prefix []byte, opts ScanOptions, writes []Write, fn func(key, value []byte) error) error {
	cmp := bytes.Compare
	if opts.Reverse {
		writes = slices.Clone(writes)
		slices.Reverse(writes)
		cmp = func(a, b []byte) int { return bytes.Compare(b, a) }
	}
	if opts.From != nil {
		writes = slices.DeleteFunc(slices.Clone(writes), func(w Write) bool { return cmp(w.Key, opts.From) < 0 })
	}
	if len(writes) == 0 {
		return tx.Scan(prefix, opts, fn)
	}
	stopped := false
	visit := func(k, v []byte) error {
		err := fn(k, v)
		if errors.Is(err, ErrStop) {
			stopped = true
		}
		return err
	}
	emit := func(w Write) error {
		if w.Deleted {
			return nil
		}
		return visit(w.Key, w.Value)
	}
	err := tx.Scan(prefix, opts, func(k, v []byte) error {
		for len(writes) > 0 && cmp(writes[0].Key, k) < 0 {
			if err := emit(writes[0]); err != nil {
				return err
			}
			writes = writes[1:]
		}
		if len(writes) > 0 && bytes.Equal(writes[0].Key, k) {
			w := writes[0]
			writes = writes[1:]
			return emit(w)
		}
		return visit(k, v)
	})
	if err != nil || stopped {
		return err
	}
	for _, w := range writes {
		if err := emit(w); errors.Is(err, ErrStop) {
			return nil
		} else if err != nil {
			return err
		}
	}
	return nil
}
