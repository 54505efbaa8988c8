// Package bolt is the default deskctl store: one bbolt file on local disk.
// It is the only package that imports go.etcd.io/bbolt.
//
// # Layout
//
// The contract's keyspace is one flat, ordered space; the file splits it
// by key prefix so that bbolt's copy-on-write B+trees stay small and each
// part can be packed as its writes allow. A key with at least two '/'
// belongs to a group: its prefix through the second '/' ("rec/account/",
// "ix/contact/", "journal/undo/") names a bucket inside the top-level
// bucket "groups", where the key is stored without that prefix. Every
// other key ("meta/schema", "seq/account", or a key that is exactly a
// group prefix) lives in the top-level bucket "keys". "seq" holds the
// named sequences: the key is the sequence name, the value the last number
// handed out, as 8 bytes big-endian; a separate bucket keeps sequences out
// of the domain's scans.
//
// Two group names, each ending at its second '/', are never prefixes of one
// another, so every key of a group sorts after every key of an earlier
// group: walking the groups in name order, and each group in key order,
// gives the keys in the contract's order. Scan merges that walk with the
// keys of "keys". A group receives only appends in many transactions —
// records under ids from a sequence, the activity log, journal chunks — and
// a group written only past its last key in a transaction is packed full
// (FillPercent 1.0), while any other write leaves it at bbolt's default
// half, where random index inserts have room. Groups named by ReserveRoom
// (store.RoomReserver; desk names its records but the log's) pack to 0.97
// instead: an edit makes a record larger, and in a full page every edit
// splits the page in two — after linking a tenth of two million contacts
// to their accounts, their records' 201 MiB took 386 MiB of pages; with
// the room, 204. The same bound — the
// group's last key, loaded once per transaction and moved by its Puts —
// answers KnownAbsent (store.AbsenceHinter) for keys past it without a
// lookup: the journal asks before recording what a write replaces.
//
// Files written before the groups have a single bucket "kv" holding every
// key: they are read and written in that flat layout, unchanged. A deskctl
// from before the groups refuses a grouped file (it has no "kv") as data of
// another program instead of reading it as empty.
//
// A freshly created file gets "keys", "groups" and "seq". A file that holds
// other buckets but neither "kv" nor "keys" belongs to some other program
// and is refused as store.ErrCorrupt rather than written into.
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
