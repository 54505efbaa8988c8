package journal

import (
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"testing"

	"github.com/deskctl/deskctl/internal/store"
)

// tailWork writes, over four transactions, keys past the seeded ones under
// two tail prefixes — more than one rollback transaction deletes — and
// also updates and deletes seeded keys under them and writes elsewhere.
func tailWork(t *testing.T, s store.Store, u *Unit) map[string]string {
	t.Helper()
	want := dump(t, s)
	n := 0
	for round := range 4 {
		err := u.Update(context.Background(), func(tx store.Tx) error {
			put := func(k, v string) error {
				want[k] = v
				return tx.Put([]byte(k), []byte(v))
			}
			for range 3000 {
				n++
				if err := put(fmt.Sprintf("rec/x/1%06d", 100+n), fmt.Sprint("new ", round)); err != nil {
					return err
				}
			}
			// A key past the tail read back and rewritten in the same
			// transaction, and one deleted again.
			if v, err := tx.Get([]byte(fmt.Sprintf("rec/x/1%06d", 100+n))); err != nil || string(v) != fmt.Sprint("new ", round) {
				return fmt.Errorf("read back: %q, %v", v, err)
			}
			delete(want, fmt.Sprintf("rec/x/1%06d", 100+n-1))
			if err := tx.Delete([]byte(fmt.Sprintf("rec/x/1%06d", 100+n-1))); err != nil {
				return err
			}
			for _, kv := range [][2]string{
				{"rec/x/001", fmt.Sprint("updated ", round)}, // below the tail's bound
				{fmt.Sprintf("ix/t/%02d", round), "x"},       // a tail over an empty prefix
				{"keep/b", fmt.Sprint(round)},                // not a tail
			} {
				if err := put(kv[0], kv[1]); err != nil {
					return err
				}
			}
			if round == 2 {
				delete(want, "rec/x/010")
				return tx.Delete([]byte("rec/x/010"))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return want
}

// undoRecords counts the unit's undo records.
func undoRecords(t *testing.T, s store.Store, id uint64) int {
	t.Helper()
	n := 0
	if err := s.View(context.Background(), func(tx store.Tx) error {
		return tx.Scan(undoUnitPrefix(id), store.ScanOptions{}, func(_, v []byte) error {
			n += records(v)
			return nil
		})
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

// A unit with tails journals the keys it appends as one record per prefix
// and restores the store byte for byte on rollback and after a crash; a
// commit keeps every write.
func TestTailsRollBackAndCommit(t *testing.T) {
	for _, end := range []string{"rollback", "crash", "commit"} {
		t.Run(end, func(t *testing.T) {
			ctx := context.Background()
			s := openStore(t)
			before := seed(t, s)
			u, err := Begin(ctx, s, 3, "tails")
			if err != nil {
				t.Fatal(err)
			}
			u.Tails("rec/x/", "ix/t/")
			want := tailWork(t, s, u)
			// Per transaction: two tails (the first only), rec/x/001,
			// keep/a untouched, keep/b, rec/x/010 once.
			if got := undoRecords(t, s, 3); got > 4*2+3 {
				t.Errorf("%d undo records for 12,000 appended keys", got)
			}
			switch end {
			case "rollback":
				err = u.Rollback(ctx, nil)
			case "crash":
				err = Recover(ctx, s, nil)
			case "commit":
				err = u.Commit(ctx, nil)
				before = want
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := dump(t, s); !maps.Equal(got, before) {
				t.Errorf("after %s: %d keys, want %d", end, len(got), len(before))
			}
			assertNoJournal(t, s)
		})
	}
}

// A transaction that fails after it learned a tail's bound stores no tail
// record: the next one learns it again, and the rollback still restores.
func TestTailsFailedTransaction(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	before := seed(t, s)
	u, err := Begin(ctx, s, 4, "tails")
	if err != nil {
		t.Fatal(err)
	}
	u.Tails("rec/x/")
	failed := fmt.Errorf("failed")
	if err := u.Update(ctx, func(tx store.Tx) error {
		if err := tx.Put([]byte("rec/x/500"), nil); err != nil {
			return err
		}
		return failed
	}); err != failed {
		t.Fatal(err)
	}
	if err := u.Update(ctx, func(tx store.Tx) error { return tx.Put([]byte("rec/x/600"), nil) }); err != nil {
		t.Fatal(err)
	}
	if err := u.Rollback(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if got := dump(t, s); !maps.Equal(got, before) {
		t.Errorf("after rollback %v, want %v", got, before)
	}
}

// A key read as missing and then written in the same transaction reads
// back, whether the unit holds it or journals it as a tail.
func TestReadMissingWriteReadBack(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	seed(t, s)
	u, err := Begin(ctx, s, 5, "tails")
	if err != nil {
		t.Fatal(err)
	}
	u.Hold(1<<20, "ix/")
	u.Tails("rec/x/")
	if err := u.Update(ctx, func(tx store.Tx) error {
		for _, k := range []string{"ix/a", "rec/x/500"} {
			if _, err := tx.Get([]byte(k)); err != store.ErrNotFound {
				return fmt.Errorf("%s before: %v", k, err)
			}
			if err := tx.Put([]byte(k), []byte("v")); err != nil {
				return err
			}
			if v, err := tx.Get([]byte(k)); err != nil || string(v) != "v" {
				return fmt.Errorf("%s after the write: %q, %v", k, v, err)
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// With no temporary directory to spill to, a unit that holds applies its
// held writes whenever its budget fills, and lands the same store.
func TestHoldWithoutTempDir(t *testing.T) {
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
	want := committedWithoutHold(t, true)
	s := openStore(t)
	seed(t, s)
	u := beginHeld(t, s, 6, 1)
	work(t, u, true)
	if u.Spilled() || !u.noSpill {
		t.Fatalf("spilled %v, noSpill %v without a temporary directory", u.Spilled(), u.noSpill)
	}
	if err := u.Commit(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if got := dump(t, s); !maps.Equal(got, want) {
		t.Errorf("committed store: %d keys, want %d", len(got), len(want))
	}
}
