package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/bolt"
)

// TestBehindFaultIsCorrupt: a store file cut under an open store makes
// the writes of an Update fault in the memory map. Straight to bbolt that
// is store.ErrCorrupt (bolt.run sets SetPanicOnFault on its goroutine);
// behind, the fault is on the Behind goroutine, where nothing set it.
func TestBehindFaultIsCorrupt(t *testing.T) {
	for _, behind := range []bool{false, true} {
		t.Run(fmt.Sprint("behind=", behind), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "fault.db")
			db, err := bolt.Open(path, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			ctx := context.Background()
			if err := db.Update(ctx, func(tx store.Tx) error {
				for i := range 20000 {
					if err := tx.Put(fmt.Appendf(nil, "rec/k/%06d", i), []byte("some value of a record")); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			var s store.Store = db
			if behind {
				s = &behindStore{Store: db}
			}
			err = s.Update(ctx, func(tx store.Tx) error {
				if err := os.Truncate(path, int64(2*os.Getpagesize())); err != nil {
					t.Fatal(err)
				}
				for i := 0; i < 20000; i += 7 {
					if err := tx.Put(fmt.Appendf(nil, "rec/k/%06d", i), []byte("new")); err != nil {
						return err
					}
				}
				return nil
			})
			if !errors.Is(err, store.ErrCorrupt) {
				t.Errorf("Update over a cut file: %v, want ErrCorrupt", err)
			}
		})
	}
}
