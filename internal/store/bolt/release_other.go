//go:build !linux

package bolt

// releaseMapping is a no-op where the file mapping's pages are not worth
// releasing by hand (see release_linux.go).
func (db *DB) releaseMapping() {}
