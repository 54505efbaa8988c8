// Package etcd keeps a deskctl dataset on an etcd cluster, for teams that
// share one dataset across machines. It implements the store contract on
// go.etcd.io/etcd/client/v3 only; the server is never linked in (the tests
// start one through package etcdtest).
//
// # Layout
//
// A dataset lives under its prefix, so several share a cluster:
//
//	PREFIX/d/KEY    the keyspace of the contract, KEY byte for byte
//	PREFIX/s/NAME   the last value of sequence NAME, in decimal
//
// Open and ParseURL take the prefix without its trailing slash:
// etcd://10.0.0.1:2379/acme keeps its data under "acme/d/".
//
// # Transactions
//
// View reads at one revision, the one its first read returns, so it sees a
// consistent snapshot however long it runs.
//
// Update is optimistic. Its function reads from a snapshot as View does,
// while Put and Delete only buffer; Get and Scan see the buffer merged over
// the snapshot. Every read is recorded: each key read or visited by a scan
// with its mod revision (0 for a key that was absent), and each stretch of
// keys a scan covered, up to where its callback stopped it. The commit is
// one etcd Txn that applies the buffered writes only if
//
//   - every recorded key still has its recorded mod revision, which
//     catches a key changed, deleted or created since the snapshot, and
//   - every key in every scanned stretch has a mod revision no newer than
//     the snapshot, which catches a key added to the stretch (the phantom
//     a per-key check cannot see) or changed in it.
//
// When a check fails, another writer got in between: Update runs the
// function again on a fresh snapshot, after a short randomized backoff, up
// to Config.MaxRetries times, then returns store.ErrConflict. So Updates
// are serializable across every machine sharing the dataset, as on bbolt.
// An Update that wrote nothing commits nothing and never conflicts. A
// sequence is a key like any other, so two writers taking the next number
// conflict and one of them runs again.
//
// # Round trips
//
// Every read the snapshot cannot answer is a round trip to the cluster,
// which costs far more than a read of a local bbolt file. Scans fetch pages
// that grow from 64 to 4096 keys, and a Get that misses fetches the keys
// after the one asked for as well (from 8, doubling with every miss once
// fetched-ahead keys are being used, up to 1024), so that transactions
// reading many keys in order — db check, imports — find most of them
// already there: db check of 24,000 records went from 82,600 round trips
// (84 s) to 230 (4 s). Keys fetched ahead but never read are not part of
// the read set. The read-ahead of one transaction stops at 64 MiB.
//
// # Limits
//
// etcd caps a Txn at --max-txn-ops operations (default 128), counted
// separately for checks and for writes, and at --max-request-bytes bytes
// (default 1.5 MiB). Config.MaxTxnOps and Config.MaxRequestBytes carry the
// cluster's values; Put fails with store.ErrTooLarge as soon as the buffered
// writes exceed them, and the commit when the checks do, before anything is
// sent. A cluster that refuses a Txn anyway (because it is configured lower
// than the client believes) gives store.ErrTooLarge too.
//
// Single-record commands fit easily. A merge that moves many records, or a
// write that scans a long range, needs a cluster started with higher
// limits, for example --max-txn-ops=20000 --max-request-bytes=33554432,
// and the same values in the deskctl config. Imports do not rely on that:
// they commit in batches that fit, with a journal to finish or undo an
// interrupted import.
//
// # Caveats
//
// A commit that times out may or may not have been applied; Update then
// returns store.ErrBusy saying so.
//
// Reverse scans are dearer than forward ones: etcd sorts a range before it
// limits it, so each page of a reverse scan reads the rest of the range on
// the server. Pages grow from 64 to 4096 keys to keep that in check.
//
// A dataset's prefix must not be another dataset's prefix followed by "/d"
// or "/s": "acme" and "acme/d" would share keys.
//
// If the cluster compacts away the revision a transaction reads from, an
// Update runs again and a View fails with store.ErrConflict.
//
// Values returned by Get and Scan stay valid after the transaction, unlike
// bbolt's; code must not rely on that.
package etcd
