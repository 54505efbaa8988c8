// Package hooks runs the admin's own commands after a write commits: the
// scriptable form of LiveVox's "function buttons".
//
// The config lists hooks as {on: EVENT, run: [ARGV...], timeout: DURATION}.
// An event is "<entity>.<action>" (account.created, contact.associated,
// import.finished, ...); a pattern matches it segment by segment, with "*"
// matching exactly one segment. Each matching hook runs once per event,
// with the event as one line of JSON on its stdin and DESKCTL_EVENT and
// DESKCTL_ID in its environment.
//
// # Caveats
//
// Hooks run after the commit, so a hook's failure can never undo a write;
// it is reported to the caller, who logs it. argv is executed directly, with
// no shell: write ["sh", "-c", "..."] to get one. A hook that outlives its
// timeout is killed with its whole process group.
package hooks
