package journal

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/bolt/bolttest"
	"github.com/deskctl/deskctl/internal/store/bulk"
)

func openStore(t *testing.T) store.Store { return bolttest.Open(t) }

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

// bigKey is the key number i that work writes in round when big: 5,000
// new ones a round, more than a drain transaction's drainBatch in two
// rounds (round 1's scan applies what rounds 0 and 1 held before it).
func bigKey(round, i int) string {
	return fmt.Sprintf("ix/big/%s-%d-%05d", strings.Repeat("k", 40), round, i)
}

// work writes, rewrites and deletes keys over several journaled
// transactions, reading its own writes and checking what it reads; big
// makes one transaction's undo records span several chunks. Round 1 also
// scans rec/x/ (a unit that holds rec/x/ applies its held writes in that
// transaction while nothing is spilled, and merges them with the store's
// keys once something is) and writes a key from inside the scan.
func work(t *testing.T, u *Unit, big bool) {
	t.Helper()
	ctx := context.Background()
	// deleted is what the rounds before left deleted under rec/x/.
	deleted := map[int]bool{}
	for i := range 50 {
		deleted[i] = i != 1 && i != 10 // the seeded keys
	}
	for round := range 3 {
		err := u.Update(ctx, func(tx store.Tx) error {
			for i := range 50 {
				k := []byte(fmt.Sprintf("rec/x/%03d", i))
				v, err := tx.Get(k)
				switch {
				case deleted[i] && !errors.Is(err, store.ErrNotFound):
					return fmt.Errorf("round %d: %s = %q, %v; want it absent", round, k, v, err)
				case deleted[i]:
				case err != nil:
					return fmt.Errorf("round %d: %s: %w", round, k, err)
				case round == 0 && string(v) != "before "+string(k),
					round > 0 && string(v) != fmt.Sprintf("w%d", round-1):
					return fmt.Errorf("round %d: %s = %q", round, k, v)
				}
				if err := tx.Put(k, []byte(fmt.Sprintf("v%d", round))); err != nil {
					return err
				}
				if err := tx.Put(k, []byte(fmt.Sprintf("w%d", round))); err != nil {
					return err
				}
				deleted[i] = false
			}
			// Deletes of keys written in this round, one of them seeded.
			for _, i := range []int{1 + round, 5 + 7*round} {
				if err := tx.Delete([]byte(fmt.Sprintf("rec/x/%03d", i))); err != nil {
					return err
				}
				deleted[i] = true
			}
			if err := tx.Delete([]byte("keep/a")); err != nil {
				return err
			}
			if err := tx.Put([]byte("ix/y/new"), []byte("n")); err != nil {
				return err
			}
			// A key new in each round, read back in the next one.
			if err := tx.Put([]byte(fmt.Sprintf("ix/y/r%d", round)), []byte{byte('0' + round)}); err != nil {
				return err
			}
			if round > 0 {
				k := fmt.Sprintf("ix/y/r%d", round-1)
				if v, err := tx.Get([]byte(k)); err != nil || string(v) != string(rune('0'+round-1)) {
					return fmt.Errorf("round %d: %s = %q, %v", round, k, v, err)
				}
			}
			if round == 0 {
				// More held writes than the later rounds make: a budget
				// between the two spills after round 0 only.
				for i := range 40 {
					if err := tx.Put([]byte(fmt.Sprintf("ix/y/pad%02d", i)), []byte("p")); err != nil {
						return err
					}
				}
			}
			if round == 2 {
				if v, err := tx.Get([]byte("ix/y/inscan")); err != nil || string(v) != "s" {
					return fmt.Errorf("round %d: ix/y/inscan = %q, %v", round, v, err)
				}
			}
			if round == 1 {
				n := 0
				err := tx.Scan([]byte("rec/x/"), store.ScanOptions{}, func(k, v []byte) error {
					var i int
					if _, err := fmt.Sscanf(string(k), "rec/x/%03d", &i); err != nil {
						return err
					}
					if deleted[i] || string(v) != "w1" {
						return fmt.Errorf("scan: %s = %q, deleted %v", k, v, deleted[i])
					}
					if n++; n == 1 {
						return tx.Put([]byte("ix/y/inscan"), []byte("s"))
					}
					return nil
				})
				if err != nil {
					return err
				}
				if want := 50 - 2; n != want {
					return fmt.Errorf("scan of rec/x/ saw %d keys, want %d", n, want)
				}
			}
			if big {
				for i := range 5000 {
					if err := tx.Put([]byte(bigKey(round, i)), nil); err != nil {
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

// holdBudgets are the memory budgets the tests of Hold run with: every
// transaction spills (and the first spill builds the filter of stored
// keys), only some do, none does before the commit.
var holdBudgets = []struct {
	name   string
	budget int
}{{"always", 1}, {"sometimes", 2000}, {"never", 1 << 30}}

// beginHeld opens a unit on s that holds ix/ and rec/x/ with budget.
func beginHeld(t *testing.T, s store.Store, id uint64, budget int) *Unit {
	t.Helper()
	u, err := Begin(context.Background(), s, id, "held")
	if err != nil {
		t.Fatal(err)
	}
	u.Hold(budget, "ix/", "rec/x/")
	return u
}

// checkDrains checks that the budget did what its name says: work spilled
// (and built the filter) or not, and left writes held for the commit.
func checkDrains(t *testing.T, u *Unit, name string, big bool) {
	t.Helper()
	filtered, spilled, held := u.held.Filtered(), u.held.Spilled(), !u.held.Empty()
	switch {
	case !held,
		name == "always" && (!filtered || !spilled),
		name == "sometimes" && !big && (!filtered || !spilled),
		name == "never" && (filtered || spilled):
		t.Fatalf("%s, big=%v: filter %v, spilled %v, writes held %v", name, big, filtered, spilled, held)
	}
}

func TestHoldRollbackRestores(t *testing.T) {
	for _, b := range holdBudgets {
		for _, big := range []bool{false, true} {
			s := openStore(t)
			before := seed(t, s)
			u := beginHeld(t, s, 7, b.budget)
			work(t, u, big)
			checkDrains(t, u, b.name, big)
			if b.name != "never" && maps.Equal(dump(t, s), before) {
				t.Fatalf("%s, big=%v: nothing reached the store", b.name, big)
			}
			if err := u.Rollback(context.Background(), nil); err != nil {
				t.Fatal(err)
			}
			if got := dump(t, s); !maps.Equal(got, before) {
				t.Errorf("%s, big=%v: after rollback %d keys, want %d: %v", b.name, big, len(got), len(before), got)
			}
			assertNoJournal(t, s)
		}
	}
}

// The process dies with writes held: they are lost with it, and Recover
// undoes the ones that reached the store.
func TestHoldRecoverAfterCrash(t *testing.T) {
	for _, b := range holdBudgets {
		for _, big := range []bool{false, true} {
			s := openStore(t)
			before := seed(t, s)
			u := beginHeld(t, s, 1, b.budget)
			work(t, u, big)
			checkDrains(t, u, b.name, big)
			// The process "dies" here: no Commit, no Rollback.
			if err := Recover(context.Background(), s, nil); err != nil {
				t.Fatal(err)
			}
			if got := dump(t, s); !maps.Equal(got, before) {
				t.Errorf("%s, big=%v: after recover %d keys, want %d: %v", b.name, big, len(got), len(before), got)
			}
			assertNoJournal(t, s)
		}
	}
}

// crashStore is a store whose process dies at its update number dieAt:
// that update and every one after fail without running.
type crashStore struct {
	store.Store
	updates, dieAt int
}

var errCrash = errors.New("the process died")

func (c *crashStore) Update(ctx context.Context, fn func(store.Tx) error) error {
	if c.updates++; c.dieAt > 0 && c.updates >= c.dieAt {
		return errCrash
	}
	return c.Store.Update(ctx, fn)
}

// The process dies while Commit applies the held writes, after the first
// of its transactions: Recover undoes the part that landed.
func TestHoldRecoverAfterCrashInCommit(t *testing.T) {
	s := openStore(t)
	before := seed(t, s)
	cs := &crashStore{Store: s}
	u := beginHeld(t, cs, 4, 1<<30)
	work(t, u, true) // more than drainBatch keys held: Commit drains in two transactions
	cs.dieAt = cs.updates + 2
	if err := u.Commit(context.Background(), nil); !errors.Is(err, errCrash) {
		t.Fatalf("commit: %v, want the crash", err)
	}
	// The first drain transaction applied the lowest keys; the process
	// died before the rest.
	mid := dump(t, s)
	if _, ok := mid[bigKey(1, 0)]; !ok {
		t.Fatal("the first drain transaction did not land: the crash came too early")
	}
	if _, ok := mid[bigKey(2, 4999)]; ok {
		t.Fatal("every held write landed: the crash came too late")
	}
	if err := Recover(context.Background(), s, nil); err != nil {
		t.Fatal(err)
	}
	if got := dump(t, s); !maps.Equal(got, before) {
		t.Errorf("after recover %d keys, want %d", len(got), len(before))
	}
	assertNoJournal(t, s)
}

// committedWithoutHold is the store that work commits on a unit that
// holds nothing.
func committedWithoutHold(t *testing.T, big bool) map[string]string {
	t.Helper()
	plain := openStore(t)
	seed(t, plain)
	u, err := Begin(context.Background(), plain, 2, "plain")
	if err != nil {
		t.Fatal(err)
	}
	work(t, u, big)
	if err := u.Commit(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	return dump(t, plain)
}

// A unit that holds its writes commits exactly what one that does not
// commits.
func TestHoldCommitSameAsWithout(t *testing.T) {
	for _, big := range []bool{false, true} {
		want := committedWithoutHold(t, big)
		for _, b := range holdBudgets {
			s := openStore(t)
			seed(t, s)
			u := beginHeld(t, s, 2, b.budget)
			work(t, u, big)
			checkDrains(t, u, b.name, big)
			if err := u.Commit(context.Background(), nil); err != nil {
				t.Fatal(err)
			}
			if got := dump(t, s); !maps.Equal(got, want) {
				for k, v := range want {
					if g, ok := got[k]; !ok || g != v {
						t.Errorf("%s, big=%v: %s = %q (present %v), want %q", b.name, big, k, g, ok, v)
					}
				}
				for k, v := range got {
					if _, ok := want[k]; !ok {
						t.Errorf("%s, big=%v: extra key %s = %q", b.name, big, k, v)
					}
				}
			}
			assertNoJournal(t, s)
		}
	}
}

// A transaction that fails after it wrote held keys loses them (they
// were held while the store rolled the transaction back): the unit
// refuses to go on or to commit, with bulk.ErrLost, and rolls back to the
// state before it.
func TestHoldFailedTransactionLosesTheUnit(t *testing.T) {
	for _, b := range holdBudgets {
		failHeld(t, "write, "+b.name, b.budget, true, putHeld)
	}
}

// A transaction that scans a held prefix applies every held write in
// that transaction (bulk's view.Scan) and empties the buffer: if it then
// fails, the store rolls the applied writes back, and they are lost as
// surely as in TestHoldFailedTransactionLosesTheUnit — though nothing is
// left held, the commit must refuse. Once writes were spilled, a scan
// applies nothing and its failure loses nothing.
func TestHoldFailedScanLosesTheUnit(t *testing.T) {
	for _, b := range holdBudgets {
		failHeld(t, "write then scan, "+b.name, b.budget, true, func(tx store.Tx) error {
			if err := putHeld(tx); err != nil {
				return err
			}
			return scanHeld(tx)
		})
		failHeld(t, "scan only, "+b.name, b.budget, false, scanHeld)
	}
}

func putHeld(tx store.Tx) error { return tx.Put([]byte("ix/y/failed"), []byte("f")) }

func scanHeld(tx store.Tx) error {
	return tx.Scan([]byte("ix/"), store.ScanOptions{}, func(_, _ []byte) error { return nil })
}

// failHeld runs work on a unit that holds with budget, then a transaction
// that runs fn (which writes held keys or not) and fails, and checks that
// the unit is lost — unless fn only scanned with nothing held, which
// loses nothing — and that a rollback restores the store.
func failHeld(t *testing.T, name string, budget int, writes bool, fn func(store.Tx) error) {
	t.Helper()
	ctx := context.Background()
	errFn := errors.New("the batch failed")
	s := openStore(t)
	before := seed(t, s)
	u := beginHeld(t, s, 9, budget)
	work(t, u, false)
	// A scan applies the writes held in memory in its own transaction,
	// unless some were spilled: it then merges them with the store's keys
	// and applies nothing.
	lost := writes || (!u.held.Empty() && !u.held.Spilled())
	err := u.Update(ctx, func(tx store.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return errFn
	})
	if !errors.Is(err, errFn) {
		t.Fatalf("%s: failing update: %v", name, err)
	}
	if !lost {
		if err := u.Update(ctx, func(tx store.Tx) error { return tx.Put([]byte("ix/y/next"), nil) }); err != nil {
			t.Errorf("%s: the update after a failure that lost nothing: %v", name, err)
		}
	} else {
		if err := u.Update(ctx, func(tx store.Tx) error { return tx.Put([]byte("ix/y/next"), nil) }); !errors.Is(err, bulk.ErrLost) {
			t.Errorf("%s: the update after the failure: %v, want ErrLost", name, err)
		}
		if err := u.Commit(ctx, nil); !errors.Is(err, bulk.ErrLost) {
			t.Errorf("%s: commit after the failure: %v, want ErrLost", name, err)
			if err == nil {
				// Committed: how much of the work did the store lose?
				want := committedWithoutHold(t, false)
				got, differ := dump(t, s), 0
				for k, v := range want {
					if w, ok := got[k]; !ok || w != v {
						differ++
					}
				}
				t.Errorf("%s: the committed store differs from the work's in %d of %d keys", name, differ, len(want))
				return
			}
		}
	}
	if err := u.Rollback(ctx, nil); err != nil {
		t.Fatalf("%s: rollback: %v", name, err)
	}
	if got := dump(t, s); !maps.Equal(got, before) {
		t.Errorf("%s: after rollback %d keys, want %d: %v", name, len(got), len(before), got)
	}
	assertNoJournal(t, s)
}

// A transaction that fails without touching the held writes costs the
// unit nothing: it goes on and commits what it would have without the
// failure.
func TestHoldFailedTransactionWithoutHeldWrites(t *testing.T) {
	ctx := context.Background()
	want := committedWithoutHold(t, false)
	for _, b := range holdBudgets {
		s := openStore(t)
		seed(t, s)
		u := beginHeld(t, s, 3, b.budget)
		errFn := errors.New("the batch failed")
		// Writes outside the held prefixes and reads of held keys only.
		if err := u.Update(ctx, func(tx store.Tx) error {
			if err := tx.Put([]byte("keep/b"), []byte("b")); err != nil {
				return err
			}
			if _, err := tx.Get([]byte("rec/x/001")); err != nil {
				return err
			}
			return errFn
		}); !errors.Is(err, errFn) {
			t.Fatalf("%s: %v", b.name, err)
		}
		work(t, u, false)
		if err := u.Commit(ctx, nil); err != nil {
			t.Fatalf("%s: commit: %v", b.name, err)
		}
		if got := dump(t, s); !maps.Equal(got, want) {
			t.Errorf("%s: the store differs from the one committed without holding", b.name)
		}
	}
}
