// Package cli is the deskctl command line: the root command, its global
// flags, the registry of noun commands, and Main, which runs a command and
// turns its error into a message and an exit code.
//
// # Exit codes
//
// Commands return errors; they never print them and never call os.Exit.
// Run classifies the returned error with errors.Is against the table
// exitClasses in exitcode.go — the one place exit codes are decided — and
// prints "deskctl: <message>" on stderr, a hint on its own line, the usage
// for flag errors only, and with -o json/jsonl the JSON error object:
//
//	0 ok, 1 unexpected (also corrupt store, newer schema, declined prompt),
//	2 usage, 3 desk.ErrNotFound, 4 desk.ErrConflict or store.ErrConflict,
//	5 desk.ErrInvalid, 6 store.ErrBusy, 130 interrupted.
//
// `deskctl help exit-codes` prints the same table for users.
//
// # Adding a noun
//
// Write internal/cli/<noun> (a group command and one file per verb, each
// verb built as NewCmdX(f *cmdutil.Factory, runF func(*XOptions) error)),
// then add its constructor to the nouns list in commands.go. finishTree
// gives the group its behaviour for bare and unknown subcommands and turns
// argument-count errors into usage errors.
//
// # Caveats
//
// cobra.EnableTraverseRunHooks is switched on (a process-wide setting) so
// the root's PersistentPreRunE always runs, even below a noun that defines
// its own.
//
// Commands added to the tree after NewCmdRoot returns miss finishTree: add
// them through the nouns list.
//
// Panics are recovered only on the goroutine that runs the command; a
// command that starts goroutines must recover in them (or return errors).
//
// Shell completion (cobra's hidden __complete command) and `completion`
// skip the up-front config check, so TAB keeps completing commands and
// flags with a broken config file; a dynamic completion that opens the
// store still reads the config, and completes nothing if it is broken.
//
// Ctrl-C cancels the command's context and exits 130 once the command
// returns; a wait that ignores the context (bbolt's lock wait) ends at
// --timeout, or at a second Ctrl-C, which is no longer caught.
package cli
