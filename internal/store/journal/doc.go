// Package journal makes a unit of work that spans many store transactions
// atomic: either all of it lands or, after a crash, none of it does.
//
// A bulk import of a million rows cannot run as one transaction (bbolt's
// cost grows with the transaction's size; etcd caps it), so it commits in
// batches. Each batch runs through a journaled Tx, which, before the first
// Put or Delete of a key in that transaction, notes the key's previous value
// (or its absence). When the batch's function returns, the notes are stored
// in the same transaction as undo records under journal/undo/<unit>/<seq>,
// packed into chunks of at most 64 KiB, sorted by key and front-coded.
// Committing the unit is one small transaction that marks it done; rolling
// it back replays the chunks newest first, restoring every key, in batches
// that are themselves idempotent. A unit found open by the next writer (its
// process died, or was interrupted) is rolled back by Recover.
//
// # Caveats
//
// A key written several times in one transaction is journaled once (its
// value before the transaction is the one to restore); written again in a
// later transaction of the unit, it is journaled again, and replaying
// newest first leaves the oldest record, the value before the unit, as the
// final state. Memory is bounded by one transaction's keys: no set of the
// unit's touched keys is held.
//
// The journal costs one store write per chunk instead of one per key, and
// a lookup (Get) per distinct key. Chunks written by this version start
// with a marker byte; values without it are single records of the first
// format, which rollback still reads.
//
// A unit may hold back its writes under chosen prefixes (Hold, package
// bulk) and apply them sorted before it commits (spilling them to a
// temporary file past its memory budget): each such write is journaled in
// the transaction that applies it to the store — one of the drain
// transactions Commit (or Flush) runs before the commit point, a batch
// whose scan needed them there, or, when no temporary file can be made,
// the drain after a batch that filled the budget — so undo records cover
// exactly what reached the store, and held keys appended to an index fall
// under a tail record (below). The buffer's memory (its budget) adds to
// the transaction's. Readers outside the unit do not see held writes
// until Flush or Commit; only a store nobody else uses meanwhile
// (store.Exclusive) may hold.
//
// A unit may also name prefixes where its new keys sort past every stored
// one (Tails: records under ids from a sequence, the activity log): the
// first write under such a prefix stores one tail record, the prefix's
// last key then, and the keys past it need no record each; rollback
// deletes every key past it, at most 5,000 keys per tail record in each
// transaction, resuming in the next. Only
// for a store nobody else writes meanwhile (store.Exclusive). A deskctl
// from before tail records refuses to roll back a journal that has them
// ("malformed undo record") instead of guessing.
//
// Sequences are not journaled: ids handed out by a rolled-back unit are
// never reused, as the store contract promises.
//
// Readers that look while a unit is open see its committed batches. The
// CLI recovers (or waits for) open units before it reads; see package desk.
package journal
