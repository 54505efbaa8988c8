package store

import (
	"context"
	"time"
)

// Store is an ordered key-value store with read and write transactions.
type Store interface {
	// View runs fn in a read-only transaction over a consistent snapshot.
	View(ctx context.Context, fn func(Tx) error) error
	// Update runs fn in a read-write transaction. The transaction commits
	// when fn returns nil; any error from fn rolls it back and is returned
	// unchanged. fn may be called more than once by backends that retry on
	// conflict.
	Update(ctx context.Context, fn func(Tx) error) error
	// Close releases the store. It is safe to call once.
	Close() error
}

// Tx is one transaction. A Tx is not safe for concurrent use.
type Tx interface {
	// Get returns the value stored at key, or ErrNotFound.
	Get(key []byte) ([]byte, error)
	// Put stores value at key, replacing any previous value. Keys must be
	// non-empty. In a read-only transaction it returns ErrReadOnly.
	Put(key, value []byte) error
	// Delete removes key. Deleting a missing key is not an error. In a
	// read-only transaction it returns ErrReadOnly.
	Delete(key []byte) error
	// Scan calls fn for every key that starts with prefix, in ascending key
	// order (descending when opts.Reverse is set), starting at opts.From
	// when it is set. fn may return ErrStop to end the scan early without
	// an error; any other error ends the scan and is returned. fn may
	// write outside the scanned range, and the scan still visits every
	// key of it; whether it visits the keys fn writes or deletes inside
	// the range is not specified.
	Scan(prefix []byte, opts ScanOptions, fn func(key, value []byte) error) error
	// NextSequence returns the next value of the named sequence, starting at
	// 1. A value is never handed out twice, even when the transaction that
	// took it rolls back on some backends: callers may see gaps.
	NextSequence(name string) (uint64, error)
	// Writable reports whether this is a read-write transaction.
	Writable() bool
}

// AbsenceHinter is implemented by transactions that can sometimes tell,
// without a lookup, that a key is absent: a writer that must know a key's
// previous value (the journal's undo records) asks first and skips the
// lookup when the answer is yes. The bbolt backend answers for keys past
// the last one of their part of the file — new records under fresh ids,
// log entries — which are most of an import's writes.
type AbsenceHinter interface {
	// KnownAbsent reports true only when key is certainly absent in this
	// transaction; false says nothing.
	KnownAbsent(key []byte) bool
}

// RoomReserver is implemented by stores that pack keys written in order
// (bbolt packs each part of its file full when a transaction only appends
// to it). Prefixes name the keys whose values are later rewritten larger —
// records that get edited, which gain an update time and a version — and
// the store leaves a little room beside them, so that editing a tenth of
// them does not split every page in two. A layout hint only: it changes
// no answer, and applies to the transactions begun after it.
type RoomReserver interface {
	ReserveRoom(prefixes [][]byte)
}

// Exclusive is implemented by stores that can tell whether this process
// alone reads and writes the store for as long as it stays open: bbolt
// opened for writing holds the file's lock, which every other open waits
// for. A writer may then keep writes back in memory for a while (package
// bulk) without anyone seeing the store half-written. Such a store also
// runs each Update's function exactly once.
type Exclusive interface {
	Exclusive() bool
}

// ScanOptions tunes a Scan.
type ScanOptions struct {
	// From is the first key to visit (inclusive). In a forward scan keys
	// below From are skipped; in a reverse scan keys above From are
	// skipped. Nil starts at the first (or, reversed, last) key of the
	// prefix.
	From []byte
	// Reverse visits keys in descending order.
	Reverse bool
}

// Options are the settings every backend understands when it opens.
type Options struct {
	// ReadOnly opens the store for View only; Update returns ErrReadOnly.
	// On bbolt, read-only opens share the file lock so readers never block
	// each other.
	ReadOnly bool
	// Timeout bounds the wait for the store's lock (bbolt) or for a
	// connection (etcd). Past it, Open returns ErrBusy.
	Timeout time.Duration
}

// Backuper is implemented by backends that can write a consistent copy of
// the whole store while other readers run.
type Backuper interface {
	// Backup writes a consistent snapshot to path atomically.
	Backup(ctx context.Context, path string) error
}

// PrefixEnd returns the smallest key greater than every key with prefix, or
// nil when no such key exists (prefix is empty or all 0xff).
func PrefixEnd(prefix []byte) []byte {
	end := append([]byte(nil), prefix...)
	for i := len(end) - 1; i >= 0; i-- {
		if end[i] < 0xff {
			end[i]++
			return end[:i+1]
		}
	}
	return nil
}
