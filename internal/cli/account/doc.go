// Package account implements `deskctl account`, one file per verb: create,
// list, show, edit, delete, activate and deactivate (status.go), merge,
// stats, and the note group (note add, note list).
//
// Each verb follows one shape: NewCmdX(f, runF) binds flags into an
// XOptions struct, rejects malformed flags in RunE (usage errors, exit 2)
// before runF, and xRun does the work through the factory: f.View for
// reads, f.Update for writes (one transaction; --dry-run rolls it back),
// f.Printer for output, f.Done for the message on stderr. Every rule —
// validation, uniqueness, the Account → Contact → Ticket rule, cascades —
// is the domain's (internal/desk); this package only turns flags into
// desk calls and results into output.
//
// An account is named by id, exact name (case and spacing ignored),
// @domain or ext:EXTERNAL_ID, as desk.Tx.AccountID resolves it. Record is
// the printed form of an account, with the derived primary_domain; other
// nouns that print accounts (manager show) use it too.
//
// # Caveats
//
// Output options (-o, --fields, --jq and the configured columns) are
// checked by cmdutil.Factory.CheckedPrinter before the store is opened: a write that commits
// and then fails to print would exit 2 although it landed.
//
// create and edit join repeated --domain and --tag values with ';', the
// list separator of desk's text form (shared with CSV import), so
// `--tag "a;b"` is two tags.
//
// activate/deactivate print the accounts named on the command line only,
// not the sub-accounts that a deactivation cascades to: the domain does
// not report them, and a dry run (whose events are discarded) could not
// list them either.
//
// edit reads the account once more inside its transaction to tell an
// edit that changed nothing ("left account 1 unchanged at version 3") from
// one that wrote a new version.
package account
