// Package storetest is the conformance suite of the store contract: the
// executable form of package store's documentation. Every backend runs it
// from its own tests:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t testing.TB) store.Store { return openTemp(t) })
//	}
//
// The suite covers reads and writes, empty values and binary keys, ordering,
// prefix scans with From and Reverse, ErrStop and errors from callbacks,
// writes beside a running scan, sequences, read-your-writes inside Update,
// rollback on error and on panic, read-only transactions, snapshot
// isolation of View, serializable Updates from many goroutines (lost
// updates and write skew), large transactions and, given WithReopen,
// durability across a reopen. Bench measures the common operations of a
// backend.
//
// # Caveats
//
// Subtests run in parallel, each on a store of its own from open: open must
// return an empty store that shares nothing visible with the others.
//
// The suite may call an Update function more than once, as a retrying
// backend does, and is written so that this changes no result.
//
// A backend that caps the size of a transaction must be configured so that
// one Update of 20,000 small puts fits (see the etcd backend's tests).
//
// Only test code may import this package: it imports package testing.
package storetest
