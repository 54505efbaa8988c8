// Package transfer moves records in and out of the store in bulk: the
// streaming readers and writers, the header mapping and the import and
// export engines behind `deskctl import` and `deskctl export`. It knows
// neither cobra nor bbolt: it reads an io.Reader, writes an io.Writer and
// changes the store only through package desk.
//
// # Reading
//
// NewReader reads CSV (encoding/csv: RFC 4180, strict quotes, the header's
// field count enforced) or JSON Lines, streaming. A UTF-8 byte order mark
// is skipped; ReadOptions.Encoding converts Windows-1252 or ISO-8859-1/15
// to UTF-8 (golang.org/x/text); the CSV delimiter (',', ';' or tab) is
// detected from the header line unless given. Every Row carries the line
// it starts on. JSON Lines values become the text of a CSV cell: strings as
// they are, numbers as written, true/false, null as empty, arrays joined
// with ';', and the object "fields" as field.NAME columns.
//
// # Mapping
//
// A Mapper maps column names to fields: ignoring case, spaces, '_' and
// '-'; the entity's own prefix may lead ("Account Name" for an account's
// name); a short alias table covers names other tools export ("Primary
// Domain", "Company", "Job Title"); field.NAME is a custom field; the
// user's renames (--map, profiles) come first. Unknown columns are an
// error naming all of them, unless IgnoreUnknown; two columns for one
// field are an error. The errors file's "error" column is ignored, so that
// a fixed errors file imports as it is.
//
// # Importing
//
// Import applies rows through the same domain functions as the
// single-record commands (desk.Tx.UpsertAccount, UpsertContact,
// Associate, CreateTicket, CreateManager...), never a copy of their
// checks. Rows are read and mapped in a goroutine and applied in batches
// (DefaultBatchSize rows; fewer while the heap at the end of a
// transaction is large, see memory.go, or when the backend says a
// transaction is too large), each one journaled store transaction of a
// desk.Import: the batches land as one unit at Commit, or are undone by
// Rollback — or, when the process dies, by desk.Recover on the next write
// open. So by default any rejected row rolls everything back, and
// Options.ContinueOnError commits the valid rows instead.
//
// Each row runs in a savepoint (desk.Tx.Within with an overlay that
// buffers the row's writes over the batch's transaction and flushes them
// only when the row succeeds): a rejected row leaves nothing behind and
// the batch goes on, at the cost of a copy of each key written. A
// domain error (desk.ErrInvalid, ErrConflict, ErrNotFound) rejects the
// row, as a RowError naming its line, column and field; any other error
// (the store failing) ends the import. A key seen twice in one file
// (compared as the store compares it, desk.ImportKey) rejects the later
// row. DryRun runs everything, then rolls back with job status dry_run.
//
// # Exporting
//
// Export writes one kind with exactly the columns import reads, streamed
// from one read transaction (for CSV, the custom field names come from
// their tally, or with filters from a first pass over the records). ExportAll and ImportAll dump and restore a whole store as
// JSON Lines, ids, versions, timestamps, log, jobs and id counters
// included; ImportAll validates every record with the domain's SetField,
// checks the whole store (desk.Check) and lands as one journaled unit.
// AtomicFile writes files by temp file, fsync, rename and directory fsync.
//
// # Caveats
//
//   - A blank cell means "not given": the default on create, the stored
//     value on update. Only Options.BlankClears (--blank clear) sends blank
//     cells to the domain, which then clears optional fields; with it, a
//     blank status on a row that creates an account is rejected.
//   - Duplicate-key detection keeps a 64-bit hash and a line number per
//     keyed row (about 20–40 bytes in a Go map): some 30 MB for a million
//     rows. A hash collision (probability about n²/2⁶⁵) would report a
//     row as a duplicate of an unrelated line; it never merges rows.
//   - encoding/csv turns CRLF inside a quoted cell into LF: a multi-line
//     value written with CRLF does not round-trip through CSV. JSON Lines
//     keeps it.
//   - Per-entity imports obey the rule as any write does, so a contact or
//     a ticket of an inactive account, a sub-account listed before its
//     parent, or an account whose manager is not imported yet is rejected.
//     Import in the order managers, accounts, contacts, links, tickets;
//     to move a store exactly, use ExportAll and ImportAll.
//   - With Key "id" (the restore path) contacts are not associated with an
//     account by email domain: the row's account_id stands.
//   - A JSON Lines column unknown to the mapper ends the import at its
//     line (a CSV header is checked before anything starts).
//   - Invalid UTF-8 ends the import: it means a wrong --encoding, and
//     rejecting row after row would only hide that.
//   - On a backend that caps transactions (etcd), a batch that is too
//     large is split and run again, and the smaller size is kept.
//   - ImportAll records no import job: it restores the dumped store's own
//     jobs, ids included, and its own would clash with them.
package transfer
