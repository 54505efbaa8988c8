package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/deskctl/deskctl/internal/cli/cmdutil"
	"github.com/deskctl/deskctl/internal/desk"
	"github.com/deskctl/deskctl/internal/output"
	"github.com/deskctl/deskctl/internal/store"
)

// The exit codes of deskctl. They are part of its interface: scripts test
// them, so a code never changes meaning.
const (
	ExitOK          = 0   // success
	ExitError       = 1   // unexpected failure, damaged store, newer schema, declined prompt
	ExitUsage       = 2   // bad command line, flags, arguments or configuration
	ExitNotFound    = 3   // a referenced record does not exist
	ExitConflict    = 4   // uniqueness or Account → Contact → Ticket rule, stale --if-version
	ExitInvalid     = 5   // invalid input: a bad field value, rejected import rows
	ExitBusy        = 6   // the store lock was not obtained within --timeout
	ExitInterrupted = 130 // interrupted by SIGINT or SIGTERM (128 + SIGINT, as shells report)
)

// exitClass is one row of the error → exit code mapping.
type exitClass struct {
	exit int
	code string  // stable machine-readable code of the JSON error object
	is   []error // the error matches the class when errors.Is any of these
	hint string  // printed when the error carries no hint of its own
}

// exitClasses is THE mapping from errors to exit codes, in match order; the
// first class that matches wins. `deskctl help exit-codes` is generated from
// exitCodeDocs below, which must stay in step.
var exitClasses = []exitClass{
	{exit: ExitInterrupted, code: "interrupted", is: []error{context.Canceled}},
	{exit: ExitUsage, code: "usage", is: []error{
		cmdutil.ErrUsage,
		// The writers' own usage errors: -o yaml, --fields nope, bad --jq.
		output.ErrUnknownFormat, output.ErrUnknownField, output.ErrDuplicateField,
		output.ErrJQFormat, output.ErrInvalidJQ,
	}},
	{exit: ExitNotFound, code: "not_found", is: []error{desk.ErrNotFound}},
	{exit: ExitConflict, code: "conflict", is: []error{desk.ErrConflict, store.ErrConflict}},
	{exit: ExitInvalid, code: "invalid", is: []error{desk.ErrInvalid}},
	{exit: ExitBusy, code: "busy", is: []error{store.ErrBusy},
		hint: "another deskctl process holds the store; try again, or wait longer with --timeout"},
	{exit: ExitError, code: "schema_too_new", is: []error{desk.ErrSchemaTooNew},
		hint: "this store was written by a newer deskctl: upgrade deskctl (see `deskctl version`)"},
	{exit: ExitError, code: "corrupt", is: []error{store.ErrCorrupt},
		hint: "check --db (or DESKCTL_DB) names a deskctl store; restore a backup if it is damaged"},
	{exit: ExitError, code: "too_large", is: []error{store.ErrTooLarge},
		hint: "the etcd cluster caps one transaction: raise its --max-txn-ops and --max-request-bytes and set etcd.max_txn_ops / etcd.max_request_bytes to match (see docs/etcd.md)"},
	{exit: ExitError, code: "cancelled", is: []error{cmdutil.ErrCancelled}},
	{exit: ExitError, code: "jq", is: []error{output.ErrJQ}},
}

// internalClass is the class of every error no other class matches.
var internalClass = exitClass{exit: ExitError, code: "internal"}

// classify returns the class of err.
func classify(err error) exitClass {
	for _, c := range exitClasses {
		for _, target := range c.is {
			if errors.Is(err, target) {
				return c
			}
		}
	}
	return internalClass
}

// exitCodeDocs is the text of `deskctl help exit-codes`.
const exitCodeDocs = `deskctl exits with one of these codes. Scripts may rely on them: a code
never changes meaning.

  0    success
  1    unexpected error; also a damaged or foreign store file (code "corrupt"),
       a store written by a newer deskctl ("schema_too_new"), a declined
       confirmation prompt ("cancelled"), a --jq expression that fails
       while it runs ("jq"), a write larger than the etcd cluster accepts
       in one transaction ("too_large"), a failed hook with --strict-hooks
  2    usage: unknown command, bad flag or argument, missing required flag,
       a bad -o/--fields/--jq value, a bad configuration value, a destructive
       command run without --yes when input is not a terminal
  3    not found: a record named on the command line does not exist
  4    conflict: a name, domain, email or external id is already taken, a
       write would break the Account → Contact → Ticket rule, or --if-version
       is stale
  5    invalid input: a bad field value, rejected import rows
  6    busy: the store's lock was not obtained within --timeout (default 5s)
  130  interrupted (Ctrl-C or SIGTERM); nothing half-written is kept

Errors are printed on stderr as "deskctl: <message>", followed by a hint on
its own line when there is one. With -o json or -o jsonl the error is also
written on stderr as one JSON object:

  {"error":{"code":"not_found","message":"..."}}

where code is one of: usage, not_found, conflict, invalid, busy,
schema_too_new, corrupt, too_large, cancelled, jq, interrupted, internal.
`

// reportError prints err on stderr and returns its exit code. usage is the
// usage text of the failing command, printed after flag errors only.
func reportError(w io.Writer, jsonErrors bool, err error, usage func() string) int {
	class := classify(err)
	msg := strings.TrimRight(err.Error(), "\n")
	if class.code == "interrupted" {
		msg = "interrupted"
	}
	// Messages quote what users typed and what files hold: escape control
	// characters so that no error can rewrite the terminal. The JSON
	// object keeps the message exact (JSON escapes them itself).
	fmt.Fprintf(w, "deskctl: %s\n", output.SanitizeText(msg))
	hint := cmdutil.Hint(err)
	if hint == "" {
		hint = class.hint
	}
	if hint != "" {
		fmt.Fprintln(w, output.SanitizeText(hint))
	}
	var fe *cmdutil.FlagError
	if errors.As(err, &fe) && usage != nil {
		fmt.Fprintf(w, "\n%s", usage())
	}
	if jsonErrors {
		_ = output.WriteError(w, class.code, msg)
	}
	return class.exit
}
