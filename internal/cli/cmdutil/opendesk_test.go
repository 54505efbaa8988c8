package cmdutil

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/deskctl/deskctl/internal/store"
)

func TestDeskReadCreatesMissingStore(t *testing.T) {
	dir := isolate(t)
	f := newFactory(t)
	d, err := f.Desk(context.Background(), false)
	if err != nil {
		t.Fatalf("read on a fresh machine: %v", err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "data", "deskctl", "deskctl.db")
	info, err := os.Stat(path)
	if err != nil {
		t.Fatalf("store not created: %v", err)
	}
	if mode := info.Mode().Perm(); mode != 0o600 {
		t.Errorf("store mode = %v, want 0600", mode)
	}
	// The store is opened read-only: a write through it must fail.
	d, err = f.Desk(context.Background(), false)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	err = d.Store().Update(context.Background(), func(tx store.Tx) error { return tx.Put([]byte("k"), []byte("v")) })
	if !errors.Is(err, store.ErrReadOnly) {
		t.Errorf("write through a read Desk: err = %v, want ErrReadOnly", err)
	}
}

func TestDeskReadersShare(t *testing.T) {
	isolate(t)
	f := newFactory(t, "--timeout", "200ms")
	ctx := context.Background()
	w, err := f.Desk(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	r1, err := f.Desk(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	defer r1.Close()
	r2, err := f.Desk(ctx, false)
	if err != nil {
		t.Fatalf("second reader: %v", err)
	}
	r2.Close()
}

func TestDeskWriterBusy(t *testing.T) {
	isolate(t)
	f := newFactory(t, "--timeout", "100ms")
	ctx := context.Background()
	held, err := f.Desk(ctx, true)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	start := time.Now()
	_, err = f.Desk(ctx, true)
	if !errors.Is(err, store.ErrBusy) {
		t.Fatalf("second writer: err = %v, want ErrBusy", err)
	}
	// bbolt polls the lock every 50ms and may give up one poll early.
	if waited := time.Since(start); waited < 50*time.Millisecond {
		t.Errorf("gave up after %v: --timeout not applied", waited)
	}
}

func TestDeskBadStoreURL(t *testing.T) {
	isolate(t)
	_, err := newFactory(t, "--store", "mysql://x").Desk(context.Background(), false)
	if !errors.Is(err, ErrUsage) {
		t.Fatalf("err = %v, want a usage error", err)
	}
	if _, statErr := os.Stat(DefaultDBPath()); !errors.Is(statErr, os.ErrNotExist) {
		t.Errorf("a bbolt file was created for an unsupported URL")
	}
}

func TestDeskNotAStore(t *testing.T) {
	dir := isolate(t)
	path := filepath.Join(dir, "junk.db")
	if err := os.WriteFile(path, []byte("this is not a bbolt file, not at all, no"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, write := range []bool{false, true} {
		_, err := newFactory(t, "--db", path).Desk(context.Background(), write)
		if !errors.Is(err, store.ErrCorrupt) {
			t.Errorf("write=%v: err = %v, want ErrCorrupt", write, err)
		}
	}
}
