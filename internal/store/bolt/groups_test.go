package bolt_test

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.etcd.io/bbolt"

	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/storetest"
)

// TestGroupsMatchModel runs random writes and scans over keys with many
// '/' — which the store splits into group buckets — against a sorted map,
// so that the merge of kv's keys and the groups' keys is checked in every
// direction, from every bound, with writes between scans and inside them.
func TestGroupsMatchModel(t *testing.T) {
	for seed := uint64(1); seed <= 8; seed++ {
		rng := rand.New(rand.NewPCG(seed, seed))
		db := open(t, filepath.Join(t.TempDir(), "groups.db"), store.Options{})
		model := map[string]string{}
		parts := []string{"", "a", "b", "ab", "/", "//", "\x00", "\xff", "z", "a/", "b/"}
		randKey := func() string {
			var b strings.Builder
			for range 1 + rng.IntN(5) {
				b.WriteString(parts[rng.IntN(len(parts))])
			}
			return b.String()
		}
		for round := range 40 {
			err := db.Update(context.Background(), func(tx store.Tx) error {
				for range rng.IntN(30) {
					k := randKey()
					if k == "" {
						continue
					}
					if rng.IntN(4) == 0 {
						delete(model, k)
						if err := tx.Delete([]byte(k)); err != nil {
							return err
						}
						continue
					}
					v := strings.Repeat("v", rng.IntN(3))
					model[k] = v
					if err := tx.Put([]byte(k), []byte(v)); err != nil {
						return err
					}
				}
				// Scans inside the write transaction, some of them writing
				// outside the scanned range from the callback.
				for range 5 {
					checkScan(t, tx, model, randKey(), rng, round%3 == 0)
				}
				return nil
			})
			if err != nil {
				t.Fatalf("seed %d round %d: %v", seed, round, err)
			}
			err = db.View(context.Background(), func(tx store.Tx) error {
				for k, v := range model {
					got, err := tx.Get([]byte(k))
					if err != nil || string(got) != v {
						t.Errorf("Get(%q) = %q, %v; want %q", k, got, err, v)
					}
				}
				for range 10 {
					checkScan(t, tx, model, randKey(), rng, false)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	}
}

// checkScan compares one random scan of prefix with the model. With write
// set, the callback writes a key outside the prefix on every step.
func checkScan(t *testing.T, tx store.Tx, model map[string]string, prefix string, rng *rand.Rand, write bool) {
	t.Helper()
	if rng.IntN(3) == 0 {
		prefix = ""
	}
	opts := store.ScanOptions{Reverse: rng.IntN(2) == 0}
	if rng.IntN(2) == 0 {
		opts.From = []byte(prefix + []string{"", "a", "/", "\x00", "\xff", "b/"}[rng.IntN(6)])
	}
	var want []string
	for k := range model {
		if !strings.HasPrefix(k, prefix) {
			continue
		}
		if opts.From != nil && ((!opts.Reverse && k < string(opts.From)) || (opts.Reverse && k > string(opts.From))) {
			continue
		}
		want = append(want, k)
	}
	slices.Sort(want)
	if opts.Reverse {
		slices.Reverse(want)
	}
	// Outside any prefix the scan could have: "\xff\xff..." sorts last,
	// and a prefix starting with it would be skipped below.
	outside := []byte("\xff\xff\xff/w/x")
	if write && (strings.HasPrefix(string(outside), prefix) || !tx.Writable()) {
		write = false
	}
	var got []string
	var kept [][]byte
	err := tx.Scan([]byte(prefix), opts, func(k, v []byte) error {
		got = append(got, string(k))
		kept = append(kept, k)
		if string(v) != model[string(k)] {
			t.Errorf("Scan(%q) value of %q = %q, want %q", prefix, k, v, model[string(k)])
		}
		if write {
			model[string(outside)] = ""
			return tx.Put(outside, nil)
		}
		return nil
	})
	if err != nil && !errors.Is(err, store.ErrStop) {
		t.Fatalf("Scan(%q, %+v): %v", prefix, opts, err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("Scan(%q, from %q, reverse %v) = %q\nwant %q", prefix, opts.From, opts.Reverse, got, want)
	}
	// Keys handed out stay valid for the whole transaction.
	for i, k := range kept {
		if !bytes.Equal(k, []byte(got[i])) {
			t.Errorf("key %q changed to %q during the transaction", got[i], k)
		}
	}
}

// TestFlatLayout runs the conformance suite on files of the layout before
// groups (one "kv" bucket), which stay in that layout.
func TestFlatLayout(t *testing.T) {
	storetest.Run(t, func(t testing.TB) store.Store {
		path := filepath.Join(t.TempDir(), "flat.db")
		b, err := bbolt.Open(path, 0o600, nil)
		if err != nil {
			t.Fatal(err)
		}
		err = b.Update(func(tx *bbolt.Tx) error {
			kv, err := tx.CreateBucket([]byte("kv"))
			if err == nil {
				_, err = tx.CreateBucket([]byte("seq"))
			}
			if err == nil {
				err = kv.Put([]byte("rec/x/1"), []byte("old"))
			}
			return err
		})
		if cerr := b.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			t.Fatal(err)
		}
		db := open(t, path, store.Options{})
		err = db.Update(context.Background(), func(tx store.Tx) error {
			if v, err := tx.Get([]byte("rec/x/1")); err != nil || string(v) != "old" {
				t.Errorf("flat key = %q, %v", v, err)
			}
			return tx.Delete([]byte("rec/x/1"))
		})
		if err != nil {
			t.Fatal(err)
		}
		return db
	})
}
