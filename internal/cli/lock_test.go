package cli

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/bolt"
)

// TestStoreLock is the story of the store's lock between processes: the
// test process holds the bbolt file (for writing, then for reading) while
// real deskctl processes run against it. A writer that cannot get the
// lock gives up after --timeout with exit 6; readers share the file.
//
// It is a Go test rather than a testdata/script story because no deskctl
// command holds the store long enough to be run in the background; the
// extra script commands are:
//
//	holdstore read|write PATH   open the store in this process and keep it
//	                            open (a shared or an exclusive lock)
//	releasestore                close it
//	mark                        remember the time
//	elapsed MIN MAX             fail unless the time since mark is in
//	                            [MIN, MAX] (durations such as 200ms)
func TestStoreLock(t *testing.T) {
	if testBackend() != "bolt" {
		t.Skip("the lock between processes is bbolt's file lock")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "store_lock.txtar"), []byte(storeLockScript), 0o666); err != nil {
		t.Fatal(err)
	}
	p := scriptParams(t, dir)
	var held store.Store
	var mark time.Time
	release := func() {
		if held != nil {
			_ = held.Close()
			held = nil
		}
	}
	p.Cmds["holdstore"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 || (args[0] != "read" && args[0] != "write") {
			ts.Fatalf("usage: holdstore read|write PATH")
		}
		release()
		s, err := bolt.Open(ts.MkAbs(args[1]), store.Options{ReadOnly: args[0] == "read", Timeout: time.Second})
		ts.Check(err)
		held = s
		ts.Defer(release)
	}
	p.Cmds["releasestore"] = func(ts *testscript.TestScript, neg bool, args []string) { release() }
	p.Cmds["mark"] = func(ts *testscript.TestScript, neg bool, args []string) { mark = time.Now() }
	p.Cmds["elapsed"] = func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 2 {
			ts.Fatalf("usage: elapsed MIN MAX")
		}
		lo, err := time.ParseDuration(args[0])
		ts.Check(err)
		hi, err := time.ParseDuration(args[1])
		ts.Check(err)
		if d := time.Since(mark); d < lo || d > hi {
			ts.Fatalf("%v elapsed, want between %v and %v", d.Round(time.Millisecond), lo, hi)
		}
	}
	testscript.Run(t, p)
}

const storeLockScript = `# A store held for writing by another process: a writer waits --timeout,
# then exits 6 with a message saying so, and nothing is written.
exec deskctl account create --name Acme -q
exec deskctl account list -o json
cp stdout before.json

holdstore write $WORK/.local/share/deskctl/deskctl.db
mark
exits 6 deskctl account create --name Globex --timeout 200ms
elapsed 150ms 4s
stderr '^deskctl: another deskctl process holds the store .*deskctl.db: store is busy$'
stderr '^another deskctl process holds the store; try again, or wait longer with --timeout$'
! stdout .

# The error object says "busy"; the timeout comes from the environment too.
env DESKCTL_TIMEOUT=100ms
exits 6 deskctl account edit 1 --phone 1 -o json
stderr '^\{"error":\{"code":"busy","message":"another deskctl process holds the store .*: store is busy"\}\}$'
env DESKCTL_TIMEOUT=

# A reader waits for a writer too.
exits 6 deskctl account list --timeout 100ms

# Once the lock is released, the write goes through.
releasestore
exec deskctl account list -o json
cmp stdout before.json

# A store held for reading: readers share it, so two readers run at once;
# a writer still waits, then exits 6.
holdstore read $WORK/.local/share/deskctl/deskctl.db
exec deskctl account list --timeout 200ms
stdout '^1    Acme'
exec deskctl account show Acme --timeout 200ms --fields id
stdout '^id   1$'
exits 6 deskctl account delete 1 --yes --timeout 200ms
exits 6 deskctl manager create --name Mia --timeout 200ms
releasestore

exec deskctl account create --name Globex --timeout 200ms -q
exec deskctl account list -o jsonl --jq .name
stdout '^Globex$'
`
