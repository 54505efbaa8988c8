package journal

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/bulk"
)

// Key layout, inside the store's keyspace:
//
//	journal/open/<unit>         marks an open unit (value: caller's label)
//	journal/undo/<unit>/<seq>   undo record: flag, key length, key, old value
const (
	openPrefix = "journal/open/"
	undoPrefix = "journal/undo/"
)

// ErrUnitOpen is returned by Begin when a unit of the same id is open.
var ErrUnitOpen = errors.New("journal unit is already open")

// Unit is one open unit of work.
type Unit struct {
	s   store.Store
	id  uint64
	seq uint64 // last undo record written
	// keys and misses are how many keys the last transaction wrote and
	// found missing: the next one's maps start that large, since a bulk
	// load's transactions are alike and growing a map of tens of
	// thousands of keys step by step was a tenth of an import's time.
	keys, misses int
	// held, when set, holds back the unit's writes under its prefixes
	// (see Hold).
	held      *bulk.Buffer
	holdBytes int  // spill (without a temporary file: drain) past this much
	probed    bool // the held prefixes were looked at for a first load's filter
	behind    store.Behind
	// tails are the prefixes whose new last keys the unit undoes as one
	// record (see Tails); bound[p], once set, is p's last key when the
	// unit first wrote under it.
	tails []string
	bound map[string][]byte
	// noSpill is set once no temporary file could be made for the held
	// writes: they are applied whenever the buffer fills.
	noSpill bool
}

// Tails makes the unit journal the keys it writes under each of prefixes
// past the last key stored there when it first writes under it as one
// undo record — "every key past this one was absent" — instead of one per
// key: the records and activity log entries of a load, whose ids come from
// a sequence, are all such keys. Rollback deletes them all. Only for a
// store nobody else writes until the unit ends (store.Exclusive), or the
// rollback would delete their keys too.
func (u *Unit) Tails(prefixes ...string) {
	u.tails = prefixes
}

// tailOf returns the tail prefix key is under, if any.
func (u *Unit) tailOf(key []byte) (string, bool) {
	for _, p := range u.tails {
		if len(key) > len(p) && string(key[:len(p)]) == p {
			return p, true
		}
	}
	return "", false
}

// Begin opens unit id (the caller's job id), labelled for Open listings.
func Begin(ctx context.Context, s store.Store, id uint64, label string) (*Unit, error) {
	if err := s.Update(ctx, func(tx store.Tx) error { return Mark(tx, id, label) }); err != nil {
		return nil, err
	}
	return Attach(s, id), nil
}

// Mark opens unit id inside the caller's transaction, so that the unit and
// whatever records it (an import job) appear together or not at all. Use
// Attach once that transaction has committed.
func Mark(tx store.Tx, id uint64, label string) error {
	if _, err := tx.Get(openKey(id)); err == nil {
		return fmt.Errorf("%w: %d", ErrUnitOpen, id)
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return tx.Put(openKey(id), []byte(label))
}

// Attach returns the handle of a unit opened with Mark.
func Attach(s store.Store, id uint64) *Unit { return &Unit{s: s, id: id, bound: map[string][]byte{}} }

// Hold makes the unit hold back its writes under prefixes and apply them
// in key order before the commit (see package bulk for why): up to about
// maxBytes of keys and values in memory; when that fills, after the
// transaction that filled it, they are spilled sorted to a temporary
// file (or, when none can be made, applied to the store), and the commit
// merges every spill into the store. A held write is journaled when it
// reaches the store, in the transaction that applies it, against the
// value it replaces there: one that never reached the store needs no
// undo. Only for a store nobody else reads or writes until the unit ends.
func (u *Unit) Hold(maxBytes int, prefixes ...string) {
	u.held, u.holdBytes = bulk.New(prefixes...), maxBytes
}

// Spilled reports whether the unit moved held writes out of memory (see
// bulk.Buffer.Spill), for tests and diagnostics.
func (u *Unit) Spilled() bool { return u.held != nil && u.held.Spilled() }

// drainBatch bounds the held writes one transaction applies: bbolt keeps
// every page they touch in memory until the commit.
const drainBatch = 8 << 10

// drain applies every held write, in transactions of drainBatch keys. A
// lost buffer fails it even when it holds nothing: a failed transaction
// may have emptied it (a scan drains) and taken its writes with it.
func (u *Unit) drain(ctx context.Context) error {
	if err := u.held.Err(); err != nil {
		return err
	}
	for empty := u.held.Empty(); !empty; {
		var st *txState
		err := u.update(ctx, func(tx store.Tx) error {
			st = &txState{seq: u.seq}
			jt := u.journaled(tx, tx, st, 0)
			var err error
			if empty, err = u.held.Drain(jt, drainBatch); err != nil {
				return err
			}
			return jt.flush()
		})
		u.held.Done(err)
		if err != nil {
			return err
		}
		u.landed(st)
	}
	return nil
}

// update runs fn in a store transaction. A unit that holds writes back
// is a bulk load into a store it alone uses (see Hold): its transactions
// apply their writes behind (store.Behind), on a second core. A million
// accounts, file order, four alternating pairs: 18.0 s before, 16.7 s
// with (medians). A load that reads the store for each row (contacts look
// their account up) waits for the writes at each read, and gains little.
func (u *Unit) update(ctx context.Context, fn func(store.Tx) error) error {
	if u.held == nil {
		return u.s.Update(ctx, fn)
	}
	return u.s.Update(ctx, func(tx store.Tx) error { return u.behind.Run(tx, fn) })
}

// journaled returns tx, a view of the store's transaction raw (or raw
// itself), journaled for the unit; st is the state its journaled views
// share, keys how many keys it is likely to write.
func (u *Unit) journaled(tx, raw store.Tx, st *txState, keys int) *journaledTx {
	return &journaledTx{Tx: tx, raw: raw, unit: u, st: st, undo: make(map[string][]byte, keys)}
}

// landed records what a committed transaction of the unit stored.
func (u *Unit) landed(st *txState) {
	u.seq = st.seq
	// The tail records are stored: keys past them need no more.
	for p, b := range st.tails {
		u.bound[p] = b
	}
}

// Flush applies the writes the unit holds (see Hold), so that transactions
// outside the unit see them: a check of the whole store before Commit.
func (u *Unit) Flush(ctx context.Context) error {
	if u.held == nil {
		return nil
	}
	return u.drain(ctx)
}

// Update runs fn in one store transaction whose writes are journaled.
func (u *Unit) Update(ctx context.Context, fn func(store.Tx) error) error {
	if u.held != nil {
		if err := u.held.Err(); err != nil {
			return err
		}
	}
	// st is made anew by each run of the function: a store that retries
	// (etcd) must not see a failed attempt's sequence numbers or tails.
	var st *txState
	err := u.update(ctx, func(raw store.Tx) error {
		st = &txState{seq: u.seq}
		// Held writes are journaled when they reach the store — by a
		// scan's drain inside this transaction (applied), or by a later
		// drain — against what the store holds then: keys a load appends
		// to an index then need one tail record, not one record each.
		tx := raw
		var applied *journaledTx
		if u.held != nil && !u.probed {
			// A first load gets its filter before its first lookup.
			if err := u.held.LearnNoneStored(raw); err != nil {
				return err
			}
			u.probed = true
		}
		if u.held != nil {
			applied = u.journaled(raw, raw, st, 0)
			tx = u.held.Wrap(raw, applied)
		}
		jt := u.journaled(tx, raw, st, u.keys)
		jt.skipHeld = u.held != nil
		if u.misses > 0 {
			jt.absent = make(map[string]struct{}, u.misses)
		}
		if err := fn(jt); err != nil {
			return err
		}
		if err := jt.flushUndo(); err != nil {
			return err
		}
		if applied != nil {
			if err := applied.flushUndo(); err != nil {
				return err
			}
		}
		if err := jt.flushTails(); err != nil {
			return err
		}
		u.keys, u.misses = len(jt.undo), jt.missed
		return nil
	})
	if err == nil {
		u.landed(st)
	}
	if u.held == nil {
		return err
	}
	u.held.Done(err)
	if err != nil || u.held.Bytes() < u.holdBytes {
		return err
	}
	return u.relieve(ctx)
}

// relieve moves the held writes out of memory once they fill the budget:
// to the spill file, or, when none can be made, to the store.
func (u *Unit) relieve(ctx context.Context) error {
	if !u.held.Filtered() {
		// A unit this big is worth the filter (see bulk.Buffer.LearnStored).
		if err := u.s.View(ctx, u.held.LearnStored); err != nil {
			return err
		}
	}
	if !u.noSpill {
		err := u.held.Spill()
		if !errors.Is(err, bulk.ErrNoSpillFile) || u.held.Spilled() {
			return err
		}
		// No temporary file: the load goes on, applying its held writes
		// as the buffer fills instead (bigger, slower, but it lands).
		u.noSpill = true
	}
	return u.drain(ctx)
}

// Commit makes the unit's writes permanent: the commit point is the one
// transaction that removes the open mark. The undo records are then
// deleted in batches; if that is interrupted, Recover finishes it.
func (u *Unit) Commit(ctx context.Context, finish func(store.Tx) error) error {
	if u.held != nil {
		defer u.held.Close() // the spill file goes, whatever comes next
	}
	if err := u.Flush(ctx); err != nil {
		return err
	}
	if err := u.s.Update(ctx, func(tx store.Tx) error {
		if finish != nil {
			if err := finish(tx); err != nil {
				return err
			}
		}
		return tx.Delete(openKey(u.id))
	}); err != nil {
		return err
	}
	return discard(ctx, u.s, u.id)
}

// Rollback undoes every journaled write of the unit, then runs finish (to
// record the outcome) in the transaction that closes it.
func (u *Unit) Rollback(ctx context.Context, finish func(store.Tx) error) error {
	if u.held != nil {
		u.held.Close()
	}
	return rollback(ctx, u.s, u.id, finish)
}

// ID is the unit's id.
func (u *Unit) ID() uint64 { return u.id }

// Open lists the units left open, by id, with their labels.
func Open(ctx context.Context, s store.Store) (map[uint64]string, error) {
	out := map[uint64]string{}
	err := s.View(ctx, func(tx store.Tx) error {
		return tx.Scan([]byte(openPrefix), store.ScanOptions{}, func(k, v []byte) error {
			out[binary.BigEndian.Uint64(k[len(openPrefix):])] = string(v)
			return nil
		})
	})
	return out, err
}

// Recover rolls back every open unit and clears leftover undo records of
// committed ones. Only call it when no other process can be running a unit
// (bbolt: while holding the write lock from before the unit's process
// died). onRollback is called in each rolled-back unit's final transaction.
func Recover(ctx context.Context, s store.Store, onRollback func(tx store.Tx, id uint64) error) error {
	open, err := Open(ctx, s)
	if err != nil {
		return err
	}
	for id := range open {
		if err := rollback(ctx, s, id, func(tx store.Tx) error {
			if onRollback == nil {
				return nil
			}
			return onRollback(tx, id)
		}); err != nil {
			return err
		}
	}
	// Undo records without an open mark belong to committed units whose
	// cleanup was interrupted.
	var leftovers []uint64
	err = s.View(ctx, func(tx store.Tx) error {
		return tx.Scan([]byte(undoPrefix), store.ScanOptions{}, func(k, _ []byte) error {
			id := binary.BigEndian.Uint64(k[len(undoPrefix):])
			if len(leftovers) == 0 || leftovers[len(leftovers)-1] != id {
				leftovers = append(leftovers, id)
			}
			return nil
		})
	})
	if err != nil {
		return err
	}
	for _, id := range leftovers {
		if err := discard(ctx, s, id); err != nil {
			return err
		}
	}
	return nil
}

// NeedsRecovery reports whether any unit is open or any undo record is left.
func NeedsRecovery(tx store.Tx) (bool, error) {
	found := false
	err := tx.Scan([]byte("journal/"), store.ScanOptions{}, func(_, _ []byte) error {
		found = true
		return store.ErrStop
	})
	return found, err
}

// batchSize bounds the work of one cleanup or rollback transaction: it
// takes stored values (chunks) until they hold this many undo records.
const batchSize = 5000

func rollback(ctx context.Context, s store.Store, id uint64, finish func(store.Tx) error) error {
	limit := batchSize
	for {
		done := false
		err := s.Update(ctx, func(tx store.Tx) error {
			var recs [][]byte
			var keys [][]byte
			n := 0
			more := false
			if err := tx.Scan(undoUnitPrefix(id), store.ScanOptions{Reverse: true}, func(k, v []byte) error {
				if n >= limit {
					more = true
					return store.ErrStop
				}
				keys = append(keys, append([]byte(nil), k...))
				recs = append(recs, append([]byte(nil), v...))
				n += records(v)
				return nil
			}); err != nil {
				return err
			}
			for i, rec := range recs {
				whole, err := undo(tx, rec)
				if err != nil {
					return fmt.Errorf("undo record %x: %w", keys[i], err)
				}
				if !whole {
					// A tail with more keys than a transaction
					// deletes: this chunk again, and the older ones
					// after it, in the next.
					more = true
					break
				}
				if err := tx.Delete(keys[i]); err != nil {
					return err
				}
			}
			if !more {
				done = true
				if finish != nil {
					if err := finish(tx); err != nil {
						return err
					}
				}
				return tx.Delete(openKey(id))
			}
			return nil
		})
		if errors.Is(err, store.ErrTooLarge) && limit > 1 {
			limit /= 2 // a backend with a per-transaction cap (etcd): smaller steps
			continue
		}
		if err != nil || done {
			return err
		}
	}
}

func discard(ctx context.Context, s store.Store, id uint64) error {
	limit := batchSize
	for {
		n := 0
		err := s.Update(ctx, func(tx store.Tx) error {
			var keys [][]byte
			if err := tx.Scan(undoUnitPrefix(id), store.ScanOptions{}, func(k, _ []byte) error {
				keys = append(keys, append([]byte(nil), k...))
				if len(keys) == limit {
					return store.ErrStop
				}
				return nil
			}); err != nil {
				return err
			}
			n = len(keys)
			for _, k := range keys {
				if err := tx.Delete(k); err != nil {
					return err
				}
			}
			return nil
		})
		if errors.Is(err, store.ErrTooLarge) && limit > 1 {
			limit /= 2
			continue
		}
		if err != nil || n < limit {
			return err
		}
	}
}

func openKey(id uint64) []byte { return binary.BigEndian.AppendUint64([]byte(openPrefix), id) }

func undoUnitPrefix(id uint64) []byte {
	return append(binary.BigEndian.AppendUint64([]byte(undoPrefix), id), '/')
}
