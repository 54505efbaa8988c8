// Package bolt is the default deskctl store: one bbolt file on local disk.
// It is the only package that imports go.etcd.io/bbolt.
//
// # Layout
//
// The file holds two top-level buckets. "kv" is the flat, ordered keyspace of
// the store contract: every key the domain writes lives there, byte for byte.
// "seq" holds the named sequences: the key is the sequence name, the value
// the last number handed out, as 8 bytes big-endian. A separate bucket keeps
// sequences out of the domain's scans; bbolt's own per-bucket sequence would
// need one bucket per name.
//
// A freshly created file gets both buckets. A file that holds other buckets
// but no "kv" belongs to some other program and is refused as
// store.ErrCorrupt rather than written into.
//
// # Locking
//
// bbolt takes an exclusive flock for a read-write open and a shared one for a
// read-only open, for as long as the DB stays open. Read-only opens never
// block each other; a writer waits for every reader and every reader waits
// for the writer, each for at most Options.Timeout, then Open returns
// store.ErrBusy. A zero Timeout waits for ever, as bbolt does.
//
// # Damage
//
// A file that is not a bbolt file, is truncated, or has broken pages is
// reported as store.ErrCorrupt (with the path), never as a crash: Open checks
// the meta pages and that the file is as long as they say, and Open, View and
// Update recover bbolt's panics on inconsistent pages. A panic inside the
// function passed to View or Update is the caller's and is re-raised after
// the transaction rolled back.
//
// # Caveats
//
// Put copies the value: bbolt keeps a reference to it until the commit,
// and the contract does not ask callers to leave their buffers alone.
// Get and Scan hand out slices of the memory map, valid only inside the
// transaction.
//
// A bbolt cursor keeps positions that a write to the same leaf shifts, so
// after a Scan callback wrote anything (outside the scanned range, as the
// contract allows) Scan looks its place up again instead of stepping.
//
// Calling Update from inside a View function of the same DB deadlocks, as in
// bbolt: the writer may need to remap the file while the reader holds it.
//
// Backup writes the copy to a temporary file next to the target and renames
// it into place, so the target directory must be writable; it refuses to
// overwrite the store's own file.
//
// Check runs bbolt's consistency check in a goroutine of bbolt's own, where a
// panic on a badly damaged page cannot be recovered; Open's length check
// keeps the commonest damage, truncation, away from it.
package bolt
