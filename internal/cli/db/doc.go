// Package db implements `deskctl db`: maintenance of the store itself.
//
//   - check walks the whole store and verifies every index and every clause
//     of the Account → Contact → Ticket rule (desk.Desk.Check), after the
//     backend's own consistency check when it has one (bbolt's page check).
//     It prints one problem per line on stdout, or "ok: ..." with the
//     record counts, and exits 1 (JSON error code "corrupt") when anything
//     is wrong, so that cron can alert on it.
//   - backup FILE writes a consistent copy of the store while others read
//     and write (store.Backuper; the bbolt backend implements it), to a
//     temporary file renamed into place, and prints its path and size.
//   - stats prints the record counts per kind and, for bbolt, the file's
//     size.
//
// All three open the store read-only.
//
// # Caveats
//
// backup refuses to overwrite an existing file without --force (exit 2,
// like a destructive command without --yes), and is refused on a backend
// without Backuper (etcd keeps its own snapshots: use etcdctl, or
// `deskctl export all`). check reads every record and index entry: on a
// large store it takes as long as reading the file.
package db
