package desk

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"github.com/deskctl/deskctl/internal/store"
)

// Stamp is the bookkeeping every record carries. Version starts at 1 and
// grows by one on every write, for optimistic --if-version checks.
type Stamp struct {
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   int64     `json:"version"`
}

// record is implemented by the pointer of every stored entity.
type record interface {
	recordID() uint64
	setRecordID(uint64)
	stamp() *Stamp
}

// index describes one secondary index of an entity. values returns the
// index values a record carries (none, one or many); the domain keeps the
// entries in step with the record in the same transaction.
type index[T any] struct {
	name   string
	unique bool
	values func(*T) [][]byte
	// clash builds the error for a unique value already owned by another
	// record.
	clash func(value []byte, owner uint64) error
}

// tally keeps, for each value the records of an entity carry, how many
// records carry it, under ix/<kind>/<name>/<value> (a count, 8 bytes
// big-endian; a value no record carries has no key): which values are in
// use, answered without reading every record. Accounts and contacts tally
// their custom field names, the field.NAME columns of an export.
type tally[T any] struct {
	name   string
	values func(*T) [][]byte
}

// entity binds a record type to its kind (key segment), its name for
// messages and its indexes. It is the one code path through which every
// record of every kind is read, written, indexed and deleted.
type entity[T any, P interface {
	*T
	record
}] struct {
	kind    string // key segment: "account", "contact", ...
	indexes []index[T]
	tallies []tally[T]
}

func (e *entity[T, P]) get(tx store.Tx, id uint64) (*T, error) {
	raw, err := tx.Get(recordKey(e.kind, id))
	if errors.Is(err, store.ErrNotFound) {
		return nil, notFound("%s %d not found", e.kind, id)
	}
	if err != nil {
		return nil, err
	}
	return e.decode(id, raw)
}

func (e *entity[T, P]) exists(tx store.Tx, id uint64) (bool, error) {
	_, err := tx.Get(recordKey(e.kind, id))
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// decode reads the record stored under id.
func (e *entity[T, P]) decode(id uint64, raw []byte) (*T, error) {
	return e.decodeInto(id, raw, new(T))
}

func (e *entity[T, P]) decodeInto(id uint64, raw []byte, v *T) (*T, error) {
	if err := decodeRecord(id, raw, v); err != nil {
		return nil, fmt.Errorf("%w: %s record: %v", store.ErrCorrupt, e.kind, err)
	}
	return v, nil
}

// slab hands out the records a scan decodes from blocks of slabSize: one
// allocation per block rather than per record, which was a tenth of a
// million-record export's time. Each record is still its own; a block is
// garbage once none of its records is in use, so a scan's caller that
// keeps a few records of many copies them.
type slab[T any] struct{ free []T }

const slabSize = 64

func (s *slab[T]) next() *T {
	if len(s.free) == 0 {
		s.free = make([]T, slabSize)
	}
	v := &s.free[0]
	s.free = s.free[1:]
	return v
}

// lookup returns the id owning a unique index value, or 0.
func (e *entity[T, P]) lookup(tx store.Tx, indexName string, value []byte) (uint64, error) {
	return ownerAt(tx, uniqueKey(e.kind, indexName, value))
}

// ownerAt returns the id owning the unique index entry at key, or 0.
func ownerAt(tx store.Tx, key []byte) (uint64, error) {
	raw, err := tx.Get(key)
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	return ownerID(raw), nil
}

// ids calls fn with the ids under one value of a non-unique index, in id
// order.
func (e *entity[T, P]) ids(tx store.Tx, indexName string, value []byte, fn func(id uint64) error) error {
	return tx.Scan(multiPrefix(e.kind, indexName, value), store.ScanOptions{}, func(k, _ []byte) error {
		return fn(bytesID(k))
	})
}

// scan calls fn with every record in id order, starting after the given id.
func (e *entity[T, P]) scan(tx store.Tx, after uint64, reverse bool, fn func(*T) error) error {
	var recs slab[T]
	return tx.Scan(recordPrefix(e.kind), scanFrom(e.kind, after, reverse), func(k, v []byte) error {
		rec, err := e.decodeInto(bytesID(k), v, recs.next())
		if err != nil {
			return err
		}
		return fn(rec)
	})
}

// scanFrom returns the options of a scan of kind's records that starts
// after the given id (0: at the first, or with reverse the last).
func scanFrom(kind string, after uint64, reverse bool) store.ScanOptions {
	opts := store.ScanOptions{Reverse: reverse}
	if after > 0 {
		if reverse {
			opts.From = recordKey(kind, after-1)
		} else {
			opts.From = recordKey(kind, after+1)
		}
	}
	return opts
}

// scanWhere is scan for the records whose stored form passes keep, which
// sees the raw value before it is decoded: a cheap filter that spares
// decoding the records it rejects.
func (e *entity[T, P]) scanWhere(tx store.Tx, after uint64, reverse bool, keep func(raw []byte) bool, fn func(*T) error) error {
	var recs slab[T]
	return tx.Scan(recordPrefix(e.kind), scanFrom(e.kind, after, reverse), func(k, v []byte) error {
		if !keep(v) {
			return nil
		}
		rec, err := e.decodeInto(bytesID(k), v, recs.next())
		if err != nil {
			return err
		}
		return fn(rec)
	})
}

// insert stores a new record stamped now, under a fresh id or, when rec
// already carries one (an import with --key id), under that id.
func (e *entity[T, P]) insert(tx store.Tx, rec *T, now time.Time) error {
	if err := e.claimID(tx, P(rec)); err != nil {
		return err
	}
	*P(rec).stamp() = Stamp{CreatedAt: now, UpdatedAt: now, Version: 1}
	return e.write(tx, nil, rec)
}

// insertWithID stores rec under the id and stamps it already carries
// (restores).
func (e *entity[T, P]) insertWithID(tx store.Tx, rec *T) error {
	if err := e.claimID(tx, P(rec)); err != nil {
		return err
	}
	return e.write(tx, nil, rec)
}

// claimID gives p a fresh id, or checks that the id it carries is free and
// moves the counter past it so that later creates never reuse it.
func (e *entity[T, P]) claimID(tx store.Tx, p P) error {
	id := p.recordID()
	if id == 0 {
		id, err := nextID(tx, e.kind, 0)
		p.setRecordID(id)
		return err
	}
	if ok, err := e.exists(tx, id); err != nil {
		return err
	} else if ok {
		return conflict("%s %d already exists", e.kind, id)
	}
	_, err := nextID(tx, e.kind, id)
	return err
}

// update stores rec over old, bumping the version.
func (e *entity[T, P]) update(tx store.Tx, old, rec *T, now time.Time) error {
	st := P(rec).stamp()
	st.Version = P(old).stamp().Version + 1
	st.UpdatedAt = now
	return e.write(tx, old, rec)
}

// remove deletes rec and its index entries.
func (e *entity[T, P]) remove(tx store.Tx, rec *T) error {
	id := P(rec).recordID()
	for _, ix := range e.indexes {
		for _, v := range ix.values(rec) {
			if err := tx.Delete(e.indexKey(ix, v, id)); err != nil {
				return err
			}
		}
	}
	if err := e.retally(tx, rec, nil); err != nil {
		return err
	}
	return tx.Delete(recordKey(e.kind, id))
}

// retally moves the tallies from old's values to rec's (either may be
// nil: a new record, a removed one).
func (e *entity[T, P]) retally(tx store.Tx, old, rec *T) error {
	for _, t := range e.tallies {
		var before, after [][]byte
		if old != nil {
			before = t.values(old)
		}
		if rec != nil {
			after = t.values(rec)
		}
		for _, v := range before {
			if !containsBytes(after, v) {
				if err := e.count(tx, t, v, -1); err != nil {
					return err
				}
			}
		}
		for _, v := range after {
			if !containsBytes(before, v) {
				if err := e.count(tx, t, v, 1); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// count adds delta to the tally of value, deleting it at zero.
func (e *entity[T, P]) count(tx store.Tx, t tally[T], value []byte, delta int64) error {
	key := uniqueKey(e.kind, t.name, value)
	var n int64
	raw, err := tx.Get(key)
	switch {
	case err == nil:
		n = int64(bytesID(raw))
	case !errors.Is(err, store.ErrNotFound):
		return err
	}
	if n += delta; n <= 0 {
		return tx.Delete(key)
	}
	return tx.Put(key, idBytes(uint64(n)))
}

// tallied returns, sorted, the values of the tally named name that some
// record carries.
func (e *entity[T, P]) tallied(tx store.Tx, name string) ([]string, error) {
	prefix := indexPrefix(e.kind, name)
	var out []string
	err := tx.Scan(prefix, store.ScanOptions{}, func(k, _ []byte) error {
		out = append(out, string(k[len(prefix):]))
		return nil
	})
	return out, err
}

// buildTallies counts every tally over the stored records (a store from
// before tallies: schema 1), replacing what writes since may have
// counted from a partial start.
func (e *entity[T, P]) buildTallies(tx store.Tx) error {
	counts := e.newCounts()
	for _, t := range e.tallies {
		var stale [][]byte
		if err := tx.Scan(indexPrefix(e.kind, t.name), store.ScanOptions{}, func(k, _ []byte) error {
			stale = append(stale, bytes.Clone(k))
			return nil
		}); err != nil {
			return err
		}
		for _, k := range stale {
			if err := tx.Delete(k); err != nil {
				return err
			}
		}
	}
	err := e.scan(tx, 0, false, func(rec *T) error {
		e.countInto(counts, rec)
		return nil
	})
	if err != nil {
		return err
	}
	for i, t := range e.tallies {
		for v, n := range counts[i] {
			if err := tx.Put(uniqueKey(e.kind, t.name, []byte(v)), idBytes(n)); err != nil {
				return err
			}
		}
	}
	return nil
}

// newCounts returns one empty count per tally, for countInto.
func (e *entity[T, P]) newCounts() []map[string]uint64 {
	counts := make([]map[string]uint64, len(e.tallies))
	for i := range counts {
		counts[i] = map[string]uint64{}
	}
	return counts
}

// countInto adds the values rec carries to counts, one map per tally: what
// the tallies should hold, counted from the records.
func (e *entity[T, P]) countInto(counts []map[string]uint64, rec *T) {
	for i, t := range e.tallies {
		for _, v := range t.values(rec) {
			counts[i][string(v)]++
		}
	}
}

func (e *entity[T, P]) indexKey(ix index[T], value []byte, id uint64) []byte {
	if ix.unique {
		return uniqueKey(e.kind, ix.name, value)
	}
	return multiKey(e.kind, ix.name, value, id)
}

// write moves index entries from old's values to rec's and stores rec. A
// unique value owned by another record fails with that index's clash error
// before anything is written for it; the caller's transaction rolls back the
// rest.
func (e *entity[T, P]) write(tx store.Tx, old, rec *T) error {
	id := P(rec).recordID()
	for _, ix := range e.indexes {
		var before [][]byte
		if old != nil {
			before = ix.values(old)
		}
		after := ix.values(rec)
		for _, v := range before {
			if !containsBytes(after, v) {
				if err := tx.Delete(e.indexKey(ix, v, id)); err != nil {
					return err
				}
			}
		}
		for _, v := range after {
			if containsBytes(before, v) {
				continue
			}
			if ix.unique {
				key := uniqueKey(e.kind, ix.name, v)
				owner, err := ownerAt(tx, key)
				if err != nil {
					return err
				}
				if owner != 0 && owner != id {
					return ix.clash(v, owner)
				}
				if err := tx.Put(key, ownerBytes(id)); err != nil {
					return err
				}
				continue
			}
			if err := tx.Put(multiKey(e.kind, ix.name, v, id), []byte{}); err != nil {
				return err
			}
		}
	}
	if err := e.retally(tx, old, rec); err != nil {
		return err
	}
	raw, err := encodeRecord(rec)
	if err != nil {
		return err
	}
	return tx.Put(recordKey(e.kind, id), raw)
}

func containsBytes(list [][]byte, v []byte) bool {
	for _, x := range list {
		if bytes.Equal(x, v) {
			return true
		}
	}
	return false
}

func idValue(id uint64) [][]byte {
	if id == 0 {
		return nil
	}
	return [][]byte{idBytes(id)}
}

// keyValues returns the keys of m (a record's custom fields).
func keyValues(m map[string]string) [][]byte {
	if len(m) == 0 {
		return nil
	}
	out := make([][]byte, 0, len(m))
	for k := range m {
		out = append(out, []byte(k))
	}
	return out
}

func stringValue(s string) [][]byte {
	if s == "" {
		return nil
	}
	return [][]byte{[]byte(s)}
}

func checkVersion(kind string, id uint64, st *Stamp, ifVersion int64) error {
	if ifVersion != 0 && st.Version != ifVersion {
		return conflict("%s %d is at version %d, not %d: it changed since you read it", kind, id, st.Version, ifVersion)
	}
	return nil
}

// nextID advances the kind's id counter and returns the new id. With
// atLeast set (a restore that keeps ids) the counter only moves up to it,
// so later creates never reuse a restored id. The counter is an ordinary
// key, written in the record's transaction: the same on every backend, and
// rolled back with it.
func nextID(tx store.Tx, kind string, atLeast uint64) (uint64, error) {
	key := []byte(seqPrefix + kind)
	var cur uint64
	raw, err := tx.Get(key)
	switch {
	case err == nil:
		cur = bytesID(raw)
	case !errors.Is(err, store.ErrNotFound):
		return 0, err
	}
	next := cur + 1
	if atLeast != 0 {
		next = max(cur, atLeast)
	}
	return next, tx.Put(key, idBytes(next))
}
