package bulk

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/deskctl/deskctl/internal/store"
	"github.com/deskctl/deskctl/internal/store/bolt/bolttest"
)

func openStore(t testing.TB) store.Store { return bolttest.Open(t) }

func dump(t *testing.T, s store.Store) map[string]string {
	t.Helper()
	out := map[string]string{}
	if err := s.View(context.Background(), func(tx store.Tx) error {
		return tx.Scan(nil, store.ScanOptions{}, func(k, v []byte) error {
			out[string(k)] = string(v)
			return nil
		})
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// recorder counts the store reads under it and keeps the keys written.
type recorder struct {
	store.Tx
	gets   int
	writes []string
}

func (r *recorder) Get(k []byte) ([]byte, error) { r.gets++; return r.Tx.Get(k) }
func (r *recorder) Put(k, v []byte) error {
	r.writes = append(r.writes, string(k))
	return r.Tx.Put(k, v)
}
func (r *recorder) Delete(k []byte) error {
	r.writes = append(r.writes, string(k))
	return r.Tx.Delete(k)
}

func update(t *testing.T, s store.Store, fn func(tx store.Tx) error) {
	t.Helper()
	if err := s.Update(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

// use runs fn in a transaction and tells b it committed.
func use(t *testing.T, s store.Store, b *Buffer, fn func(tx store.Tx) error) {
	t.Helper()
	update(t, s, fn)
	b.Done(nil)
}

func get(t *testing.T, tx store.Tx, key string) string {
	t.Helper()
	v, err := tx.Get([]byte(key))
	if errors.Is(err, store.ErrNotFound) {
		return "<absent>"
	}
	if err != nil {
		t.Fatal(err)
	}
	return string(v)
}

func TestViewHoldsCoveredWritesAndReadsThem(t *testing.T) {
	s := openStore(t)
	update(t, s, func(tx store.Tx) error {
		return errors.Join(tx.Put([]byte("ix/a/old"), []byte("1")), tx.Put([]byte("ix/a/gone"), []byte("2")))
	})
	before := dump(t, s)
	b := New("ix/a/")
	use(t, s, b, func(tx store.Tx) error {
		v := b.Wrap(tx, nil)
		for _, err := range []error{
			v.Put([]byte("ix/a/new"), []byte("n")),
			v.Put([]byte("ix/a/old"), []byte("changed")),
			v.Delete([]byte("ix/a/gone")),
			v.Put([]byte("rec/a/1"), []byte("straight")), // not covered
		} {
			if err != nil {
				return err
			}
		}
		for key, want := range map[string]string{"ix/a/new": "n", "ix/a/old": "changed", "ix/a/gone": "<absent>", "rec/a/1": "straight"} {
			if got := get(t, v, key); got != want {
				t.Errorf("Get(%s) through the view = %q, want %q", key, got, want)
			}
		}
		h := v.(store.AbsenceHinter)
		if !h.KnownAbsent([]byte("ix/a/gone")) || h.KnownAbsent([]byte("ix/a/new")) {
			t.Error("KnownAbsent does not answer from the held writes")
		}
		return nil
	})
	b.Done(nil)
	want := maps.Clone(before)
	want["rec/a/1"] = "straight"
	if got := dump(t, s); !maps.Equal(got, want) {
		t.Fatalf("held writes reached the store before a drain: %v", got)
	}
	use(t, s, b, func(tx store.Tx) error {
		empty, err := b.Drain(tx, 0)
		if !empty {
			t.Error("a full drain left writes held")
		}
		return err
	})
	want = map[string]string{"ix/a/new": "n", "ix/a/old": "changed", "rec/a/1": "straight"}
	if got := dump(t, s); !maps.Equal(got, want) {
		t.Fatalf("after the drain %v, want %v", got, want)
	}
}

func TestDrainWritesInKeyOrderOverSeveralTransactions(t *testing.T) {
	s := openStore(t)
	b := New("ix/")
	keys := make([]string, 200)
	for i := range keys {
		keys[i] = fmt.Sprintf("ix/k/%05d", i)
	}
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
	use(t, s, b, func(tx store.Tx) error {
		v := b.Wrap(tx, nil)
		for _, k := range keys {
			if err := v.Put([]byte(k), []byte("v-"+k)); err != nil {
				return err
			}
		}
		return nil
	})
	var written []string
	transactions := 0
	for empty := false; !empty; {
		use(t, s, b, func(tx store.Tx) error {
			r := &recorder{Tx: tx}
			var err error
			empty, err = b.Drain(r, 30)
			if len(r.writes) > 30 {
				t.Errorf("one drain wrote %d keys, more than its 30", len(r.writes))
			}
			written = append(written, r.writes...)
			return err
		})
		transactions++
	}
	if transactions != 7 {
		t.Errorf("200 keys drained 30 at a time took %d transactions, want 7", transactions)
	}
	if !slices.IsSorted(written) || len(written) != len(keys) {
		t.Errorf("the drain wrote %d keys, sorted: %v", len(written), slices.IsSorted(written))
	}
	if got := dump(t, s); len(got) != len(keys) || got[keys[0]] != "v-"+keys[0] {
		t.Errorf("store after the drain: %d keys", len(got))
	}
}

// A scan over held keys sees them (the buffer drains first), and the
// writes its callback makes are visible to the rest of the scan's
// transaction.
func TestScanOverHeldKeys(t *testing.T) {
	s := openStore(t)
	b := New("ix/")
	use(t, s, b, func(tx store.Tx) error {
		v := b.Wrap(tx, nil)
		for _, k := range []string{"ix/s/c", "ix/s/a", "ix/s/b"} {
			if err := v.Put([]byte(k), []byte(k)); err != nil {
				return err
			}
		}
		if err := v.Delete([]byte("ix/s/b")); err != nil {
			return err
		}
		var seen []string
		if err := v.Scan([]byte("ix/s/"), store.ScanOptions{}, func(k, _ []byte) error {
			seen = append(seen, string(k))
			return v.Put([]byte("ix/t/"+string(k[5:])), []byte("from scan"))
		}); err != nil {
			return err
		}
		if want := []string{"ix/s/a", "ix/s/c"}; !slices.Equal(seen, want) {
			t.Errorf("scan saw %v, want %v", seen, want)
		}
		if got := get(t, v, "ix/t/a"); got != "from scan" {
			t.Errorf("a write made in a scan's callback reads back as %q", got)
		}
		// Not overlapping the held prefix: no drain needed, none made.
		if err := v.Put([]byte("ix/u/x"), nil); err != nil {
			return err
		}
		if err := v.Scan([]byte("rec/"), store.ScanOptions{}, func(_, _ []byte) error { return nil }); err != nil {
			return err
		}
		if b.Empty() {
			t.Error("a scan outside the held prefixes drained the buffer")
		}
		return nil
	})
}

func TestFailedTransactionLosesTheBuffer(t *testing.T) {
	s := openStore(t)
	b := New("ix/")
	boom := errors.New("boom")
	err := s.Update(context.Background(), func(tx store.Tx) error {
		if err := b.Wrap(tx, nil).Put([]byte("ix/x"), []byte("1")); err != nil {
			return err
		}
		return boom
	})
	b.Done(err)
	if !errors.Is(b.Err(), ErrLost) {
		t.Fatalf("after a failed transaction that held a write, Err = %v", b.Err())
	}
	update(t, s, func(tx store.Tx) error {
		if err := b.Wrap(tx, nil).Put([]byte("ix/y"), nil); !errors.Is(err, ErrLost) {
			t.Errorf("Put on a lost buffer: %v", err)
		}
		if _, err := b.Drain(tx, 0); !errors.Is(err, ErrLost) {
			t.Errorf("Drain of a lost buffer: %v", err)
		}
		return nil
	})
	b.Discard()
	if b.Err() != nil || !b.Empty() {
		t.Error("Discard does not reset a lost buffer")
	}
	// A failed transaction that never used the buffer loses nothing.
	b.Wrap(nil, nil)
	b.Done(boom)
	if b.Err() != nil {
		t.Error("a failed transaction that did not use the buffer lost it")
	}
}

// Once LearnStored has run, the lookup of a key neither held nor stored
// is answered without a store read; stored and held keys still are found.
func TestFilterAnswersAbsentKeys(t *testing.T) {
	s := openStore(t)
	update(t, s, func(tx store.Tx) error {
		for i := range 100 {
			if err := tx.Put(fmt.Appendf(nil, "ix/f/stored%03d", i), []byte("s")); err != nil {
				return err
			}
		}
		return nil
	})
	b := New("ix/f/")
	if err := s.View(context.Background(), b.LearnStored); err != nil {
		t.Fatal(err)
	}
	use(t, s, b, func(tx store.Tx) error {
		r := &recorder{Tx: tx}
		v := b.Wrap(r, nil)
		if err := v.Put([]byte("ix/f/held"), []byte("h")); err != nil {
			return err
		}
		b.Drain(r, 0) // the held key is now stored, and must stay known
		r.gets = 0
		misses := 0
		for i := range 1000 {
			if got := get(t, v, fmt.Sprintf("ix/f/new%04d", i)); got != "<absent>" {
				t.Fatalf("new key reads %q", got)
			}
			if r.gets > 0 {
				misses++
				r.gets = 0
			}
		}
		if misses > 50 {
			t.Errorf("%d of 1000 absent keys were looked up in the store; the filter should answer ~99%%", misses)
		}
		for _, k := range []string{"ix/f/stored042", "ix/f/held"} {
			if got := get(t, v, k); got == "<absent>" {
				t.Errorf("%s, stored, reads as absent", k)
			}
		}
		return nil
	})
	use(t, s, b, func(tx store.Tx) error {
		if err := b.LearnStored(b.Wrap(tx, nil)); err != nil {
			t.Fatal(err)
		}
		b.Wrap(tx, nil).Put([]byte("ix/f/y"), nil)
		if err := b.LearnStored(tx); err != nil {
			t.Fatal(err)
		}
		if b.absent([]byte("ix/f/y")) {
			t.Error("a key held when LearnStored ran reads as absent")
		}
		if err := b.Spill(); err != nil {
			t.Fatal(err)
		}
		if err := b.LearnStored(tx); err == nil {
			t.Error("LearnStored with writes spilled succeeded")
		}
		return nil
	})
}

// A key rewritten with a value of the same length — a tally counted up
// for each row — keeps one record in memory; the newest value is what
// reads and the drain see. A delete, or a value of another length, is a
// record of its own.
func TestRewriteOfTheSameLengthTakesNoRoom(t *testing.T) {
	s := openStore(t)
	b := New("ix/")
	use(t, s, b, func(tx store.Tx) error {
		v := b.Wrap(tx, nil)
		for i := range 100 {
			if err := v.Put([]byte("ix/t/count"), fmt.Appendf(nil, "%03d", i)); err != nil {
				return err
			}
			if got := get(t, v, "ix/t/count"); got != fmt.Sprintf("%03d", i) {
				t.Fatalf("after writing %03d the count reads %q", i, got)
			}
		}
		one := b.Bytes()
		if err := v.Put([]byte("ix/t/count"), []byte("1000")); err != nil {
			return err
		}
		if err := v.Delete([]byte("ix/t/count")); err != nil {
			return err
		}
		if err := v.Put([]byte("ix/t/count"), []byte("abc")); err != nil {
			return err
		}
		if b.Bytes() == one || get(t, v, "ix/t/count") != "abc" {
			t.Errorf("after a longer value, a delete and a write: %d bytes held (one record: %d), count %q", b.Bytes(), one, get(t, v, "ix/t/count"))
		}
		if one > 2*(recordHeader+len("ix/t/count")+3) {
			t.Errorf("100 writes of one key hold %d bytes", one)
		}
		_, err := b.Drain(tx, 0)
		return err
	})
	if got := dump(t, s)["ix/t/count"]; got != "abc" {
		t.Errorf("stored count %q, want abc", got)
	}
}

// A first load — nothing stored under the prefixes — has its filter
// before its first lookup; a load into keys already stored waits for its
// budget to fill (LearnStored's scan costs what is stored).
func TestFilterAtOnceForAFirstLoad(t *testing.T) {
	s := openStore(t)
	update(t, s, func(tx store.Tx) error { return tx.Put([]byte("ix/other/k"), []byte("o")) })
	first := New("ix/f/", "ix/g/")
	use(t, s, first, func(tx store.Tx) error {
		if err := first.LearnNoneStored(tx); err != nil || !first.Filtered() {
			t.Fatalf("LearnNoneStored over empty prefixes: %v, filtered %v", err, first.Filtered())
		}
		r := &recorder{Tx: tx}
		if got := get(t, first.Wrap(r, nil), "ix/f/new"); got != "<absent>" || r.gets != 0 {
			t.Errorf("new key reads %q after %d store reads, want absent from the filter alone", got, r.gets)
		}
		return nil
	})
	update(t, s, func(tx store.Tx) error { return tx.Put([]byte("ix/g/k"), []byte("s")) })
	later := New("ix/f/", "ix/g/")
	use(t, s, later, func(tx store.Tx) error {
		if err := later.LearnNoneStored(tx); err != nil || later.Filtered() {
			t.Errorf("LearnNoneStored with ix/g/k stored: %v; filtered %v", err, later.Filtered())
		}
		if got := get(t, later.Wrap(tx, nil), "ix/g/k"); got != "s" {
			t.Errorf("stored key reads %q", got)
		}
		return nil
	})
}

// The buffer behaves as the store would, whatever the operations: a
// random walk of puts, deletes, reads, scans (From, Reverse, early stops),
// partial drains, a filter built half-way with writes held, spills every
// fourth round after it, and a full drain and a second filter at round
// 30, checked against a plain map, with every key hash the same (so that
// every key shares one chain) in one run.
func TestBufferAgreesWithModel(t *testing.T) {
	for _, collide := range []bool{false, true} {
		t.Run(fmt.Sprintf("collide=%v", collide), func(t *testing.T) {
			s := openStore(t)
			b := New("ix/m/")
			if collide {
				b.hash = func([]byte) uint64 { return 42 }
			}
			model := map[string]string{}
			rng := rand.New(rand.NewPCG(7, 9))
			key := func() string {
				if rng.IntN(5) == 0 {
					return fmt.Sprintf("rec/m/%02d", rng.IntN(30)) // not covered
				}
				return fmt.Sprintf("ix/m/%02d", rng.IntN(60))
			}
			for round := range 60 {
				use(t, s, b, func(tx store.Tx) error {
					v := b.Wrap(tx, nil)
					for range 20 {
						k := key()
						switch op := rng.IntN(10); {
						case op < 4:
							val := fmt.Sprintf("r%d-%d", round, rng.IntN(1000))
							model[k] = val
							if err := v.Put([]byte(k), []byte(val)); err != nil {
								return err
							}
						case op < 6:
							delete(model, k)
							if err := v.Delete([]byte(k)); err != nil {
								return err
							}
						case op < 9:
							want, ok := model[k]
							if !ok {
								want = "<absent>"
							}
							if got := get(t, v, k); got != want {
								t.Fatalf("round %d: Get(%s) = %q, want %q", round, k, got, want)
							}
						default:
							// A scan of all the held keys or of a few,
							// either way, from the start or a key on,
							// stopped early or not.
							prefix := []string{"ix/m/", "ix/m/1", "ix/m/3"}[rng.IntN(3)]
							opts := store.ScanOptions{Reverse: rng.IntN(2) == 0}
							if rng.IntN(2) == 0 {
								opts.From = []byte(key())
							}
							limit := 1 + rng.IntN(40)
							var got []string
							if err := v.Scan([]byte(prefix), opts, func(k, val []byte) error {
								got = append(got, string(k)+"="+string(val))
								if len(got) == limit {
									return store.ErrStop
								}
								return nil
							}); err != nil {
								return err
							}
							var want []string
							for k, val := range model {
								from, after := string(opts.From), k
								if opts.Reverse {
									from, after = k, string(opts.From)
								}
								if strings.HasPrefix(k, prefix) && (opts.From == nil || after >= from) {
									want = append(want, k+"="+val)
								}
							}
							slices.Sort(want)
							if opts.Reverse {
								slices.Reverse(want)
							}
							want = want[:min(len(want), limit)]
							if !slices.Equal(got, want) {
								t.Fatalf("round %d: scan %q %+v: %v, want %v", round, prefix, opts, got, want)
							}
						}
					}
					return nil
				})
				b.Done(nil)
				if round == 10 {
					if err := s.View(context.Background(), b.LearnStored); err != nil {
						t.Fatal(err)
					}
				}
				if round > 10 && round%4 == 1 {
					if err := b.Spill(); err != nil {
						t.Fatal(err)
					}
				}
				if round%7 == 6 {
					use(t, s, b, func(tx store.Tx) error {
						_, err := b.Drain(tx, 5)
						return err
					})
				}
				if round == 30 {
					for empty := b.Empty(); !empty; {
						use(t, s, b, func(tx store.Tx) error {
							var err error
							empty, err = b.Drain(tx, 0)
							return err
						})
					}
					if err := s.View(context.Background(), b.LearnStored); err != nil {
						t.Fatal(err)
					}
				}
			}
			for empty := b.Empty(); !empty; {
				use(t, s, b, func(tx store.Tx) error {
					var err error
					empty, err = b.Drain(tx, 7)
					return err
				})
			}
			if got := dump(t, s); !maps.Equal(got, model) {
				t.Errorf("store after the last drain differs from the model:\n got %v\nwant %v", got, model)
			}
		})
	}
}

// A scan over held keys late in a big load costs what it drains, not the
// size of the buffer's arena or table (a row that deactivates an account
// scans its children, for instance), and a value Get handed out before the
// drain stays as it was. Values come with no spare capacity: an append to
// one must not write over the next record.
func TestScanDrainKeepsValuesAndCostsLittle(t *testing.T) {
	s := openStore(t)
	b := New("ix/")
	use(t, s, b, func(tx store.Tx) error {
		v := b.Wrap(tx, nil)
		for i := range 100_000 {
			if err := v.Put(fmt.Appendf(nil, "ix/big/%06d", i), []byte("0123456789")); err != nil {
				return err
			}
		}
		return nil
	})
	for empty := false; !empty; {
		use(t, s, b, func(tx store.Tx) error {
			var err error
			empty, err = b.Drain(tx, 0)
			return err
		})
	}
	use(t, s, b, func(tx store.Tx) error {
		v := b.Wrap(tx, nil)
		if err := v.Put([]byte("ix/kept"), []byte("kept")); err != nil {
			return err
		}
		kept, err := v.Get([]byte("ix/kept"))
		if err != nil {
			return err
		}
		if cap(kept) != len(kept) {
			t.Errorf("a held value comes with %d bytes of spare capacity", cap(kept)-len(kept))
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for i := range 50 {
			if err := v.Put(fmt.Appendf(nil, "ix/one/%02d", i), []byte("x")); err != nil {
				return err
			}
			if err := v.Scan([]byte("ix/one/"), store.ScanOptions{}, func(_, _ []byte) error { return nil }); err != nil {
				return err
			}
		}
		runtime.ReadMemStats(&after)
		if perScan := (after.TotalAlloc - before.TotalAlloc) / 50; perScan > 64<<10 {
			t.Errorf("a scan draining one held key allocated %d bytes", perScan)
		}
		if string(kept) != "kept" {
			t.Errorf("a value read before a drain now reads %q", kept)
		}
		return nil
	})
}

// A transaction that used the buffer and never reported its outcome (its
// function panicked, or the store ran it twice) loses the buffer.
func TestUnreportedTransactionLosesTheBuffer(t *testing.T) {
	s := openStore(t)
	b := New("ix/")
	update(t, s, func(tx store.Tx) error { return b.Wrap(tx, nil).Put([]byte("ix/a"), nil) })
	b.Wrap(nil, nil)
	if !errors.Is(b.Err(), ErrLost) {
		t.Fatalf("Wrap after an unreported transaction: Err = %v", b.Err())
	}
}

// A key stored but not held — what an import that updates looks up — costs
// no read of the runs, however many there are: each run's filter answers.
func TestStoredKeyLookupSkipsRuns(t *testing.T) {
	s := openStore(t)
	b := New("ix/")
	update(t, s, func(tx store.Tx) error {
		for i := range 4000 {
			if err := tx.Put(fmt.Appendf(nil, "ix/a/%06d-stored", i), []byte("s")); err != nil {
				return err
			}
		}
		return nil
	})
	if err := s.View(context.Background(), b.LearnStored); err != nil {
		t.Fatal(err)
	}
	const runs = 40
	for r := range runs {
		use(t, s, b, func(tx store.Tx) error {
			v := b.Wrap(tx, nil)
			for i := range 200 { // held keys spread over the whole index
				if err := v.Put(fmt.Appendf(nil, "ix/a/%06d-held-%d", i*20, r), []byte("h")); err != nil {
					return err
				}
			}
			return nil
		})
		if err := b.Spill(); err != nil {
			t.Fatal(err)
		}
	}
	const gets = 1000
	use(t, s, b, func(tx store.Tx) error {
		v := b.Wrap(tx, nil)
		for i := range gets {
			if got := get(t, v, fmt.Sprintf("ix/a/%06d-stored", i*4)); got != "s" {
				t.Fatalf("got %q", got)
			}
		}
		if got := get(t, v, "ix/a/000020-held-7"); got != "h" {
			t.Fatalf("a spilled key: got %q", got)
		}
		return nil
	})
	// 1 % false positives per run: about 400 reads; without the filters,
	// 40,000.
	if b.spill.Reads() > gets*runs/20 {
		t.Errorf("%d reads of the runs for %d lookups of stored keys over %d runs", b.spill.Reads(), gets, runs)
	}
	b.Close()
	if _, err := b.Drain(nil, 0); !errors.Is(err, errClosed) {
		t.Errorf("Drain after Close: %v", err)
	}
}

// A load whose every transaction drains its held writes in a scan and then
// holds more keeps an arena the size of one transaction's writes, not of
// all of them.
func TestArenaStaysBoundedWhenScansDrain(t *testing.T) {
	s := openStore(t)
	b := New("ix/")
	for round := range 200 {
		use(t, s, b, func(tx store.Tx) error {
			v := b.Wrap(tx, nil)
			for i := range 100 {
				if err := v.Put(fmt.Appendf(nil, "ix/a/%03d-%03d", round, i), []byte("0123456789")); err != nil {
					return err
				}
			}
			if err := v.Scan([]byte("ix/a/"), store.ScanOptions{}, func(_, _ []byte) error { return store.ErrStop }); err != nil {
				return err
			}
			for i := range 100 {
				if err := v.Put(fmt.Appendf(nil, "ix/b/%03d-%03d", round, i), []byte("0123456789")); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if perTx := 100 * (recordHeader + 12 + 10); len(b.arena) > 3*perTx {
		t.Errorf("arena of %d bytes after 200 transactions of %d bytes each", len(b.arena), perTx)
	}
	for empty := false; !empty; {
		use(t, s, b, func(tx store.Tx) error {
			var err error
			empty, err = b.Drain(tx, 0)
			return err
		})
	}
	if got := len(dump(t, s)); got != 200*200 {
		t.Errorf("%d keys stored, want %d", got, 200*200)
	}
}
