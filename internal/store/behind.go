package store

import (
	"bytes"
	"runtime/debug"
	"sync"
)

// Behind is a transaction whose writes a goroutine of their own applies,
// in order, while the caller goes on. A bulk load spends an eighth of its
// time in the store's B+tree work for records and log entries it will
// not read again; behind, that work runs on a second core while the first
// runs the domain. The transaction answers as the one it wraps would:
// a Get of a key written a moment before is answered from the write,
// and every other read first waits until the writes before it are applied
// (then the wrapped transaction is idle, and the read is its own).
//
// The wrapped transaction must not be used by anyone else until Finish
// returns; call Finish before it commits, and always before it ends (a
// deferred call; Run does both): it stops the goroutine and returns the first error of a
// write, which fails the transaction. A write's error is reported by the
// next call that waits, not by its Put. The zero Behind is ready to Wrap.
type Behind struct {
	tx       Tx
	writable bool
	// since holds the writes made since the last wait, oldest first; the
	// goroutine applies since[:queued] while the caller appends. Their
	// keys and values are copies in blocks that nothing overwrites until
	// the transaction ends.
	since  []Write
	queued int
	block  []byte
	used   [][]byte // the blocks filled in this transaction
	free   [][]byte // blocks of earlier transactions, to fill again
	scans  int      // Scans in progress: their callbacks' writes go straight to tx
	work   chan []Write
	busy   sync.WaitGroup
	err    error // the first failed write; read after busy.Wait
	// panicked is what a write panicked with, read after busy.Wait: the
	// caller's next wait panics with it, where the transaction's own
	// recovery (a rollback) can see it.
	panicked any
	active   bool
}

// behindBatch is how many writes the caller hands over at once: enough
// that handing them over costs little against applying them.
const behindBatch = 256

// behindBlock is the size of the blocks that hold the writes' copies.
const behindBlock = 64 << 10

// behindRecent is how many of the latest writes a Get looks through for
// its key before it waits: a load reads back few keys it wrote, and those
// it does (counters) it wrote a moment before.
const behindRecent = 32

// Wrap returns tx with its writes applied behind until Finish. A Behind
// wraps one transaction at a time; its buffers serve the next.
func (b *Behind) Wrap(tx Tx) Tx {
	b.tx, b.writable, b.err, b.panicked, b.active = tx, tx.Writable(), nil, nil, true
	faults := debug.SetPanicOnFault(false)
	debug.SetPanicOnFault(faults)
	b.work = make(chan []Write, 1)
	go b.apply(b.work, faults)
	return b
}

// apply runs the goroutine: faults is whether the caller's goroutine turns
// memory faults into panics (debug.SetPanicOnFault), as this one then
// must: bbolt's memory map faults when the file is cut or unreadable, and
// the store reports that as damage only where the goroutine that touched
// it panics instead of crashing.
func (b *Behind) apply(work <-chan []Write, faults bool) {
	debug.SetPanicOnFault(faults)
	for ws := range work {
		b.applyBatch(ws)
	}
}

// applyBatch writes ws, keeping a panic for the caller.
func (b *Behind) applyBatch(ws []Write) {
	defer b.busy.Done()
	defer func() {
		if r := recover(); r != nil {
			b.panicked = r
		}
	}()
	if b.panicked == nil {
		b.write(ws)
	}
}

// write applies ws to the wrapped transaction, stopping at the first error.
func (b *Behind) write(ws []Write) {
	for _, w := range ws {
		if b.err != nil {
			return
		}
		b.err = w.Apply(b.tx)
	}
}

// wait returns once every write made so far is applied, the last ones
// by the caller itself (handing them over would only add a wake-up).
func (b *Behind) wait() error {
	b.busy.Wait()
	if p := b.panicked; p != nil {
		b.panicked = nil
		b.err = errPanicked
		panic(p)
	}
	b.write(b.since[b.queued:])
	clear(b.since) // the blocks they point into are reused
	b.since, b.queued = b.since[:0], 0
	return b.err
}

func (b *Behind) hold(key, value []byte, deleted bool) error {
	if !b.active {
		return errFinished
	}
	if len(key) == 0 || b.scans > 0 {
		// The wrapped transaction's own error; or a scan reads it now.
		if err := b.wait(); err != nil {
			return err
		}
		return Write{Key: key, Value: value, Deleted: deleted}.Apply(b.tx)
	}
	w := Write{Key: b.keep(key), Deleted: deleted}
	if !deleted {
		w.Value = b.keep(value)
	}
	b.since = append(b.since, w)
	if len(b.since)-b.queued >= behindBatch {
		// A previous batch not yet applied blocks this send until the
		// goroutine takes it: the caller never runs far ahead.
		b.busy.Add(1)
		b.work <- b.since[b.queued:len(b.since):len(b.since)]
		b.queued = len(b.since)
	}
	return nil
}

// keep copies p into the current block: the caller may reuse p once Put
// returns.
func (b *Behind) keep(p []byte) []byte {
	if len(p) > cap(b.block)-len(b.block) {
		if len(p) > behindBlock {
			return append([]byte(nil), p...)
		}
		if n := len(b.free); n > 0 {
			b.block, b.free = b.free[n-1][:0], b.free[:n-1]
		} else {
			b.block = make([]byte, 0, behindBlock)
		}
		b.used = append(b.used, b.block)
	}
	n := len(b.block)
	b.block = append(b.block, p...)
	return b.block[n:len(b.block):len(b.block)]
}

// Put holds the write for the goroutine.
func (b *Behind) Put(key, value []byte) error { return b.hold(key, value, false) }

// Delete holds the delete for the goroutine.
func (b *Behind) Delete(key []byte) error { return b.hold(key, nil, true) }

// Get answers from a recent write of key, or waits and asks the wrapped
// transaction.
func (b *Behind) Get(key []byte) ([]byte, error) {
	if !b.active {
		return nil, errFinished
	}
	for i := len(b.since) - 1; i >= max(0, len(b.since)-behindRecent); i-- {
		if w := b.since[i]; bytes.Equal(w.Key, key) {
			if w.Deleted {
				return nil, ErrNotFound
			}
			return w.Value, nil
		}
	}
	if err := b.wait(); err != nil {
		return nil, err
	}
	return b.tx.Get(key)
}

// Scan waits, then scans the wrapped transaction; writes made by fn are
// applied at once, since the scan reads the transaction meanwhile.
func (b *Behind) Scan(prefix []byte, opts ScanOptions, fn func(key, value []byte) error) error {
	if !b.active {
		return errFinished
	}
	if err := b.wait(); err != nil {
		return err
	}
	b.scans++
	defer func() { b.scans-- }()
	return b.tx.Scan(prefix, opts, fn)
}

// NextSequence waits, then asks the wrapped transaction.
func (b *Behind) NextSequence(name string) (uint64, error) {
	if !b.active {
		return 0, errFinished
	}
	if err := b.wait(); err != nil {
		return 0, err
	}
	return b.tx.NextSequence(name)
}

// Writable is the wrapped transaction's.
func (b *Behind) Writable() bool { return b.writable }

// KnownAbsent is the wrapped transaction's answer (AbsenceHinter), once
// the writes before it are applied.
func (b *Behind) KnownAbsent(key []byte) bool {
	h, ok := b.tx.(AbsenceHinter)
	if !ok || !b.active || b.wait() != nil {
		return false
	}
	return h.KnownAbsent(key)
}

// Run calls fn with tx wrapped (Wrap) and finishes the writes before it
// returns, whatever fn does: fn's error first, else the first error of a
// write.
func (b *Behind) Run(tx Tx, fn func(Tx) error) (err error) {
	wrapped := b.Wrap(tx)
	defer func() {
		if ferr := b.Finish(); err == nil {
			err = ferr
		}
	}()
	return fn(wrapped)
}

// Finish applies every write, stops the goroutine and returns the first
// error of a write; the wrapped transaction is the caller's again. Later
// calls return the same.
func (b *Behind) Finish() error {
	if b.active {
		b.wait()
		close(b.work)
		b.active = false
		b.free, b.used, b.block = append(b.free, b.used...), b.used[:0], nil
	}
	return b.err
}
