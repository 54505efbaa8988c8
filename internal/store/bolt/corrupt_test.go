package bolt_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.etcd.io/bbolt"

	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/bolt"
)

// damage makes a store file at path in one of several broken ways.
var damage = map[string]func(t *testing.T, path string){
	"text file": func(t *testing.T, path string) {
		write(t, path, []byte("name,email\nAcme,info@acme.example\n"))
	},
	"garbage": func(t *testing.T, path string) {
		write(t, path, []byte(strings.Repeat("\xab\xcd", 64<<10)))
	},
	"truncated": func(t *testing.T, path string) {
		fill(t, path, 2000)
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(path, info.Size()/2); err != nil {
			t.Fatal(err)
		}
	},
	"scribbled pages": func(t *testing.T, path string) {
		fill(t, path, 2000)
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		info, _ := f.Stat()
		// Keep the two meta pages, overwrite everything after them.
		junk := []byte(strings.Repeat("\xab", int(info.Size())-2*os.Getpagesize()))
		if _, err := f.WriteAt(junk, int64(2*os.Getpagesize())); err != nil {
			t.Fatal(err)
		}
	},
	"another program's bbolt file": func(t *testing.T, path string) {
		db, err := bbolt.Open(path, 0o600, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		err = db.Update(func(tx *bbolt.Tx) error {
			_, err := tx.CreateBucket([]byte("widgets"))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	},
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestCorrupt checks that damaged files give ErrCorrupt naming the file,
// at Open or at the first transaction that meets the damage, and never
// crash the process.
func TestCorrupt(t *testing.T) {
	for name, spoil := range damage {
		for _, ro := range []bool{false, true} {
			t.Run(name+map[bool]string{false: "", true: " read-only"}[ro], func(t *testing.T) {
				path := filepath.Join(t.TempDir(), "deskctl.db")
				spoil(t, path)
				err := openAndScan(path, ro)
				if !errors.Is(err, store.ErrCorrupt) || !strings.Contains(err.Error(), path) {
					t.Errorf("got %v, want ErrCorrupt naming the file", err)
				}
			})
		}
	}
}

func openAndScan(path string, ro bool) error {
	db, err := bolt.Open(path, store.Options{ReadOnly: ro})
	if err != nil {
		return err
	}
	defer db.Close()
	return db.View(context.Background(), func(tx store.Tx) error {
		return tx.Scan(nil, store.ScanOptions{}, func(k, v []byte) error { return nil })
	})
}

func TestEmptyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "deskctl.db")
	write(t, path, nil)
	if _, err := bolt.Open(path, store.Options{ReadOnly: true}); !errors.Is(err, store.ErrCorrupt) {
		t.Errorf("read-only Open of an empty file: %v, want ErrCorrupt", err)
	}
	// A read-write open makes an empty file a new store.
	open(t, path, store.Options{})
}

// TestTruncatedWhileOpen cuts the file under an open store: reading the
// lost pages faults in the memory map, which must become ErrCorrupt.
func TestTruncatedWhileOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "deskctl.db")
	fill(t, path, 2000)
	db, err := bolt.Open(path, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := os.Truncate(path, int64(2*os.Getpagesize())); err != nil {
		t.Fatal(err)
	}
	err = db.View(context.Background(), func(tx store.Tx) error {
		return tx.Scan(nil, store.ScanOptions{}, func(k, v []byte) error { return nil })
	})
	if !errors.Is(err, store.ErrCorrupt) {
		t.Errorf("View over a truncated file: %v, want ErrCorrupt", err)
	}
}

// TestPanicInFunction checks that the caller's own panic is not taken
// for damage.
func TestPanicInFunction(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "deskctl.db"), store.Options{})
	defer func() {
		if r := recover(); r != "mine" {
			t.Errorf("recovered %v, want the function's panic", r)
		}
	}()
	_ = db.View(context.Background(), func(tx store.Tx) error { panic("mine") })
}
