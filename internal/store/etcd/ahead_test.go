package etcd_test

import (
	"context"
	"testing"

	"github.com/deskctl/deskctl/internal/store"
)

// TestReadAheadGuards checks the read-ahead of Get (ahead.go): a key
// fetched ahead and changed by another client before this transaction reads
// it is read as in the snapshot, and guarded like any read, so the Update
// runs again and sees the change; a key fetched ahead but never read guards
// nothing.
func TestReadAheadGuards(t *testing.T) {
	cases := []struct {
		name         string
		second       string // read after k, once the meddling committed
		snapshot     string // what the first attempt must read there
		meddle       func(store.Tx) error
		wantAttempts int
		wantSeen     string
	}{
		{"changed", "p/a", "", putter("p/a", "x"), 2, "x"},
		{"deleted", "p/c", "", deleter("p/c"), 2, "absent"},
		{"created in a stretch read ahead", "m", "absent", putter("m", "1"), 2, "1"},
		{"created past the dataset's last key", "z", "absent", putter("z", "1"), 2, "1"},
		{"fetched but never read", "", "", putter("p/a", "x"), 1, "1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			a, b := pair(t, "k", "1", "p/a", "", "p/c", "")
			attempts, seen := 0, ""
			err := a.Update(context.Background(), func(tx store.Tx) error {
				attempts++
				var err error
				// Reading k fetches the keys after it too.
				if seen, err = getter("k")(tx); err != nil {
					return err
				}
				if attempts == 1 {
					if err := b.Update(context.Background(), c.meddle); err != nil {
						t.Fatalf("meddling Update: %v", err)
					}
				}
				if c.second != "" {
					if seen, err = getter(c.second)(tx); err != nil {
						return err
					}
					if attempts == 1 && seen != c.snapshot {
						t.Errorf("first attempt read %s = %q, want the snapshot's %q", c.second, seen, c.snapshot)
					}
				}
				return tx.Put([]byte("result"), []byte(seen))
			})
			if err != nil {
				t.Fatal(err)
			}
			if attempts != c.wantAttempts || seen != c.wantSeen {
				t.Errorf("took %d attempts and read %s; want %d and %s", attempts, seen, c.wantAttempts, c.wantSeen)
			}
		})
	}
}
