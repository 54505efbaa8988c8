package bolt_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/bolt"
	"github.com/deskctl/deskctl/internal/store/storetest"
)

// open opens path read-write and closes it, after bbolt's consistency
// check, when the test ends.
func open(t testing.TB, path string, opts store.Options) *bolt.DB {
	t.Helper()
	if opts.Timeout == 0 {
		opts.Timeout = time.Second
	}
	db, err := bolt.Open(path, opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if _, ok := closed.Load(db); ok {
			return
		}
		if err := db.Check(context.Background()); err != nil {
			t.Errorf("Check: %v", err)
		}
		db.Close()
	})
	return db
}

// closed holds the stores the test closed itself.
var closed sync.Map

func openTemp(t testing.TB) store.Store {
	return open(t, filepath.Join(t.TempDir(), "deskctl.db"), store.Options{})
}

func TestConformance(t *testing.T) {
	storetest.Run(t, openTemp, storetest.WithReopen(func(t testing.TB, s store.Store) store.Store {
		db := s.(*bolt.DB)
		closed.Store(db, true)
		if err := db.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
		return open(t, db.Path(), store.Options{})
	}))
}

func BenchmarkStore(b *testing.B) {
	storetest.Bench(b, openTemp)
}

// fill writes n keys to a new store file at path and closes it.
func fill(t *testing.T, path string, n int) {
	t.Helper()
	db, err := bolt.Open(path, store.Options{Timeout: time.Second})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer db.Close()
	err = db.Update(context.Background(), func(tx store.Tx) error {
		if _, err := tx.NextSequence("ticket"); err != nil {
			return err
		}
		for i := range n {
			if err := tx.Put(fmt.Appendf(nil, "k/%05d", i), []byte(strings.Repeat("v", 100))); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
}

func TestOpenCreatesPrivateFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "deskctl")
	path := filepath.Join(dir, "deskctl.db")
	open(t, path, store.Options{})
	for _, c := range []struct {
		path string
		mode os.FileMode
	}{{dir, 0o700 | os.ModeDir}, {path, 0o600}} {
		info, err := os.Stat(c.path)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode() != c.mode {
			t.Errorf("%s has mode %v, want %v", c.path, info.Mode(), c.mode)
		}
	}
}

func TestOpenReadOnlyMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing.db")
	_, err := bolt.Open(path, store.Options{ReadOnly: true})
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("read-only Open of a missing file: %v, want os.ErrNotExist", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Error("a read-only Open created the file")
	}
}

func TestBusy(t *testing.T) {
	path := filepath.Join(t.TempDir(), "deskctl.db")
	open(t, path, store.Options{})
	for _, ro := range []bool{false, true} {
		start := time.Now()
		_, err := bolt.Open(path, store.Options{ReadOnly: ro, Timeout: 50 * time.Millisecond})
		if !errors.Is(err, store.ErrBusy) || !strings.Contains(err.Error(), path) {
			t.Errorf("Open (read-only %v) while a writer holds the store: %v, want ErrBusy naming the file", ro, err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("Open waited %v with a 50ms timeout", d)
		}
	}
}

func TestReadOnlyOpensShare(t *testing.T) {
	path := filepath.Join(t.TempDir(), "deskctl.db")
	fill(t, path, 10)
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ro := store.Options{ReadOnly: true, Timeout: 50 * time.Millisecond}
	var dbs []*bolt.DB
	for range 2 {
		db, err := bolt.Open(path, ro)
		if err != nil {
			t.Fatalf("read-only Open: %v", err)
		}
		dbs = append(dbs, db)
	}
	for _, db := range dbs {
		err := db.View(context.Background(), func(tx store.Tx) error {
			_, err := tx.Get([]byte("k/00003"))
			return err
		})
		if err != nil {
			t.Errorf("View on a read-only store: %v", err)
		}
		err = db.Update(context.Background(), func(tx store.Tx) error { return nil })
		if !errors.Is(err, store.ErrReadOnly) {
			t.Errorf("Update on a read-only store: %v, want ErrReadOnly", err)
		}
	}
	if _, err := bolt.Open(path, store.Options{Timeout: 50 * time.Millisecond}); !errors.Is(err, store.ErrBusy) {
		t.Errorf("read-write Open while readers hold the store: %v, want ErrBusy", err)
	}
	for _, db := range dbs {
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(before) != string(after) {
		t.Error("read-only use changed the store file")
	}
}

func TestBackup(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "deskctl.db")
	fill(t, path, 500)
	db := open(t, path, store.Options{ReadOnly: true})
	backup := filepath.Join(dir, "backup.db")
	if err := os.WriteFile(backup, []byte("old backup"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := db.Backup(context.Background(), backup); err != nil {
		t.Fatalf("Backup: %v", err)
	}
	info, err := os.Stat(backup)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode() != 0o600 {
		t.Errorf("backup has mode %v, want 0600", info.Mode())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("directory holds %d files after Backup, want the store and the backup", len(entries))
	}
	copied := open(t, backup, store.Options{ReadOnly: true})
	stats, err := copied.Stats(context.Background())
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	if stats.Keys != 500 || stats.Sequences != 1 || stats.FileSize == 0 {
		t.Errorf("backup Stats = %+v, want 500 keys and 1 sequence", stats)
	}
	if err := db.Backup(context.Background(), path); err == nil {
		t.Error("Backup over the store's own file succeeded")
	}
}

func TestStats(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "deskctl.db"), store.Options{})
	err := db.Update(context.Background(), func(tx store.Tx) error {
		for _, k := range []string{"a", "b", "c"} {
			if err := tx.Put([]byte(k), nil); err != nil {
				return err
			}
		}
		_, err := tx.NextSequence("s")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	s, err := db.Stats(context.Background())
	if err != nil {
		t.Fatalf("Stats: %v", err)
	}
	if s.Keys != 3 || s.Sequences != 1 || s.Path != db.Path() || s.FileSize <= 0 {
		t.Errorf("Stats = %+v", s)
	}
}
