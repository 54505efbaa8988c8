package journal

import (
	"bytes"
	"encoding/binary"
	"errors"
	"slices"

	"github.com/deskctl/deskctl/internal/store"
)

// journaledTx records the previous value of every key it writes. The
// records of one transaction are kept in memory, once per key, and stored
// at its end as chunks (see flush): a store write per transaction rather
// than one per key.
type journaledTx struct {
	store.Tx
	unit uint64
	seq  uint64
	// undo holds the value each key written in this transaction had
	// before it, or nil when the key was absent. A key written again in
	// the same transaction is not looked up again: its first value is
	// the one to restore.
	undo map[string][]byte
	// absent holds the keys a Get of this transaction found missing and
	// that were not written since: the domain looks a unique value up
	// before it writes it, and the first write then needs no second
	// lookup to know that the key was absent.
	absent map[string]struct{}
	missed int // keys ever put in absent
}

// Get is the store's, noting the keys it finds missing; a key noted
// before is not looked up again (the domain checks a unique value before
// it writes it, and an import looks its key up first).
func (t *journaledTx) Get(key []byte) ([]byte, error) {
	if _, ok := t.absent[string(key)]; ok {
		return nil, store.ErrNotFound
	}
	v, err := t.Tx.Get(key)
	if errors.Is(err, store.ErrNotFound) {
		if _, written := t.undo[string(key)]; !written {
			if t.absent == nil {
				t.absent = map[string]struct{}{}
			}
			t.absent[string(key)] = struct{}{}
			t.missed++
		}
	}
	return v, err
}

// Undo record flags.
const (
	wasAbsent  = 0
	wasPresent = 1
)

// chunkMagic starts a chunk of undo records. A value without it is a
// single undo record of the format before chunks (flag, key length, key,
// old value), which rollback still reads: an import killed by an older
// deskctl is rolled back by a newer one.
const chunkMagic = 0xc1

// maxChunk bounds the size of one stored chunk, so that a transaction's
// undo records never make one huge value (etcd caps a request's bytes).
const maxChunk = 64 << 10

func (t *journaledTx) Put(key, value []byte) error {
	if err := t.remember(key); err != nil {
		return err
	}
	return t.Tx.Put(key, value)
}

func (t *journaledTx) Delete(key []byte) error {
	if err := t.remember(key); err != nil {
		return err
	}
	return t.Tx.Delete(key)
}

func (t *journaledTx) remember(key []byte) error {
	if _, ok := t.undo[string(key)]; ok {
		return nil
	}
	if _, ok := t.absent[string(key)]; ok {
		// Every write of this transaction goes through remember, so
		// nothing wrote the key since the Get that found it missing.
		delete(t.absent, string(key))
		t.undo[string(key)] = nil
		return nil
	}
	if h, ok := t.Tx.(store.AbsenceHinter); ok && h.KnownAbsent(key) {
		t.undo[string(key)] = nil
		return nil
	}
	old, err := t.Tx.Get(key)
	switch {
	case errors.Is(err, store.ErrNotFound):
		old = nil
	case err != nil:
		return err
	default:
		old = append(make([]byte, 0, len(old)), old...) // valid only until the next write
	}
	t.undo[string(key)] = old
	return nil
}

// flush stores the transaction's undo records as chunks under the unit's
// next sequence numbers. Within a chunk, records are sorted by key and
// each key is stored as the length it shares with the previous one plus
// the rest ("front coding"): keys written together share long prefixes,
// and this keeps the journal of a big import a fraction of its data.
// Every key appears once per transaction, so the order in which one
// chunk's records are undone does not matter.
func (t *journaledTx) flush() error {
	if len(t.undo) == 0 {
		return nil
	}
	keys := make([]string, 0, len(t.undo))
	for k := range t.undo {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	chunk := []byte{chunkMagic}
	prev := ""
	for _, k := range keys {
		if len(chunk) >= maxChunk {
			if err := t.putChunk(chunk); err != nil {
				return err
			}
			chunk, prev = chunk[:1], ""
		}
		shared := 0
		for shared < len(k) && shared < len(prev) && k[shared] == prev[shared] {
			shared++
		}
		old := t.undo[k]
		flag := byte(wasPresent)
		if old == nil {
			flag = wasAbsent
		}
		chunk = append(chunk, flag)
		chunk = binary.AppendUvarint(chunk, uint64(shared))
		chunk = binary.AppendUvarint(chunk, uint64(len(k)-shared))
		chunk = append(chunk, k[shared:]...)
		if flag == wasPresent {
			chunk = binary.AppendUvarint(chunk, uint64(len(old)))
			chunk = append(chunk, old...)
		}
		prev = k
	}
	return t.putChunk(chunk)
}

func (t *journaledTx) putChunk(chunk []byte) error {
	t.seq++
	return t.Tx.Put(binary.BigEndian.AppendUint64(undoUnitPrefix(t.unit), t.seq), chunk)
}

// records counts the undo records in a stored value: a chunk's, or 1.
func records(v []byte) int {
	if len(v) == 0 || v[0] != chunkMagic {
		return 1
	}
	n := 0
	_ = eachRecord(v, func(_, _ []byte, _ bool) error { n++; return nil })
	return n
}

// undo applies the undo records of one stored value.
func undo(tx store.Tx, v []byte) error {
	return eachRecord(v, func(key, old []byte, present bool) error {
		if !present {
			return tx.Delete(key)
		}
		return tx.Put(key, old)
	})
}

var errMalformed = errors.New("malformed undo record")

// eachRecord decodes a stored value, a chunk or a single record of the
// old format, and calls fn for each record.
func eachRecord(v []byte, fn func(key, old []byte, present bool) error) error {
	if len(v) == 0 {
		return errMalformed
	}
	if v[0] != chunkMagic {
		// One record: flag, key length, key, old value.
		if len(v) < 2 {
			return errors.New("short undo record")
		}
		n, w := binary.Uvarint(v[1:])
		start := 1 + w
		if w <= 0 || uint64(len(v)-start) < n {
			return errMalformed
		}
		return fn(v[start:start+int(n)], v[start+int(n):], v[0] == wasPresent)
	}
	var key []byte
	rest := v[1:]
	uvarint := func() (int, error) {
		n, w := binary.Uvarint(rest)
		if w <= 0 || n > uint64(len(v)) {
			return 0, errMalformed
		}
		rest = rest[w:]
		return int(n), nil
	}
	for len(rest) > 0 {
		flag := rest[0]
		rest = rest[1:]
		shared, err := uvarint()
		if err != nil {
			return err
		}
		n, err := uvarint()
		if err != nil {
			return err
		}
		if shared > len(key) || n > len(rest) || flag > wasPresent {
			return errMalformed
		}
		key = append(key[:shared], rest[:n]...)
		rest = rest[n:]
		var old []byte
		if flag == wasPresent {
			m, err := uvarint()
			if err != nil {
				return err
			}
			if m > len(rest) {
				return errMalformed
			}
			old, rest = rest[:m], rest[m:]
		}
		if err := fn(bytes.Clone(key), old, flag == wasPresent); err != nil {
			return err
		}
	}
	return nil
}
