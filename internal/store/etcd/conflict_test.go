package etcd_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"

	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/etcd"
)

// pair returns two clients of one new dataset, as two machines would
// have, the first holding the given keys and values.
func pair(t *testing.T, kv ...string) (a, b *etcd.Store) {
	cfg := config()
	a, b = open(t, cfg, store.Options{}), open(t, cfg, store.Options{})
	if len(kv) > 0 {
		put(t, a, kv...)
	}
	return a, b
}

// race runs read on a's side, lets b commit meddle between the reads and
// the commit of the first attempt only, then write. It returns how many
// attempts the Update took and what read saw last.
func race(t *testing.T, a, b store.Store, read func(tx store.Tx) (string, error), meddle func(tx store.Tx) error) (int, string) {
	t.Helper()
	attempts, seen := 0, ""
	err := a.Update(context.Background(), func(tx store.Tx) error {
		attempts++
		var err error
		if seen, err = read(tx); err != nil {
			return err
		}
		if attempts == 1 {
			if err := b.Update(context.Background(), meddle); err != nil {
				t.Fatalf("meddling Update: %v", err)
			}
		}
		return tx.Put([]byte("result"), []byte(seen))
	})
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	return attempts, seen
}

func getter(key string) func(tx store.Tx) (string, error) {
	return func(tx store.Tx) (string, error) {
		v, err := tx.Get([]byte(key))
		if errors.Is(err, store.ErrNotFound) {
			return "absent", nil
		}
		return string(v), err
	}
}

// scanner lists the keys of prefix, stopping after stop keys if stop > 0.
func scanner(prefix string, opts store.ScanOptions, stop int) func(tx store.Tx) (string, error) {
	return func(tx store.Tx) (string, error) {
		var keys []string
		err := tx.Scan([]byte(prefix), opts, func(k, _ []byte) error {
			keys = append(keys, string(k))
			if len(keys) == stop {
				return store.ErrStop
			}
			return nil
		})
		return fmt.Sprint(keys), err
	}
}

func putter(kv ...string) func(tx store.Tx) error {
	return func(tx store.Tx) error {
		for i := 0; i+1 < len(kv); i += 2 {
			if err := tx.Put([]byte(kv[i]), []byte(kv[i+1])); err != nil {
				return err
			}
		}
		return nil
	}
}

func deleter(key string) func(tx store.Tx) error {
	return func(tx store.Tx) error { return tx.Delete([]byte(key)) }
}

// TestGuards checks, for each kind of read, that a concurrent commit
// touching what was read makes the Update run again on fresh data, and that
// one touching anything else does not.
func TestGuards(t *testing.T) {
	all := store.ScanOptions{}
	rev := store.ScanOptions{Reverse: true}
	cases := []struct {
		name         string
		read         func(store.Tx) (string, error)
		meddle       func(store.Tx) error
		wantAttempts int
		wantSeen     string
	}{
		{"changed key", getter("k"), putter("k", "2"), 2, "2"},
		{"deleted key", getter("k"), deleter("k"), 2, "absent"},
		{"created key that was absent", getter("new"), putter("new", "1"), 2, "1"},
		{"other key", getter("k"), putter("other", "2"), 1, "1"},
		{"key added to a scanned range", scanner("p/", all, 0), putter("p/b", ""), 2, "[p/a p/b p/c]"},
		{"key deleted from a scanned range", scanner("p/", all, 0), deleter("p/a"), 2, "[p/c]"},
		{"key changed in a scanned range", scanner("p/", all, 0), putter("p/c", "x"), 2, "[p/a p/c]"},
		{"key added to an empty scanned range", scanner("q/", all, 0), putter("q/1", ""), 2, "[q/1]"},
		{"key added past where a scan stopped", scanner("p/", all, 1), putter("p/b", ""), 1, "[p/a]"},
		{"key added below where a reverse scan stopped", scanner("p/", rev, 1), putter("p/b", ""), 1, "[p/c]"},
		{"key added above where a reverse scan stopped", scanner("p/", rev, 1), putter("p/d", ""), 2, "[p/d]"},
		{"key added next to a scanned range", scanner("p/", all, 0), putter("p0", "", "o", ""), 1, "[p/a p/c]"},
		{"sequence taken", func(tx store.Tx) (string, error) {
			n, err := tx.NextSequence("ids")
			return strconv.FormatUint(n, 10), err
		}, func(tx store.Tx) error { _, err := tx.NextSequence("ids"); return err }, 2, "2"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			a, b := pair(t, "k", "1", "p/a", "", "p/c", "")
			attempts, seen := race(t, a, b, c.read, c.meddle)
			if attempts != c.wantAttempts || seen != c.wantSeen {
				t.Errorf("took %d attempts and read %s; want %d and %s", attempts, seen, c.wantAttempts, c.wantSeen)
			}
			err := a.View(context.Background(), func(tx store.Tx) error {
				if v, _ := tx.Get([]byte("result")); string(v) != seen {
					t.Errorf("committed %q, want what the last attempt read, %q", v, seen)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestReadOnlyUpdateNeedsNoCommit: an Update that writes nothing is
// serializable at its snapshot, so later commits do not rerun it.
func TestReadOnlyUpdateNeedsNoCommit(t *testing.T) {
	a, b := pair(t, "k", "1")
	attempts := 0
	err := a.Update(context.Background(), func(tx store.Tx) error {
		attempts++
		if _, err := tx.Get([]byte("k")); err != nil {
			return err
		}
		return b.Update(context.Background(), putter("k", "2"))
	})
	if err != nil || attempts != 1 {
		t.Errorf("Update: %v after %d attempts; want nil after 1", err, attempts)
	}
}

func TestGiveUp(t *testing.T) {
	cfg := config()
	cfg.MaxRetries = 2
	a, b := open(t, cfg, store.Options{}), open(t, cfg, store.Options{})
	put(t, a, "k", "0")
	attempts := 0
	err := a.Update(context.Background(), func(tx store.Tx) error {
		attempts++
		if _, err := tx.Get([]byte("k")); err != nil {
			return err
		}
		if err := b.Update(context.Background(), putter("k", strconv.Itoa(attempts))); err != nil {
			return err
		}
		return tx.Put([]byte("k"), []byte("lost"))
	})
	if !errors.Is(err, store.ErrConflict) || attempts != 3 {
		t.Errorf("Update: %v after %d attempts; want ErrConflict after 3", err, attempts)
	}
}

// TestTwoClientsCounters runs read-modify-write Updates from two clients
// of one dataset, two goroutines each: no increment is lost.
func TestTwoClientsCounters(t *testing.T) {
	a, b := pair(t)
	const rounds = 15
	var wg sync.WaitGroup
	for _, s := range []store.Store{a, a, b, b} {
		wg.Go(func() {
			for range rounds {
				err := s.Update(context.Background(), func(tx store.Tx) error {
					n := 0
					if v, err := tx.Get([]byte("n")); err == nil {
						n, _ = strconv.Atoi(string(v))
					} else if !errors.Is(err, store.ErrNotFound) {
						return err
					}
					return tx.Put([]byte("n"), []byte(strconv.Itoa(n+1)))
				})
				if err != nil {
					t.Errorf("Update: %v", err)
					return
				}
			}
		})
	}
	wg.Wait()
	err := b.View(context.Background(), func(tx store.Tx) error {
		if v, _ := tx.Get([]byte("n")); string(v) != strconv.Itoa(4*rounds) {
			t.Errorf("counter = %s, want %d", v, 4*rounds)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestViewSnapshot commits from another client in the middle of a View,
// which keeps reading the revision it started at.
func TestViewSnapshot(t *testing.T) {
	a, b := pair(t, "a", "1", "p/1", "")
	err := a.View(context.Background(), func(tx store.Tx) error {
		if _, err := tx.Get([]byte("a")); err != nil {
			return err
		}
		if err := b.Update(context.Background(), putter("a", "2", "b", "2", "p/2", "")); err != nil {
			return err
		}
		if v, _ := tx.Get([]byte("a")); string(v) != "1" {
			t.Errorf("a = %q, want the snapshot's 1", v)
		}
		if _, err := tx.Get([]byte("b")); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Get(b) = %v, want ErrNotFound in the snapshot", err)
		}
		keys, err := scanner("p/", store.ScanOptions{}, 0)(tx)
		if keys != "[p/1]" {
			t.Errorf("Scan(p/) = %s, want the snapshot's [p/1]", keys)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
