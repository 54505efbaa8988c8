// Package export is `deskctl export`: one file per verb — accounts,
// contacts, tickets, links, managers (Options, run in options.go) and all.
// Package transfer writes the data; this package reads the filters and
// formats and chooses the destination: standard output, or with --file an
// atomic file (temp file in the same directory, fsync, rename, directory
// fsync) that replaces the target only once complete.
//
// The data format is --format, else -o when it is csv, json or jsonl, else
// csv. A message on stderr says how many records went to --file; nothing
// is printed besides the data when writing to stdout.
//
// # Caveats
//
// --escape-formulas changes the cells (a leading '), so an escaped file is
// for spreadsheets, not for `deskctl import`.
//
// Exports open the store read-only and read it in one transaction: on
// bbolt a long export delays writers (they wait for --timeout, then exit
// 6), as any reader does.
package export
