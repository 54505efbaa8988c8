// Package store is the storage contract of deskctl: a small, ordered,
// transactional key-value store.
//
// The contract is deliberately generic — byte keys in one flat, ordered
// keyspace, byte values, prefix scans, named sequences, and read and write
// transactions — so that a backend implements a handful of methods and gets
// the whole product. The domain (package desk) owns every key layout and every
// secondary index; a backend knows nothing about accounts.
//
// Two backends implement it: store/bolt (an embedded bbolt file, the default)
// and store/etcd (a shared etcd cluster). Both pass the conformance suite in
// store/storetest, which is the executable form of this contract.
//
// # Transactions
//
// View runs a read-only transaction over a consistent snapshot. Update runs a
// read-write transaction that is serializable against every other writer: it
// commits as a whole when its function returns nil and leaves the store
// exactly as it was when the function returns an error (or panics). A backend
// may run an Update function more than once (etcd retries on a conflicting
// concurrent commit), so the function must not have effects outside the
// transaction other than building its result.
//
// # Caveats
//
// Keys and values handed out by Get and Scan are only valid until the
// transaction ends (bbolt returns slices of its memory map), and a value
// of Get only until its key is next written (a bulk load's held writes
// rewrite a count in place): copy them to keep them. Callers must not
// modify them either.
//
// Scan visits keys in ascending byte order (descending with Reverse). Writing
// inside a Scan callback to keys in the scanned range is not allowed; collect
// the keys first and write after the scan.
package store
