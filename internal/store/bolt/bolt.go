package bolt

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"syscall"

	"go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"github.com/deskctl/deskctl/internal/store"
)

var (
	_ store.Store     = (*DB)(nil)
	_ store.Backuper  = (*DB)(nil)
	_ store.Exclusive = (*DB)(nil)
)

// Top-level buckets; see doc.go, "Layout".
var (
	bucketKeys   = []byte("keys")   // plain keys
	bucketGroups = []byte("groups") // one bucket per group of keys
	bucketSeq    = []byte("seq")    // named sequences
	bucketKV     = []byte("kv")     // every key, in files of the flat layout
)

// DB is a store in one bbolt file. It is safe for concurrent use by several
// goroutines; bbolt runs one Update at a time and any number of Views.
type DB struct {
	bolt     *bbolt.DB
	path     string
	readOnly bool
	// roomy holds the prefixes of ReserveRoom.
	roomy atomic.Pointer[[][]byte]

	closeOnce sync.Once
	closeErr  error
}

// Open opens the store file at path, creating it (mode 0600, parent
// directory 0700) when it is missing and opts.ReadOnly is not set. A
// read-only open of a missing file returns an error wrapping os.ErrNotExist,
// so the caller decides whether an absent store is empty or an error.
//
// Open waits up to opts.Timeout for the file lock, then returns an error
// wrapping store.ErrBusy; a file that is not a deskctl store or is damaged
// gives an error wrapping store.ErrCorrupt.
func Open(path string, opts store.Options) (db *DB, err error) {
	if opts.ReadOnly {
		info, err := os.Stat(path)
		if err != nil {
			return nil, fmt.Errorf("open store: %w", err)
		}
		if info.IsDir() {
			// bbolt would read the directory as a file and call it invalid.
			return nil, fmt.Errorf("open store %s: %w", path, syscall.EISDIR)
		}
		if info.Size() == 0 {
			// bbolt would try to initialise the file and fail to write.
			return nil, fmt.Errorf("store %s is an empty file: %w", path, store.ErrCorrupt)
		}
	} else if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("create store directory: %w", err)
	}

	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			db, err = nil, corruptError(path, r)
		}
	}()
	b, err := bbolt.Open(path, 0o600, &bbolt.Options{
		Timeout:  opts.Timeout,
		ReadOnly: opts.ReadOnly,
	})
	if err != nil {
		return nil, openError(path, err)
	}
	b.AllocSize = allocSize
	db = &DB{bolt: b, path: path, readOnly: opts.ReadOnly}
	if err := db.init(); err != nil {
		_ = b.Close()
		return nil, err
	}
	return db, nil
}

// allocSize is how much the file grows by when it needs pages: bbolt's
// default, 16 MiB, leaves up to that much unused at the end of the file
// after a load (5 % of a million accounts' store). Growing by 1 MiB costs
// an extra truncate and fsync per MiB written, which a load does not
// notice: a million accounts imported in 20.4 and 20.6 s against 22.0
// and 21.6 s at 16 MiB, alternating.
const allocSize = 1 << 20

// ReserveRoom implements store.RoomReserver: a group whose name starts
// with one of prefixes packs appended pages to roomyFill instead of full.
// Prefixes longer than a group name (its key through the second '/')
// match nothing.
func (db *DB) ReserveRoom(prefixes [][]byte) {
	own := make([][]byte, len(prefixes))
	for i, p := range prefixes {
		own[i] = bytes.Clone(p)
	}
	db.roomy.Store(&own)
}

// openError turns bbolt's open errors into the contract's.
func openError(path string, err error) error {
	var errno syscall.Errno
	var pathErr *fs.PathError
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return fmt.Errorf("another deskctl process holds the store %s: %w", path, store.ErrBusy)
	case errors.As(err, &pathErr), errors.As(err, &errno):
		// The operating system said no (permissions, a directory, ...).
		return fmt.Errorf("open store %s: %w", path, err)
	default:
		// Everything else bbolt reports at open is about the content:
		// invalid meta pages, a checksum, a version, a file too small.
		return fmt.Errorf("store %s: %v: %w", path, err, store.ErrCorrupt)
	}
}

// corruptError describes a panic raised by bbolt on an inconsistent file.
func corruptError(path string, r any) error {
	return fmt.Errorf("store %s: %v: %w", path, r, store.ErrCorrupt)
}

// init checks the file's length and buckets, and creates the buckets of a
// new file. It writes only when a bucket is missing: a commit costs fsyncs.
func (db *DB) init() error {
	complete := false
	err := db.bolt.View(func(tx *bbolt.Tx) error {
		info, err := os.Stat(db.path)
		if err != nil {
			return fmt.Errorf("open store: %w", err)
		}
		if info.Size() < tx.Size() {
			return fmt.Errorf("store %s is truncated: %d bytes, its pages need %d: %w",
				db.path, info.Size(), tx.Size(), store.ErrCorrupt)
		}
		flat, keys := tx.Bucket(bucketKV) != nil, tx.Bucket(bucketKeys) != nil
		if !flat && !keys {
			if k, _ := tx.Cursor().First(); k != nil {
				return fmt.Errorf("%s holds bbolt data of another program: %w", db.path, store.ErrCorrupt)
			}
		}
		complete = tx.Bucket(bucketSeq) != nil && (flat || tx.Bucket(bucketGroups) != nil)
		return nil
	})
	if err != nil || complete || db.readOnly {
		return err
	}
	return db.bolt.Update(func(tx *bbolt.Tx) error {
		names := [][]byte{bucketKeys, bucketGroups, bucketSeq}
		if tx.Bucket(bucketKV) != nil {
			names = [][]byte{bucketSeq}
		}
		for _, name := range names {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("store %s: %w", db.path, err)
			}
		}
		return nil
	})
}

// Path returns the file the store lives in.
func (db *DB) Path() string { return db.path }

// View runs fn in a read-only transaction.
func (db *DB) View(ctx context.Context, fn func(store.Tx) error) error {
	return db.run(ctx, false, fn)
}

// Update runs fn in a read-write transaction. On a store opened read-only
// it returns store.ErrReadOnly without calling fn.
func (db *DB) Update(ctx context.Context, fn func(store.Tx) error) error {
	if db.readOnly {
		return fmt.Errorf("update %s: %w", db.path, store.ErrReadOnly)
	}
	return db.run(ctx, true, fn)
}

// run is View and Update. Panics from bbolt become store.ErrCorrupt; a
// panic from fn is re-raised once bbolt has rolled the transaction back.
func (db *DB) run(ctx context.Context, writable bool, fn func(store.Tx) error) (err error) {
	if err := ctx.Err(); err != nil {
		return err
	}
	inFn := false
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			if inFn {
				panic(r)
			}
			err = corruptError(db.path, r)
		}
	}()
	body := func(btx *bbolt.Tx) error {
		t := &tx{btx: btx, kv: btx.Bucket(bucketKV), seq: btx.Bucket(bucketSeq), path: db.path}
		if r := db.roomy.Load(); r != nil {
			t.roomy = *r
		}
		if t.kv == nil {
			t.kv, t.groups = btx.Bucket(bucketKeys), btx.Bucket(bucketGroups)
			if t.kv == nil {
				t.groups = nil // a file without buckets yet, read-only
			}
		}
		inFn = true
		err := fn(t)
		inFn = false
		if err != nil {
			return err
		}
		return t.err
	}
	if writable {
		err := db.bolt.Update(body)
		db.releaseMapping()
		return err
	}
	return db.bolt.View(body)
}

// Exclusive reports whether this open holds the file's write lock, which
// keeps every other process out until Close.
func (db *DB) Exclusive() bool { return !db.readOnly }

// Close releases the file and its lock. Calling it again returns the
// first result.
func (db *DB) Close() error {
	db.closeOnce.Do(func() { db.closeErr = db.bolt.Close() })
	return db.closeErr
}
