package bolt_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"path/filepath"
	"testing"

	"go.etcd.io/bbolt"

	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/bolt"
)

// Records loaded in id order, then a fifth of them rewritten 12 bytes
// larger (an edit adds an update time and a version): a group packed
// full splits nearly every page in two, one given room by ReserveRoom
// keeps its pages.
func TestReservedRoomKeepsEditsFromSplitting(t *testing.T) {
	path := filepath.Join(t.TempDir(), "room.db")
	db := open(t, path, store.Options{})
	db.ReserveRoom([][]byte{[]byte("rec/roomy/")})
	ctx := context.Background()
	const n = 20_000
	key := func(group string, i int) []byte {
		return binary.BigEndian.AppendUint64([]byte("rec/"+group+"/"), uint64(i))
	}
	// Records of 80 to 120 bytes, as contacts are, fill pages to within
	// a record's size of full.
	write := func(from, to, step, grow int) {
		t.Helper()
		if err := db.Update(ctx, func(tx store.Tx) error {
			for i := from; i < to; i += step {
				for _, g := range []string{"roomy", "packed"} {
					if err := tx.Put(key(g, i), bytes.Repeat([]byte{'v'}, 80+i%41+grow)); err != nil {
						return err
					}
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < n; i += 1000 {
		write(i, i+1000, 1, 0)
	}
	before := leafPages(t, db, path)
	db = open(t, path, store.Options{})
	db.ReserveRoom([][]byte{[]byte("rec/roomy/")})
	write(0, n, 5, 12)
	after := leafPages(t, db, path)
	t.Logf("leaf pages before and after the edits: %v, %v", before, after)
	if grown := float64(after["rec/packed/"]) / float64(before["rec/packed/"]); grown < 1.5 {
		t.Errorf("the packed group grew by %.2f×: the edits no longer split its pages, and this test shows nothing", grown)
	}
	if grown := float64(after["rec/roomy/"]) / float64(before["rec/roomy/"]); grown > 1.05 {
		t.Errorf("the group with room grew by %.2f× (%d → %d leaf pages)", grown, before["rec/roomy/"], after["rec/roomy/"])
	}
	if extra := float64(before["rec/roomy/"]) / float64(before["rec/packed/"]); extra > 1.05 {
		t.Errorf("the room costs %.2f× the pages of a packed group", extra)
	}
}

// leafPages counts the leaf pages of each group, reading the file with
// bbolt itself between two opens of the store.
func leafPages(t *testing.T, db *bolt.DB, path string) map[string]int {
	t.Helper()
	if err := db.Check(context.Background()); err != nil {
		t.Fatal(err)
	}
	closed.Store(db, true)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := bbolt.Open(path, 0o600, &bbolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	out := map[string]int{}
	err = b.View(func(tx *bbolt.Tx) error {
		groups := tx.Bucket([]byte("groups"))
		return groups.ForEachBucket(func(name []byte) error {
			out[string(name)] = groups.Bucket(name).Stats().LeafPageN
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
