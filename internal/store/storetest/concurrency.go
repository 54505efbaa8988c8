package storetest

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"

	"github.com/deskctl/deskctl/internal/store"
)

// incr adds one to the decimal counter at key.
func incr(tx store.Tx, key string) error {
	n := 0
	v, err := tx.Get([]byte(key))
	switch {
	case err == nil:
		if n, err = strconv.Atoi(string(v)); err != nil {
			return err
		}
	case !errors.Is(err, store.ErrNotFound):
		return err
	}
	return tx.Put([]byte(key), []byte(strconv.Itoa(n+1)))
}

// testConcurrentCounters runs read-modify-write Updates from several
// goroutines: serializable transactions lose none of them.
func (s *suite) testConcurrentCounters(t *testing.T, st store.Store) {
	const workers, rounds = 4, 15
	var wg sync.WaitGroup
	ids := make([][]uint64, workers)
	errs := make(chan error, workers)
	for w := range workers {
		wg.Go(func() {
			for range rounds {
				var id uint64
				err := st.Update(context.Background(), func(tx store.Tx) error {
					if err := incr(tx, "shared"); err != nil {
						return err
					}
					if err := incr(tx, fmt.Sprintf("own/%d", w)); err != nil {
						return err
					}
					var err error
					id, err = tx.NextSequence("ids")
					return err
				})
				if err != nil {
					errs <- err
					return
				}
				ids[w] = append(ids[w], id)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("Update: %v", err)
	}
	seen := map[uint64]bool{}
	for _, list := range ids {
		for _, id := range list {
			if seen[id] {
				t.Errorf("NextSequence handed out %d twice", id)
			}
			seen[id] = true
		}
	}
	view(t, st, func(tx store.Tx) error {
		if v, _ := get(t, tx, "shared"); v != strconv.Itoa(workers*rounds) {
			t.Errorf("shared counter = %s, want %d", v, workers*rounds)
		}
		for w := range workers {
			if v, _ := get(t, tx, fmt.Sprintf("own/%d", w)); v != strconv.Itoa(rounds) {
				t.Errorf("own/%d = %s, want %d", w, v, rounds)
			}
		}
		return nil
	})
}

// testWriteSkew runs the classic anomaly of snapshot isolation: two
// transactions each read x and y and, when both are on, switch one off. A
// serializable store keeps at least one on.
func (s *suite) testWriteSkew(t *testing.T, st store.Store) {
	const rounds = 10
	for round := range rounds {
		putAll(t, st, "x", "on", "y", "on")
		var wg sync.WaitGroup
		for _, key := range []string{"x", "y"} {
			wg.Go(func() {
				err := st.Update(context.Background(), func(tx store.Tx) error {
					on := 0
					for _, k := range []string{"x", "y"} {
						v, err := tx.Get([]byte(k))
						if err != nil {
							return err
						}
						if string(v) == "on" {
							on++
						}
					}
					if on < 2 {
						return nil
					}
					return tx.Put([]byte(key), []byte("off"))
				})
				if err != nil {
					t.Errorf("Update: %v", err)
				}
			})
		}
		wg.Wait()
		view(t, st, func(tx store.Tx) error {
			x, _ := get(t, tx, "x")
			y, _ := get(t, tx, "y")
			if x == "off" && y == "off" {
				t.Errorf("round %d: both switched off: write skew", round)
			}
			return nil
		})
	}
}

// testLargeTransaction writes and then deletes 20,000 keys in single
// Updates, as a merge or an import batch might.
func (s *suite) testLargeTransaction(t *testing.T, st store.Store) {
	const n = 20000
	key := func(i int) []byte { return fmt.Appendf(nil, "big/%06d", i) }
	update(t, st, func(tx store.Tx) error {
		for i := range n {
			if err := tx.Put(key(i), fmt.Appendf(nil, "value %d", i)); err != nil {
				return err
			}
		}
		return nil
	})
	count := func(tx store.Tx) int {
		c := 0
		if err := tx.Scan([]byte("big/"), store.ScanOptions{}, func(k, v []byte) error { c++; return nil }); err != nil {
			t.Fatalf("Scan: %v", err)
		}
		return c
	}
	view(t, st, func(tx store.Tx) error {
		if c := count(tx); c != n {
			t.Errorf("Scan counted %d keys, want %d", c, n)
		}
		if v, ok := get(t, tx, string(key(12345))); v != "value 12345" {
			t.Errorf("Get(big/012345) = %q, %v", v, ok)
		}
		return nil
	})
	update(t, st, func(tx store.Tx) error {
		for i := range n {
			if err := tx.Delete(key(i)); err != nil {
				return err
			}
		}
		return nil
	})
	view(t, st, func(tx store.Tx) error {
		if c := count(tx); c != 0 {
			t.Errorf("%d keys left after deleting them all", c)
		}
		return nil
	})
}
