package store_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/bolt"
	"github.com/deskctl/deskctl/internal/store/storetest"
)

// behindStore runs every transaction of its store through a Behind, as a
// bulk load's journal does.
type behindStore struct {
	store.Store
	behind store.Behind
}

func (s *behindStore) Update(ctx context.Context, fn func(store.Tx) error) error {
	return s.Store.Update(ctx, func(tx store.Tx) error { return s.behind.Run(tx, fn) })
}

func openBolt(t testing.TB) *bolt.DB {
	db, err := bolt.Open(filepath.Join(t.TempDir(), "behind.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestBehindConformance: a transaction whose writes are applied behind
// answers every question of the conformance suite as the store's own.
func TestBehindConformance(t *testing.T) {
	storetest.Run(t, func(t testing.TB) store.Store { return &behindStore{Store: openBolt(t)} })
}

// TestBehindMatchesItsTransaction runs random writes, reads and scans —
// enough writes between reads that batches go to the goroutine — through
// a Behind and through a map, and compares every answer.
func TestBehindMatchesItsTransaction(t *testing.T) {
	db := openBolt(t)
	s := &behindStore{Store: db}
	rng := rand.New(rand.NewPCG(7, 7))
	model := map[string]string{}
	key := func() []byte { return fmt.Appendf(nil, "rec/k/%04d", rng.IntN(3000)) }
	for round := range 8 {
		err := s.Update(context.Background(), func(tx store.Tx) error {
			for op := range 3000 {
				switch r := rng.IntN(100); {
				case r < 70:
					k, v := key(), fmt.Appendf(nil, "v%d.%d", round, op)
					if err := tx.Put(k, v); err != nil {
						return err
					}
					model[string(k)] = string(v)
					v[0] = 'X' // a caller may reuse its buffer
				case r < 80:
					k := key()
					if err := tx.Delete(k); err != nil {
						return err
					}
					delete(model, string(k))
				case r < 95:
					// Written twice a moment ago: the read sees the newer.
					k := key()
					for _, v := range []string{"older", "newer"} {
						if err := tx.Put(k, []byte(v)); err != nil {
							return err
						}
					}
					if v, err := tx.Get(k); err != nil || string(v) != "newer" {
						t.Fatalf("round %d op %d: Get(%s) after two writes = %q, %v", round, op, k, v, err)
					}
					model[string(k)] = "newer"
				case r < 98:
					k := key()
					v, err := tx.Get(k)
					want, ok := model[string(k)]
					switch {
					case !ok && !errors.Is(err, store.ErrNotFound):
						t.Fatalf("round %d op %d: Get(%s) = %q, %v; want not found", round, op, k, v, err)
					case ok && (err != nil || string(v) != want):
						t.Fatalf("round %d op %d: Get(%s) = %q, %v; want %q", round, op, k, v, err, want)
					}
				default:
					// A scan whose callback writes (more than a batch):
					// those writes land at once, beside the scan.
					n := 0
					err := tx.Scan([]byte("rec/k/1"), store.ScanOptions{}, func(k, v []byte) error {
						if want := model[string(k)]; string(v) != want {
							t.Fatalf("round %d op %d: scan %s = %q, want %q", round, op, k, v, want)
						}
						n++
						seen := append([]byte("rec/seen/"), k...)
						model[string(seen)] = string(v)
						return tx.Put(seen, v)
					})
					if err != nil {
						return err
					}
					if err := tx.Put([]byte("rec/scans"), fmt.Appendf(nil, "%d", n)); err != nil {
						return err
					}
					model["rec/scans"] = fmt.Sprint(n)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	got := map[string]string{}
	if err := db.View(context.Background(), func(tx store.Tx) error {
		return tx.Scan([]byte("rec/"), store.ScanOptions{}, func(k, v []byte) error {
			got[string(k)] = string(v)
			return nil
		})
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(model) {
		t.Fatalf("store holds %d keys, want %d", len(got), len(model))
	}
	for k, v := range model {
		if got[k] != v {
			t.Fatalf("%s = %q, want %q", k, got[k], v)
		}
	}
}

// failingTx fails its nth Put.
type failingTx struct {
	store.Tx
	n int
}

var errDiskFull = errors.New("disk full")

func (f *failingTx) Put(key, value []byte) error {
	if f.n--; f.n == 0 {
		return errDiskFull
	}
	return f.Tx.Put(key, value)
}

// TestBehindReportsAFailedWrite: a write the goroutine could not apply
// fails the next call that waits and Finish, and the writes after it are
// not applied.
func TestBehindReportsAFailedWrite(t *testing.T) {
	db := openBolt(t)
	var b store.Behind
	err := db.Update(context.Background(), func(raw store.Tx) error {
		tx := b.Wrap(&failingTx{Tx: raw, n: 1000})
		defer b.Finish()
		for i := range 2000 {
			if err := tx.Put(fmt.Appendf(nil, "rec/k/%04d", i), []byte("v")); err != nil {
				t.Fatalf("Put %d failed at once: %v", i, err)
			}
		}
		if _, err := tx.Get([]byte("rec/other")); !errors.Is(err, errDiskFull) {
			t.Errorf("Get after the failed write: %v, want %v", err, errDiskFull)
		}
		if err := b.Finish(); !errors.Is(err, errDiskFull) {
			t.Errorf("Finish: %v, want %v", err, errDiskFull)
		}
		if err := tx.Put([]byte("rec/late"), []byte("v")); err == nil {
			t.Error("Put after Finish succeeded")
		}
		n := 0
		if err := raw.Scan([]byte("rec/k/"), store.ScanOptions{}, func(_, _ []byte) error { n++; return nil }); err != nil {
			return err
		}
		if n != 999 {
			t.Errorf("%d writes applied, want the 999 before the failed one", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestBehindReusesItsBlocks: a later transaction reads what the earlier
// ones stored, not the reused blocks' new contents (within a transaction:
// TestBehindGetValueOutlivesLaterWrites).
func TestBehindReusesItsBlocks(t *testing.T) {
	s := &behindStore{Store: openBolt(t)}
	big := bytes.Repeat([]byte("a"), 1000)
	for round := range 3 {
		if err := s.Update(context.Background(), func(tx store.Tx) error {
			for i := range 500 {
				v := append(fmt.Appendf(nil, "%d/%d/", round, i), big...)
				if err := tx.Put(fmt.Appendf(nil, "rec/b/%03d", i), v); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.View(context.Background(), func(tx store.Tx) error {
		for i := range 500 {
			v, err := tx.Get(fmt.Appendf(nil, "rec/b/%03d", i))
			if want := append(fmt.Appendf(nil, "2/%d/", i), big...); err != nil || !bytes.Equal(v, want) {
				t.Fatalf("rec/b/%03d = %.20q…, %v", i, v, err)
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// BenchmarkBehind: rows of the caller's own work (a hash over a record's
// worth of bytes, as a domain's checks and encoding) and three appended
// writes each, straight to a bbolt transaction and through a Behind. One
// iteration is a transaction of 1,000 rows.
//
//	go test ./internal/store -run '^$' -bench Behind -count 4
func BenchmarkBehind(b *testing.B) {
	record := bytes.Repeat([]byte("account record "), 16)
	for _, behind := range []bool{false, true} {
		b.Run(fmt.Sprintf("behind=%v", behind), func(b *testing.B) {
			var s store.Store = openBolt(b)
			if behind {
				s = &behindStore{Store: s}
			}
			id := 0
			for b.Loop() {
				err := s.Update(context.Background(), func(tx store.Tx) error {
					for range 1000 {
						id++
						sum := sha256.Sum256(record)
						for _, kind := range []string{"rec/account/", "rec/log/", "ix/log/"} {
							if err := tx.Put(fmt.Appendf(nil, "%s%012d", kind, id), sum[:]); err != nil {
								return err
							}
						}
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// panickingTx panics in its nth Put.
type panickingTx struct {
	store.Tx
	n int
}

func (p *panickingTx) Put(key, value []byte) error {
	if p.n--; p.n == 0 {
		panic("write went wrong")
	}
	return p.Tx.Put(key, value)
}

// TestBehindPanicReachesTheCaller: a write that panics on the goroutine
// panics the caller at its next wait, inside the transaction, where the
// store rolls back and re-raises it — as the write would have straight.
func TestBehindPanicReachesTheCaller(t *testing.T) {
	db := openBolt(t)
	var b store.Behind
	got := func() (r any) {
		defer func() { r = recover() }()
		db.Update(context.Background(), func(raw store.Tx) error {
			return b.Run(&panickingTx{Tx: raw, n: 300}, func(tx store.Tx) error {
				for i := range 1000 {
					if err := tx.Put(fmt.Appendf(nil, "rec/p/%04d", i), []byte("v")); err != nil {
						return err
					}
				}
				return nil
			})
		})
		return nil
	}()
	if got != "write went wrong" {
		t.Errorf("Update recovered %v, want the write's panic", got)
	}
	if err := db.View(context.Background(), func(tx store.Tx) error {
		if _, err := tx.Get([]byte("rec/p/0000")); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a write of the panicked transaction was kept: %v", err)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
