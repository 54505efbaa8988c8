// Package trusttest holds the end-to-end tests of what deskctl promises an
// admin who runs it unattended (docs/reliability.md): several real deskctl
// processes writing one store at once lose nothing and let nothing through
// that should not pass; faults of the disk and the file system give a clear
// message and an exit code, never a damaged store; a store of the oldest
// schema still opens.
//
// The package has no code of its own: its tests build the deskctl binary
// once (go build into a temporary directory) and run it as admins' scripts
// do. The script stories of the same promises are in
// testdata/script/trust_*.txtar (run by internal/cli).
//
// # Caveats
//
// The tests start hundreds of processes and fsync on every commit; they
// are skipped with -short. Counts are tuned to stay within about a minute
// on a loaded two-core machine.
package trusttest
