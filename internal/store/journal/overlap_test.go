package journal

import (
	"context"
	"maps"
	"testing"

	"github.com/deskctl/deskctl/internal/store"
)

func putAll(t *testing.T, s store.Store, kv ...string) map[string]string {
	t.Helper()
	if err := s.Update(context.Background(), func(tx store.Tx) error {
		for i := 0; i < len(kv); i += 2 {
			if err := tx.Put([]byte(kv[i]), []byte(kv[i+1])); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return dump(t, s)
}

// A transaction's tail records are its newest chunk, replayed before its
// other records. Here a unit that holds ix/ with the tails ix/l/ and ix/
// (as a restore does) deletes the last ix/ key from inside a scan, then
// writes a new ix/ key: the ix/ tail's bound, learned after the delete,
// lies below the deleted key, whose own record must restore it after the
// tail's deletions (a helper's review found the order reversed).
func TestOverlappingTailsAcrossViews(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	before := putAll(t, s, "ix/a/1", "a", "ix/l/9", "nine")
	u, err := Begin(ctx, s, 1, "r")
	if err != nil {
		t.Fatal(err)
	}
	u.Hold(1<<20, "ix/")
	u.Tails("ix/l/", "ix/")
	if err := u.Update(ctx, func(tx store.Tx) error {
		return tx.Scan([]byte("ix/"), store.ScanOptions{}, func(k, _ []byte) error {
			if string(k) != "ix/a/1" {
				return nil
			}
			if err := tx.Delete([]byte("ix/l/9")); err != nil {
				return err
			}
			return tx.Put([]byte("ix/b/1"), []byte("new"))
		})
	}); err != nil {
		t.Fatal(err)
	}
	if err := u.Rollback(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if got := dump(t, s); !maps.Equal(got, before) {
		t.Errorf("after rollback %v, want %v", got, before)
	}
}

// Tail bounds come from the store, not from the buffer's view of it. A
// tail prefix that contains a held prefix, seen through the view, would
// hide a held delete of the prefix's last stored key (spilled: the merged
// scan skips it; in memory: the scan applies it first): the bound would
// lie below a key that was stored, and rollback would delete it.
func TestTailBoundComesFromTheStore(t *testing.T) {
	ctx := context.Background()
	for _, budget := range []int{1, 1 << 20} {
		s := openStore(t)
		before := putAll(t, s, "ix/0/1", "zero", "ix/a/9", "nine")
		u, err := Begin(ctx, s, 1, "r")
		if err != nil {
			t.Fatal(err)
		}
		u.Hold(budget, "ix/a/")
		u.Tails("ix/")
		for _, fn := range []func(store.Tx) error{
			func(tx store.Tx) error { return tx.Delete([]byte("ix/a/9")) },
			func(tx store.Tx) error { return tx.Put([]byte("ix/0/5"), []byte("new")) },
		} {
			if err := u.Update(ctx, fn); err != nil {
				t.Fatal(err)
			}
		}
		if err := u.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		if err := u.Rollback(ctx, nil); err != nil {
			t.Fatal(err)
		}
		if got := dump(t, s); !maps.Equal(got, before) {
			t.Errorf("budget %d: after rollback %v, want %v", budget, got, before)
		}
	}
}
