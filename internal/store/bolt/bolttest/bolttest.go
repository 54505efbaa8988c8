// Package bolttest opens throwaway bbolt stores for tests.
package bolttest

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/bolt"
)

// Open returns a new store in a file of t's temporary directory, closed
// when the test ends. Its lock waits a second at most, so that a test that
// leaves a store open fails instead of hanging.
func Open(t testing.TB) *bolt.DB {
	t.Helper()
	db, err := bolt.Open(filepath.Join(t.TempDir(), "test.db"), store.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
