package journal

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/bolt"
)

func openStore(t *testing.T) store.Store {
	t.Helper()
	s, err := bolt.Open(filepath.Join(t.TempDir(), "j.db"), store.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// dump returns every key outside the journal.
func dump(t *testing.T, s store.Store) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := s.View(context.Background(), func(tx store.Tx) error {
		return tx.Scan(nil, store.ScanOptions{}, func(k, v []byte) error {
			if !strings.HasPrefix(string(k), "journal/") {
				out[string(k)] = string(v)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// work writes, rewrites and deletes keys over several journaled
// transactions, reading its own writes; big makes one transaction's undo
// records span several chunks.
func work(t *testing.T, u *Unit, big bool) {
	t.Helper()
	ctx := context.Background()
	for round := range 3 {
		err := u.Update(ctx, func(tx store.Tx) error {
			for i := range 50 {
				k := []byte(fmt.Sprintf("rec/x/%03d", i))
				if _, err := tx.Get(k); err != nil && !errors.Is(err, store.ErrNotFound) {
					return err
				}
				if err := tx.Put(k, []byte(fmt.Sprintf("v%d", round))); err != nil {
					return err
				}
				if err := tx.Put(k, []byte(fmt.Sprintf("w%d", round))); err != nil {
					return err
				}
			}
			if err := tx.Delete([]byte("keep/a")); err != nil {
				return err
			}
			if err := tx.Put([]byte("ix/y/new"), []byte("n")); err != nil {
				return err
			}
			if big {
				for i := range 3000 {
					if err := tx.Put([]byte(fmt.Sprintf("ix/big/%s-%05d", strings.Repeat("k", 40), i)), nil); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func seed(t *testing.T, s store.Store) map[string]string {
	t.Helper()
	err := s.Update(context.Background(), func(tx store.Tx) error {
		for _, k := range []string{"keep/a", "rec/x/001", "rec/x/010"} {
			if err := tx.Put([]byte(k), []byte("before "+k)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return dump(t, s)
}

func TestRollbackRestores(t *testing.T) {
	for _, big := range []bool{false, true} {
		s := openStore(t)
		before := seed(t, s)
		u, err := Begin(context.Background(), s, 7, "test")
		if err != nil {
			t.Fatal(err)
		}
		work(t, u, big)
		if maps.Equal(dump(t, s), before) {
			t.Fatal("the work changed nothing")
		}
		if err := u.Rollback(context.Background(), nil); err != nil {
			t.Fatal(err)
		}
		if got := dump(t, s); !maps.Equal(got, before) {
			t.Errorf("big=%v: after rollback %d keys, want %d: %v", big, len(got), len(before), got)
		}
		assertNoJournal(t, s)
	}
}

func TestRecoverRollsBackAndCommitKeeps(t *testing.T) {
	s := openStore(t)
	before := seed(t, s)
	u, _ := Begin(context.Background(), s, 1, "killed")
	work(t, u, true)
	// The process "dies" here: Recover rolls the open unit back.
	if err := Recover(context.Background(), s, nil); err != nil {
		t.Fatal(err)
	}
	if got := dump(t, s); !maps.Equal(got, before) {
		t.Errorf("after recover: %v", got)
	}
	u, _ = Begin(context.Background(), s, 2, "kept")
	work(t, u, false)
	after := dump(t, s)
	if err := u.Commit(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if got := dump(t, s); !maps.Equal(got, after) {
		t.Errorf("commit changed the data")
	}
	assertNoJournal(t, s)
}

// An undo record of the format before chunks (one record per value) is
// still rolled back.
func TestRollbackReadsSingleRecords(t *testing.T) {
	s := openStore(t)
	before := seed(t, s)
	u, _ := Begin(context.Background(), s, 3, "old")
	rec := func(flag byte, key, old string) []byte {
		r := append([]byte{flag}, binary.AppendUvarint(nil, uint64(len(key)))...)
		return append(append(r, key...), old...)
	}
	err := s.Update(context.Background(), func(tx store.Tx) error {
		for i, r := range [][]byte{rec(wasAbsent, "rec/x/new", ""), rec(wasPresent, "keep/a", "before keep/a")} {
			if err := tx.Put(binary.BigEndian.AppendUint64(undoUnitPrefix(3), uint64(i+1)), r); err != nil {
				return err
			}
		}
		if err := tx.Put([]byte("rec/x/new"), []byte("x")); err != nil {
			return err
		}
		return tx.Put([]byte("keep/a"), []byte("changed"))
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := u.Rollback(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if got := dump(t, s); !maps.Equal(got, before) {
		t.Errorf("after rollback: %v", got)
	}
}

func assertNoJournal(t *testing.T, s store.Store) {
	t.Helper()
	err := s.View(context.Background(), func(tx store.Tx) error {
		needs, err := NeedsRecovery(tx)
		if needs {
			t.Error("journal keys left")
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
