package bolt

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"go.etcd.io/bbolt"

	"github.com/deskctl/deskctl/internal/store"
)

// Backup writes a consistent copy of the store to path, atomically: the
// copy goes to a temporary file in the same directory, is synced, renamed
// over path and the directory synced, so path holds either the old file or
// the whole new copy. The copy has mode 0600 and is a store Open accepts.
// Backup runs in a read transaction: readers and the writer carry on.
func (db *DB) Backup(ctx context.Context, path string) (err error) {
	if err := ctx.Err(); err != nil {
		return err
	}
	if same, err := db.isStoreFile(path); err != nil || same {
		if err == nil {
			err = errors.New("it is the store itself")
		}
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(f.Name())
		}
	}()
	// CreateTemp makes the file 0600 already; say so for the reader.
	if err := f.Chmod(0o600); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	err = db.view(func(tx *bbolt.Tx) error {
		_, err := tx.WriteTo(f)
		return err
	})
	if err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return syncDir(dir)
}

// isStoreFile reports whether path names the store's own file.
func (db *DB) isStoreFile(path string) (bool, error) {
	target, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	self, err := os.Stat(db.path)
	if err != nil {
		return false, err
	}
	return os.SameFile(target, self), nil
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// Stats is a small summary of a store file, for `db stats`.
type Stats struct {
	// Path is the store file.
	Path string
	// FileSize is the size of the file in bytes.
	FileSize int64
	// Keys is the number of keys in the keyspace.
	Keys int
	// Sequences is the number of named sequences.
	Sequences int
}

// Stats returns the size of the file and how many keys it holds.
func (db *DB) Stats(ctx context.Context) (Stats, error) {
	s := Stats{Path: db.path}
	if err := ctx.Err(); err != nil {
		return s, err
	}
	info, err := os.Stat(db.path)
	if err != nil {
		return s, fmt.Errorf("stats: %w", err)
	}
	s.FileSize = info.Size()
	err = db.view(func(tx *bbolt.Tx) error {
		for _, name := range [][]byte{bucketKV, bucketKeys} {
			if b := tx.Bucket(name); b != nil {
				s.Keys += b.Stats().KeyN
			}
		}
		if b := tx.Bucket(bucketGroups); b != nil {
			// The count includes the groups' own entries (each is a key
			// of groups, and a bucket: BucketN counts groups itself too).
			st := b.Stats()
			s.Keys += st.KeyN - (st.BucketN - 1)
		}
		if b := tx.Bucket(bucketSeq); b != nil {
			s.Sequences = b.Stats().KeyN
		}
		return nil
	})
	return s, err
}

// Check runs bbolt's consistency check over the whole file: every page
// reachable once, free pages not in use, keys in order. It returns nil or an
// error wrapping store.ErrCorrupt that lists the first problems found.
func (db *DB) Check(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	const maxProblems = 10
	var problems []string
	err := db.view(func(tx *bbolt.Tx) error {
		for err := range tx.Check() {
			if len(problems) < maxProblems {
				problems = append(problems, err.Error())
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return fmt.Errorf("store %s: %s: %w", db.path, strings.Join(problems, "; "), store.ErrCorrupt)
	}
	return nil
}

// view runs fn in a bare bbolt read transaction, turning panics into
// store.ErrCorrupt; fn is this package's own code, never the caller's.
func (db *DB) view(fn func(*bbolt.Tx) error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = corruptError(db.path, r)
		}
	}()
	return db.bolt.View(fn)
}
