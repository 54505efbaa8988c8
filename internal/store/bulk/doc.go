// Package bulk holds back the writes a bulk load makes under chosen key
// prefixes, across the load's transactions, and applies them to the store
// in key order.
//
// Why: on a copy-on-write B+tree (bbolt), every commit rewrites each page
// its writes touched. An index whose keys arrive in scattered order — the
// names and domains of a million accounts — touches a page per key, so a
// transaction of 5,000 rows rewrote some 15,000 index pages, and a
// million-row import rewrote its indexes two hundred times over. Held back
// and applied sorted, the same keys touch each page once per application.
//
// A load also looks up every key it is about to write (a unique value
// must be free). Once the load's budget first fills (LearnStored) the
// buffer keeps a Bloom filter of every key under its prefixes that the
// store, its memory or its runs may hold, so that the lookup of a new key,
// most of a load's, is answered without a walk down the store's tree or a
// read of the runs.
//
// A Buffer is only sound where nobody else writes or reads the store while
// the load runs (bbolt: the writer holds the file lock): the writes it
// holds are visible through its views only, and every write under its
// prefixes must go through them. Its caller journals the held writes as
// they reach the store — through the transaction it gives Wrap as apply,
// and the one it gives Drain (see package journal) — so an interrupted
// load is rolled back whether or not its held writes reached the store.
//
// # Caveats
//
// Memory: the records held in memory (the caller's budget, 24 MB for an
// import), their table (a hash and an offset per key), a sort of them when
// they spill (32 bytes per record), and, once built, the filter (1.5
// bytes per key at 0.55 % false positives, starting at four times the keys
// stored then, 6 to 21 MB, and adding a part twice as big whenever the
// newest fills). Each spilled run adds a filter of its own
// (1.2 bytes per key) and a mark per 64 records; the runs themselves are
// on disk, in $TMPDIR, about the size of the records. A scan over held
// keys applies the records in memory inside its own transaction while
// nothing is spilled (bounded by the budget, but not split as Drain's
// callers split it); once something is, it merges the held writes under
// its prefix with the store's keys and applies nothing.
//
// The buffer assumes the store runs a transaction's function once and is
// told its outcome (Done): a function that panics, or a store that retries
// (etcd), leaves held writes its journal records no longer cover, and the
// buffer is lost at the next Wrap. The stores that hold (store.Exclusive)
// run each function once.
package bulk
