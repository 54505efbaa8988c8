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
	unit *Unit
	st   *txState
	// raw is the store's own transaction, under any view: tail bounds are
	// learned from what the store holds, not from what a view shows.
	raw store.Tx
	// skipHeld leaves the keys the unit holds to the journaled view the
	// buffer applies them through (see Unit.Update).
	skipHeld bool
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

// txState is what the journaled views of one transaction share: the last
// undo chunk's number and the bounds of the tail prefixes first written
// under in it (see Unit.Tails), stored with its undo records.
type txState struct {
	seq   uint64
	tails map[string][]byte
	// unstored lists the prefixes of tails whose record the next flush
	// writes.
	unstored []string
}

// Get is the store's, noting the keys it finds missing; a key noted
// before is not looked up again (the domain checks a unique value before
// it writes it, and an import looks its key up first).
func (t *journaledTx) Get(key []byte) ([]byte, error) {
	if t.skipHeld && t.unit.held.Covers(key) {
		return t.Tx.Get(key) // journaled where the buffer applies it: remember skips it
	}
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

// Undo record flags. A tail record's key is the last key under a prefix
// when the unit first wrote there (or the prefix itself when it held
// none), followed by the prefix's length: every key under the prefix past
// it was absent.
const (
	wasAbsent  = 0
	wasPresent = 1
	wasTail    = 2
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
	// A held key is journaled where the buffer applies it, a key past a
	// tail's bound by the tail. Written without a record here, it must
	// still leave absent, or a Get would answer that it is missing.
	covered := t.skipHeld && t.unit.held.Covers(key)
	if !covered {
		var err error
		if covered, err = t.inTail(key); err != nil {
			return err
		}
	}
	if covered {
		delete(t.absent, string(key))
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

// inTail reports whether key lies past the bound of its tail prefix (see
// Unit.Tails), learning the bound on the unit's first write there.
func (t *journaledTx) inTail(key []byte) (bool, error) {
	p, ok := t.unit.tailOf(key)
	if !ok {
		return false, nil
	}
	bound, ok := t.unit.bound[p]
	if !ok {
		if bound, ok = t.st.tails[p]; !ok {
			var err error
			if bound, err = lastUnder(t.raw, p); err != nil {
				return false, err
			}
			if t.st.tails == nil {
				t.st.tails = map[string][]byte{}
			}
			t.st.tails[p] = bound
			t.st.unstored = append(t.st.unstored, p)
		}
	}
	return bytes.Compare(key, bound) > 0, nil
}

// lastUnder returns the last key stored under prefix, or prefix itself
// when there is none: a tail's bound. (Apart from inTail, whose every
// call would otherwise move its bound to the heap for this closure.)
func lastUnder(tx store.Tx, prefix string) ([]byte, error) {
	bound := []byte(prefix)
	err := tx.Scan([]byte(prefix), store.ScanOptions{Reverse: true}, func(k, _ []byte) error {
		bound = bytes.Clone(k)
		return store.ErrStop
	})
	return bound, err
}

// flush stores the transaction's undo records as chunks under the unit's
// next sequence numbers. Within a chunk, records are sorted by key and
// each key is stored as the length it shares with the previous one plus
// the rest ("front coding"): keys written together share long prefixes,
// and this keeps the journal of a big import a fraction of its data.
// Every key appears once per transaction, so the order in which one
// chunk's records are undone does not matter.
func (t *journaledTx) flush() error {
	if err := t.flushUndo(); err != nil {
		return err
	}
	return t.flushTails()
}

// flushTails stores the transaction's unstored tail records as its newest
// chunk: rollback replays it before every other record of the
// transaction, which restore what the tails' deletions may cover.
func (t *journaledTx) flushTails() error {
	if len(t.st.unstored) == 0 {
		return nil
	}
	chunk := []byte{chunkMagic}
	for _, p := range t.st.unstored {
		bound := t.st.tails[p]
		chunk = append(chunk, wasTail)
		chunk = binary.AppendUvarint(chunk, 0)
		chunk = binary.AppendUvarint(chunk, uint64(len(bound)))
		chunk = append(chunk, bound...)
		chunk = binary.AppendUvarint(chunk, uint64(len(p)))
	}
	t.st.unstored = nil
	return t.putChunk(chunk)
}

// flushUndo stores the per-key records: every view's come before the
// transaction's tails (see Unit.Update).
func (t *journaledTx) flushUndo() error {
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
	t.st.seq++
	return t.Tx.Put(binary.BigEndian.AppendUint64(undoUnitPrefix(t.unit.id), t.st.seq), chunk)
}

// records counts the undo records in a stored value: a chunk's, or 1.
func records(v []byte) int {
	if len(v) == 0 || v[0] != chunkMagic {
		return 1
	}
	n := 0
	_ = eachRecord(v, func(undoRecord) error { n++; return nil })
	return n
}

// undoRecord is one decoded undo record.
type undoRecord struct {
	key, old []byte
	flag     byte
	// prefix is the length of a tail record's prefix, within key.
	prefix int
}

// tailBatch bounds the keys one transaction deletes for a tail record.
const tailBatch = batchSize

// undo applies the undo records of one stored value. whole is false when a
// tail record had more keys left than one transaction deletes: applying
// the value again, in the next transaction, goes on (every record restores
// the same state however often it is applied).
func undo(tx store.Tx, v []byte) (whole bool, err error) {
	whole = true
	err = eachRecord(v, func(r undoRecord) error {
		switch r.flag {
		case wasAbsent:
			return tx.Delete(r.key)
		case wasPresent:
			return tx.Put(r.key, r.old)
		}
		var past [][]byte
		if err := tx.Scan(r.key[:r.prefix], store.ScanOptions{From: r.key}, func(k, _ []byte) error {
			if bytes.Equal(k, r.key) {
				return nil
			}
			if len(past) == tailBatch {
				whole = false
				return store.ErrStop
			}
			past = append(past, bytes.Clone(k))
			return nil
		}); err != nil {
			return err
		}
		for _, k := range past {
			if err := tx.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
	return whole, err
}

var errMalformed = errors.New("malformed undo record")

// eachRecord decodes a stored value, a chunk or a single record of the
// old format, and calls fn for each record.
func eachRecord(v []byte, fn func(undoRecord) error) error {
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
		flag := byte(wasAbsent)
		if v[0] == wasPresent {
			flag = wasPresent
		}
		return fn(undoRecord{key: v[start : start+int(n)], old: v[start+int(n):], flag: flag})
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
		if shared > len(key) || n > len(rest) || flag > wasTail {
			return errMalformed
		}
		key = append(key[:shared], rest[:n]...)
		rest = rest[n:]
		r := undoRecord{key: bytes.Clone(key), flag: flag}
		switch flag {
		case wasPresent:
			m, err := uvarint()
			if err != nil {
				return err
			}
			if m > len(rest) {
				return errMalformed
			}
			r.old, rest = rest[:m], rest[m:]
		case wasTail:
			if r.prefix, err = uvarint(); err != nil || r.prefix > len(key) {
				return errMalformed
			}
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}
