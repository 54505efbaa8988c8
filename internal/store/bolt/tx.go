package bolt

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"

	"go.etcd.io/bbolt"

	"github.com/deskctl/deskctl/internal/store"
)

// empty is handed out for empty values, which bbolt may return as nil.
var empty = []byte{}

// tx is a store.Tx over one bbolt transaction. kv and seq are nil in a
// read-only transaction on a file that has no buckets yet.
type tx struct {
	btx  *bbolt.Tx
	kv   *bbolt.Bucket
	seq  *bbolt.Bucket
	path string
	// err is the first damage met; it fails the transaction even when fn
	// ignores it, so a damaged page is never committed over.
	err error
	// writes counts Puts and Deletes, so that Scan notices writes made by
	// its callback.
	writes int
}

// guard turns a bbolt panic inside one operation into store.ErrCorrupt.
// Operations that call back into user code must not be guarded as a
// whole, or the user's panics would be taken for damage.
func (t *tx) guard(err *error) {
	if r := recover(); r != nil {
		t.err = corruptError(t.path, r)
		*err = t.err
	}
}

// Writable reports whether this is a read-write transaction.
func (t *tx) Writable() bool { return t.btx.Writable() }

// Get returns the value at key, or store.ErrNotFound.
func (t *tx) Get(key []byte) (v []byte, err error) {
	if t.err != nil {
		return nil, t.err
	}
	if t.kv == nil {
		return nil, store.ErrNotFound
	}
	defer t.guard(&err)
	// A cursor, not Bucket.Get: Get answers nil both for a missing key and
	// for an empty value written in this transaction.
	k, v := t.kv.Cursor().Seek(key)
	if k == nil || !bytes.Equal(k, key) {
		return nil, store.ErrNotFound
	}
	if v == nil {
		v = empty
	}
	return v, nil
}

// Put stores a copy of value at key.
func (t *tx) Put(key, value []byte) (err error) {
	if err := t.writable(); err != nil {
		return err
	}
	if len(key) == 0 {
		return errEmptyKey
	}
	defer t.guard(&err)
	v := append(make([]byte, 0, len(value)), value...)
	t.writes++
	if err := t.kv.Put(key, v); err != nil {
		return fmt.Errorf("put: %w", err)
	}
	return nil
}

// Delete removes key; a missing key is not an error.
func (t *tx) Delete(key []byte) (err error) {
	if err := t.writable(); err != nil {
		return err
	}
	if len(key) == 0 {
		return nil
	}
	defer t.guard(&err)
	t.writes++
	if err := t.kv.Delete(key); err != nil {
		return fmt.Errorf("delete: %w", err)
	}
	return nil
}

// NextSequence increments the named sequence and returns its new value.
func (t *tx) NextSequence(name string) (n uint64, err error) {
	if err := t.writable(); err != nil {
		return 0, err
	}
	if name == "" {
		return 0, errEmptySequence
	}
	defer t.guard(&err)
	k := []byte(name)
	if v := t.seq.Get(k); v != nil {
		if len(v) != 8 {
			t.err = fmt.Errorf("store %s: sequence %q holds %d bytes, not 8: %w", t.path, name, len(v), store.ErrCorrupt)
			return 0, t.err
		}
		n = binary.BigEndian.Uint64(v)
	}
	n++
	if err := t.seq.Put(k, binary.BigEndian.AppendUint64(nil, n)); err != nil {
		return 0, fmt.Errorf("sequence %q: %w", name, err)
	}
	return n, nil
}

func (t *tx) writable() error {
	if t.err != nil {
		return t.err
	}
	if !t.btx.Writable() {
		return store.ErrReadOnly
	}
	return nil
}

// Scan calls fn for the keys with prefix, in order, from opts.From.
func (t *tx) Scan(prefix []byte, opts store.ScanOptions, fn func(key, value []byte) error) error {
	if t.err != nil {
		return t.err
	}
	if t.kv == nil {
		return nil
	}
	c := t.kv.Cursor()
	k, v, err := t.first(c, prefix, opts)
	for err == nil && k != nil && bytes.HasPrefix(k, prefix) {
		if v == nil {
			v = empty
		}
		writes := t.writes
		if err := fn(k, v); err != nil {
			if errors.Is(err, store.ErrStop) {
				return nil
			}
			return err
		}
		if t.writes != writes {
			k, v, err = t.reseek(c, k, opts.Reverse)
		} else {
			k, v, err = t.next(c, opts.Reverse)
		}
	}
	return err
}

// first positions c on the first key a scan visits, or returns a nil key.
func (t *tx) first(c *bbolt.Cursor, prefix []byte, opts store.ScanOptions) (k, v []byte, err error) {
	defer t.guard(&err)
	from := opts.From
	if !opts.Reverse {
		if from == nil || bytes.Compare(from, prefix) < 0 {
			from = prefix
		}
		k, v = c.Seek(from)
		return k, v, nil
	}
	if from != nil && bytes.Compare(from, prefix) < 0 {
		return nil, nil, nil // every key with prefix is above From
	}
	if from == nil || !bytes.HasPrefix(from, prefix) {
		// From is nil or above the whole range: start at its last key,
		// the one before the first key past the range.
		end := store.PrefixEnd(prefix)
		if end == nil {
			k, v = c.Last()
			return k, v, nil
		}
		if k, _ = c.Seek(end); k == nil {
			k, v = c.Last()
			return k, v, nil
		}
		k, v = c.Prev()
		return k, v, nil
	}
	k, v = c.Seek(from)
	switch {
	case k == nil:
		k, v = c.Last()
	case !bytes.Equal(k, from):
		k, v = c.Prev()
	}
	return k, v, nil
}

// reseek moves c to the key after last, looking it up again. A write
// in the same leaf shifts the positions a bbolt cursor keeps, so after
// the callback wrote, even outside the scanned range, plain stepping
// could visit a key twice or skip one.
func (t *tx) reseek(c *bbolt.Cursor, last []byte, reverse bool) (k, v []byte, err error) {
	defer t.guard(&err)
	k, v = c.Seek(last)
	switch {
	case !reverse:
		if k != nil && bytes.Equal(k, last) {
			k, v = c.Next()
		}
	case k == nil:
		k, v = c.Last()
	default:
		k, v = c.Prev()
	}
	return k, v, nil
}

// next moves c one key on.
func (t *tx) next(c *bbolt.Cursor, reverse bool) (k, v []byte, err error) {
	defer t.guard(&err)
	if reverse {
		k, v = c.Prev()
	} else {
		k, v = c.Next()
	}
	return k, v, nil
}
