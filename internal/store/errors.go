package store

import "errors"

// ErrNotFound is returned by Tx.Get when the key does not exist.
var ErrNotFound = errors.New("key not found")

// ErrReadOnly is returned when a write is attempted in a read-only
// transaction or on a store opened read-only.
var ErrReadOnly = errors.New("store is read-only")

// ErrBusy is returned when the store's lock (or connection) could not be
// obtained within Options.Timeout: another process holds it.
var ErrBusy = errors.New("store is busy")

// ErrConflict is returned by Update when a concurrent writer kept changing
// the data this transaction read, and the backend gave up retrying.
var ErrConflict = errors.New("transaction conflict: concurrent writers kept changing the same data")

// ErrTooLarge is returned by Update when one transaction exceeds a limit of
// the backend (etcd caps operations and bytes per transaction).
var ErrTooLarge = errors.New("transaction too large for the store backend")

// ErrStop may be returned by a Scan callback to end the scan early. Scan
// itself then returns nil.
var ErrStop = errors.New("stop scan")

// ErrCorrupt is returned when the store file is not a deskctl store or is
// damaged.
var ErrCorrupt = errors.New("store is damaged or not a deskctl store")

// errFinished is returned by a Behind used after its Finish.
var errFinished = errors.New("store: transaction used after its writes were finished")

// errPanicked fails a Behind whose goroutine panicked in a write, once the
// caller has been given the panic.
var errPanicked = errors.New("store: a write panicked")
