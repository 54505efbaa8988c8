// Package journal makes a unit of work that spans many store transactions
// atomic: either all of it lands or, after a crash, none of it does.
//
// A bulk import of a million rows cannot run as one transaction (bbolt's
// cost grows with the transaction's size; etcd caps it), so it commits in
// batches. Each batch runs through a journaled Tx, which, before every Put
// or Delete, records the key's previous value (or its absence) under
// journal/<unit>/<seq> in the same transaction. Committing the unit is one
// small transaction that marks it done; rolling it back replays the records
// newest first, restoring every key, in batches that are themselves
// idempotent. A unit found open by the next writer (its process died, or was
// interrupted) is rolled back by Recover.
//
// # Caveats
//
// A key written several times in one unit is journaled each time; replaying
// newest first leaves the oldest record, the value before the unit, as the
// final state. That costs a record per write but keeps memory bounded: no
// set of touched keys is held.
//
// Sequences are not journaled: ids handed out by a rolled-back unit are
// never reused, as the store contract promises.
//
// Readers that look while a unit is open see its committed batches. The
// CLI recovers (or waits for) open units before it reads; see package desk.
package journal
