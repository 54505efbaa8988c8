// Package completion is `deskctl completion SHELL`: it prints the shell
// completion script that cobra generates from the command tree.
//
// # Caveats
//
// The scripts call back into deskctl (the hidden __complete command) at
// every TAB, so completions always match the installed binary, and dynamic
// completions (account names, ids) cost one read-only store open each.
//
// The bash script is cobra's "V2" script, which needs the bash-completion
// package (v2.11+ recommended); without it, bash completes only command and
// flag names.
package completion
