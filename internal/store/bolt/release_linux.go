//go:build linux

package bolt

import (
	"os"

	"golang.org/x/sys/unix"
)

// releaseMapping drops the store file's pages from the process's resident
// set after a write transaction. bbolt maps the whole file; a bulk import
// touches most of it, and those file-backed pages would otherwise count in
// the process's RSS (a million-account import: ~340 MB instead of ~160 MB)
// although the kernel can drop them at will. The pages stay in the page
// cache, so the next access is a minor fault, not a disk read. A read
// transaction is held meanwhile: bbolt cannot remap the file under it.
func (db *DB) releaseMapping() {
	tx, err := db.bolt.Begin(false)
	if err != nil {
		return
	}
	defer func() { _ = tx.Rollback() }()
	n := int(tx.Size())
	n -= n % os.Getpagesize()
	data := db.bolt.Info().Data
	if n <= 0 || data == 0 {
		return
	}
	// The raw syscall takes the address as bbolt reports it, with no
	// pointer conversion for the garbage collector to worry about.
	_, _, _ = unix.Syscall(unix.SYS_MADVISE, data, uintptr(n), unix.MADV_DONTNEED)
}
