// Package importcmd is `deskctl import`: one file per verb — accounts,
// contacts, links, tickets and managers (Options, shared in options.go and
// run in run.go), all (restore a dump), history, show and recover. The
// work is done by package transfer; this package reads flags and the
// profile, opens the input and the store, draws the progress bar, writes
// the errors file atomically and reports.
//
// Output: rejected rows (the first 20, then a count) and a one-line
// summary on stderr; with -o json or jsonl the summary is also a JSON
// object on stdout (Summary). A progress bar (rows, rate, ETA) is drawn on
// stderr only when it is a terminal and --quiet is off.
//
// Exit codes: 0 when every row landed; 5 when rows were rejected (with or
// without --continue-on-error, and for --dry-run), or when the input
// cannot be read (unknown or duplicate columns, CSV syntax, invalid
// UTF-8); 2 for bad flags, a bad --map or profile, an unreadable input
// file; 4 for import all into a store that is not empty; 130 when
// interrupted (SIGINT or SIGTERM), after the import is rolled back.
//
// # Caveats
//
// The import.finished hook fires once, after an import whose rows landed
// (not after a dry run or a rolled-back import).
//
// The input file argument "-" is standard input; its size is unknown, so
// the progress bar shows rows and rate without an ETA.
//
// On etcd, an interrupted import is not rolled back automatically (see
// cmdutil's recovery): `deskctl import recover` does it when no import is
// running.
package importcmd
